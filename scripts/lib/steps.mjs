// Steps shared by the project's entry scripts (npm test, npm run sandbox, npm run bench). Node built-ins only:
// these run before `npm ci` has installed anything.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command with inherited output; resolves with its exit code. Arguments are an array: no shell. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function mustRun(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

/** Records how long each phase took, for the table printed at the end. */
export class Phases {
  constructor(tag) {
    this.tag = tag;
    this.done = [];
  }

  async run(name, fn) {
    console.log(`\n[${this.tag}] ── ${name}`);
    const started = Date.now();
    try {
      return await fn();
    } finally {
      const seconds = (Date.now() - started) / 1000;
      this.done.push({ name, seconds });
      console.log(`[${this.tag}] ${name}: ${seconds.toFixed(1)} s`);
    }
  }

  print() {
    console.log(`\n[${this.tag}] phase durations`);
    for (const p of this.done) console.log(`  ${p.name.padEnd(52)} ${p.seconds.toFixed(1).padStart(7)} s`);
    console.log(`  ${'total'.padEnd(52)} ${this.done.reduce((s, p) => s + p.seconds, 0).toFixed(1).padStart(7)} s`);
  }
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export async function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) {
    console.log('node_modules is up to date with package-lock.json');
    return;
  }
  await mustRun('npm', ['ci', '--no-audit', '--no-fund']);
}

/** True when a Docker engine answers /_ping at a unix:// or tcp:// address (loopback or the user's own host). */
export function pingEngine(address) {
  return new Promise((resolve) => {
    let options;
    if (address.startsWith('unix://')) options = { socketPath: address.slice('unix://'.length), path: '/_ping' };
    else if (address.startsWith('tcp://')) {
      const url = new URL(address.replace(/^tcp:/, 'http:'));
      options = { host: url.hostname, port: url.port || 2375, path: '/_ping' };
    } else {
      resolve(false);
      return;
    }
    const req = request({ ...options, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** Starts scripts/engine.sh's isolated engine (or finds it running) and returns its DOCKER_HOST. */
export async function startIsolatedEngine() {
  const { spawnSync } = await import('node:child_process');
  const out = spawnSync('bash', [join(root, 'scripts', 'engine.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const match = /export DOCKER_HOST=(\S+)/.exec(out.stdout);
  if (out.status !== 0 || !match?.[1]) throw new Error('scripts/engine.sh start failed');
  return match[1];
}

export function stopIsolatedEngine() {
  return run('bash', [join(root, 'scripts', 'engine.sh'), 'stop']);
}

/** The workbench and a fresh build and .vsix: what the sandbox and the benchmarks start from. */
export async function prepareWorkbenchAndPackage(phases) {
  await phases.run('VS Code workbench (code-server)', () => mustRun('bash', [join(root, 'scripts', 'workbench.sh'), 'install']));
  await phases.run('build and package', async () => {
    await mustRun(process.execPath, [join(root, 'esbuild.mjs')]);
    await mustRun('npm', ['run', '--silent', 'package']);
  });
}

/**
 * The engine at DOCKER_HOST (or the default socket) when it answers; else, when `startIfNone`, the isolated test engine
 * (installed first). `startedHere` says whether the caller must stop it.
 */
export async function findOrStartEngine(startIfNone) {
  const dockerHost = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  if (await pingEngine(dockerHost)) return { dockerHost, startedHere: false, answering: true };
  if (!startIfNone) return { dockerHost, startedHere: false, answering: false };
  await mustRun('bash', [join(root, 'scripts', 'engine.sh'), 'install']);
  return { dockerHost: await startIsolatedEngine(), startedHere: true, answering: true };
}
