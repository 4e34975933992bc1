// Gives commands and views a dockerode client for the engine the settings and environment point at.
// dockerode is loaded on first use, never at activation.
import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { resolveEngineAddress, toDockerOptions, type EngineAddress } from '../../core/engine/engineAddress';

export interface DockerConnection {
  readonly docker: Docker;
  readonly where: EngineAddress;
}

export class DockerClientProvider implements vscode.Disposable {
  private cached: { key: string; connection: DockerConnection } | undefined;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('berth.docker')) this.cached = undefined;
    });
  }

  /** Throws EngineAddressError when the configured address is unusable. */
  get(): DockerConnection {
    const where = resolveEngineAddress({
      // In an untrusted workspace the workspace's own value of this restricted setting is not applied by VS Code.
      setting: vscode.workspace.getConfiguration('berth.docker').get<string>('host'),
      env: process.env,
      platform: process.platform,
    });
    const key = `${where.source}|${where.address}`;
    if (this.cached?.key === key) return this.cached.connection;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred load keeps activation cheap
    const DockerCtor = require('dockerode') as typeof Docker;
    const connection: DockerConnection = { docker: new DockerCtor(toDockerOptions(where.address, process.env)), where };
    this.cached = { key, connection };
    return connection;
  }

  dispose(): void {
    this.listener.dispose();
  }
}
