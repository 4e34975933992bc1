// Starts and stops the real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3 with the Node extension host)
// and Debian's chromium driven by playwright-core. Used by the integration launcher, the e2e tests, the
// benchmarks and the sandbox. Everything binds to 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';

export const repoRoot = resolve(__dirname, '..', '..', '..');

export function codeServerBinary(): string {
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'workbench.sh'), 'path'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`code-server is not installed: ${result.stderr.trim()} (run scripts/workbench.sh install)`);
  return result.stdout.trim();
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Settings that keep the workbench quiet and deterministic: no welcome page, no update or telemetry traffic. */
export function writeQuietSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    // Tests start engines that listen (a swarm on 2377): no "application running on port" prompts or port probes.
    'remote.autoForwardPorts': false,
    ...extra,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Isolates code-server's own files (config, caches) in a folder of the run, not under $HOME. */
export function workbenchEnv(stateDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    XDG_CONFIG_HOME: join(stateDir, 'config'),
    XDG_DATA_HOME: join(stateDir, 'data'),
    XDG_CACHE_HOME: join(stateDir, 'cache'),
    // No extension gallery: the workbench would otherwise look up open-vsx.org, and tests talk to loopback only.
    EXTENSIONS_GALLERY: '{}',
  };
}

export function installVsix(vsix: string, userDataDir: string, extensionsDir: string, stateDir: string): void {
  const result = spawnSync(
    codeServerBinary(),
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: workbenchEnv(stateDir), timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
}

export interface RunningWorkbench {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Folder for code-server's XDG config/data/cache. */
  readonly stateDir: string;
  readonly port?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Where code-server's own output goes; default: kept in memory and shown if it fails to start. */
  readonly onOutput?: (chunk: string) => void;
}

export async function startCodeServer(options: StartOptions): Promise<RunningWorkbench> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.userDataDir, { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
  ];
  let output = '';
  const child = spawn(codeServerBinary(), args, {
    env: workbenchEnv(options.stateDir, options.env ?? process.env),
    detached: true, // its own process group, so stop() ends code-server and every host it started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onChunk = (chunk: Buffer): void => {
    const text = chunk.toString();
    if (options.onOutput) options.onOutput(text);
    else output = (output + text).slice(-20_000);
  };
  child.stdout.on('data', onChunk);
  child.stderr.on('data', onChunk);
  const url = `http://127.0.0.1:${port}/`;

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, process: child, stop };
}

export function chromiumPath(): string {
  return process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The workbench URL that runs an extension-host test suite, as `@vscode/test-electron` does on the desktop. */
export function payloadUrl(workbench: RunningWorkbench, options: {
  readonly folder: string;
  readonly extensionDevelopmentPaths: readonly string[];
  readonly extensionTestsPath?: string;
}): string {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${workbench.port}${resolve(path)}`;
  const payload: [string, string][] = options.extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `${workbench.url}?folder=${encodeURIComponent(resolve(options.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export function folderUrl(workbench: RunningWorkbench, folder: string): string {
  return `${workbench.url}?folder=${encodeURIComponent(resolve(folder))}`;
}
