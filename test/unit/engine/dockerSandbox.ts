// A throwaway home, DOCKER_CONFIG, XDG_RUNTIME_DIR and system root with real files and real unix sockets, for the
// connection tests. The context hash is computed here on its own, not with the code under test.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolveConnectionInput } from '../../../src/core/engine/resolveConnection';

export const CA = '-----BEGIN CERTIFICATE-----\nZmFrZSBjYQ==\n-----END CERTIFICATE-----\n';
export const CERT = '-----BEGIN CERTIFICATE-----\nZmFrZSBjZXJ0\n-----END CERTIFICATE-----\n';
export const KEY = '-----BEGIN PRIVATE KEY-----\nZmFrZSBrZXk=\n-----END PRIVATE KEY-----\n';

export function contextHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

export class DockerSandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-conn-'));
  readonly home = this.mkdir('home');
  readonly dockerConfig = this.mkdir('home/.docker');
  readonly xdg = this.mkdir('xdg');
  readonly rootDir = this.mkdir('root');
  private readonly servers: net.Server[] = [];

  get configFile(): string {
    return path.join(this.dockerConfig, 'config.json');
  }

  mkdir(relative: string): string {
    const full = path.join(this.dir, relative);
    fs.mkdirSync(full, { recursive: true });
    return full;
  }

  /** The input resolveConnection gets, with DOCKER_CONFIG and XDG_RUNTIME_DIR pointing into the sandbox. */
  input(env: Record<string, string | undefined> = {}, settings: ResolveConnectionInput['settings'] = {}, platform: NodeJS.Platform = 'linux'): ResolveConnectionInput {
    return { settings, env: { DOCKER_CONFIG: this.dockerConfig, XDG_RUNTIME_DIR: this.xdg, ...env }, platform, homeDir: this.home, rootDir: this.rootDir };
  }

  writeConfig(content: unknown): void {
    fs.writeFileSync(this.configFile, typeof content === 'string' ? content : JSON.stringify(content));
  }

  metaDir(name: string): string {
    return path.join(this.dockerConfig, 'contexts', 'meta', contextHash(name));
  }

  metaFile(name: string): string {
    return path.join(this.metaDir(name), 'meta.json');
  }

  tlsDir(name: string): string {
    return path.join(this.dockerConfig, 'contexts', 'tls', contextHash(name), 'docker');
  }

  /** A context as `docker context create` writes it; meta may be raw text to corrupt it. */
  writeContext(name: string, meta: { host?: string; description?: string; skipTlsVerify?: boolean } | string, tls: Record<string, string> = {}): void {
    fs.mkdirSync(this.metaDir(name), { recursive: true });
    const json =
      typeof meta === 'string'
        ? meta
        : JSON.stringify({
            Name: name,
            Metadata: meta.description === undefined ? {} : { Description: meta.description },
            Endpoints: { docker: { Host: meta.host, SkipTLSVerify: meta.skipTlsVerify ?? false } },
          });
    fs.writeFileSync(this.metaFile(name), json);
    if (Object.keys(tls).length > 0) this.writeFiles(this.tlsDir(name), tls);
  }

  writeFiles(dir: string, files: Record<string, string>): string {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  /** A real listening unix socket, so that the code under test sees what a running engine leaves behind. */
  async socket(file: string): Promise<string> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const server = net.createServer();
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, resolve);
    });
    return file;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
