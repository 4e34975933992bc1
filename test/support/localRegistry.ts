// A real image registry for push tests: Debian's docker-registry (distribution 2.8) on 127.0.0.1 and a free port,
// storing blobs in a temporary folder, optionally behind htpasswd (bcrypt) basic auth. The engine may push to it
// over plain HTTP because Docker treats 127.0.0.0/8 as an insecure registry by default.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REGISTRY = '/usr/bin/docker-registry';
const HTPASSWD = '/usr/bin/htpasswd';

export interface RegistryUser {
  readonly username: string;
  readonly password: string;
}

export interface Manifest {
  /** The registry's Docker-Content-Digest header. */
  readonly digest: string;
  readonly mediaType: string;
  readonly configDigest: string;
  readonly layers: number;
}

export class LocalRegistry {
  private constructor(
    readonly address: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly user: RegistryUser | undefined,
  ) {}

  /** Why no registry can be started here, or undefined when it can (installing Debian's packages as root). */
  static skipReason(): string | undefined {
    if (process.platform !== 'linux') return 'the local registry needs Linux (Debian docker-registry)';
    if (existsSync(REGISTRY) && existsSync(HTPASSWD)) return undefined;
    if (process.getuid?.() !== 0) return 'docker-registry or htpasswd is missing and installing them needs root';
    return undefined;
  }

  static async start(user?: RegistryUser): Promise<LocalRegistry> {
    await ensurePackages();
    const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const lines = [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${address}`,
      `  secret: ${randomBytes(16).toString('hex')}`,
    ];
    if (user) {
      const { stdout } = await run(HTPASSWD, ['-Bbn', user.username, user.password]);
      writeFileSync(join(dir, 'htpasswd'), stdout);
      lines.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${join(dir, 'htpasswd')}`);
    }
    writeFileSync(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
    const child = spawn(REGISTRY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const registry = new LocalRegistry(address, dir, child, user);
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
      const status = await fetch(`http://${address}/v2/`).then((r) => r.status, () => 0);
      if (status === 200 || status === 401) return registry;
      if (Date.now() > deadline) {
        await registry.stop();
        throw new Error(`docker-registry did not answer on ${address}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Reads a manifest back through the registry API (v2 and OCI media types accepted). */
  async manifest(repository: string, tag: string): Promise<Manifest> {
    const headers: Record<string, string> = {
      Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    };
    if (this.user) headers.Authorization = `Basic ${Buffer.from(`${this.user.username}:${this.user.password}`).toString('base64')}`;
    const response = await fetch(`http://${this.address}/v2/${repository}/manifests/${tag}`, { headers });
    if (!response.ok) throw new Error(`GET manifest ${repository}:${tag}: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { mediaType?: string; config?: { digest?: string }; layers?: unknown[] };
    return {
      digest: response.headers.get('docker-content-digest') ?? '',
      mediaType: body.mediaType ?? response.headers.get('content-type') ?? '',
      configDigest: body.config?.digest ?? '',
      layers: body.layers?.length ?? 0,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function ensurePackages(): Promise<void> {
  if (existsSync(REGISTRY) && existsSync(HTPASSWD)) return;
  // As scripts/engine.sh does: the package's postinst must not start a system-wide registry.
  if (!existsSync('/usr/sbin/policy-rc.d')) writeFileSync('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = ['-y', '-qq', '-o', 'DPkg::Lock::Timeout=600', '--no-install-recommends'];
  try {
    await run('apt-get', ['install', ...apt, 'docker-registry', 'apache2-utils'], { env, timeout: 600_000 });
  } catch {
    await run('apt-get', ['update', '-qq'], { env, timeout: 600_000 });
    await run('apt-get', ['install', ...apt, 'docker-registry', 'apache2-utils'], { env, timeout: 600_000 });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
