// A throwaway dockerd for tests that must stop, restart or reconfigure an engine: scripts/engine.sh in its own folder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '..', '..', '..', 'scripts', 'engine.sh');

export class IsolatedEngine {
  private constructor(
    readonly dir: string,
    private readonly extraArgs: string,
    private host: string,
  ) {}

  /** Why another engine cannot be started here, or undefined when it can. */
  static skipReason(): string | undefined {
    if (process.platform !== 'linux') return 'isolated engines need Linux';
    if (process.getuid?.() !== 0) return 'starting another dockerd needs root';
    const onPath = (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(resolve(dir, 'dockerd')));
    if (!onPath) return 'dockerd is not installed (scripts/engine.sh install)';
    return undefined;
  }

  /** `dir` must stay short: the socket path inside it must fit in 108 bytes. */
  static async start(dir: string, extraArgs = ''): Promise<IsolatedEngine> {
    const engine = new IsolatedEngine(dir, extraArgs, '');
    await engine.startAgain();
    return engine;
  }

  get dockerHost(): string {
    return this.host;
  }

  /** A client of this engine (by its socket, whatever DOCKER_HOST says). */
  docker(): Docker {
    return new Docker({ socketPath: this.host.replace(/^unix:\/\//, '') });
  }

  async startAgain(): Promise<void> {
    const { stdout } = await run('bash', [SCRIPT, 'start'], { env: this.env(), timeout: 60_000 });
    const match = /export DOCKER_HOST=(\S+)/.exec(stdout);
    if (!match?.[1]) throw new Error(`scripts/engine.sh start printed no DOCKER_HOST: ${stdout}`);
    this.host = match[1];
  }

  /** Leaves no daemon, container, mount or folder behind. */
  async stop(): Promise<void> {
    await run('bash', [SCRIPT, 'stop'], { env: this.env(), timeout: 60_000 });
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, ENGINE_DIR: this.dir, DOCKERD_EXTRA_ARGS: this.extraArgs };
  }
}
