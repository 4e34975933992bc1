// Whether the docker CLI is there and what it can do (buildx for BuildKit, the compose plugin), asked with execFile
// (never a shell) and a timeout, without contacting an engine.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';

export interface DockerCli {
  /** Absolute path of the `docker` executable, undefined when none is on PATH. */
  readonly docker: string | undefined;
  /** `28.2.2`, from `docker --version`. */
  readonly version: string | undefined;
  readonly buildx: boolean;
  readonly compose: boolean;
  /** The standalone Compose V1 `docker-compose` (Debian's docker-compose package) when the V2 plugin is missing. */
  readonly composeStandalone?: string;
  /**
   * Variables to add to the CLI's environment for a build. Without buildx the CLI is told to use the classic
   * builder outright: otherwise some versions refuse (`BuildKit is enabled but the buildx component is missing`).
   */
  readonly buildEnv: Readonly<Record<string, string>>;
}

export interface DetectDockerCliOptions {
  readonly timeoutMs?: number;
  readonly platform?: NodeJS.Platform;
}

export async function detectDockerCli(env: Readonly<Record<string, string | undefined>>, options: DetectDockerCliOptions = {}): Promise<DockerCli> {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? 5000;
  const docker = await findOnPath('docker', env, platform);
  if (!docker) return { docker: undefined, version: undefined, buildx: false, compose: false, buildEnv: {} };
  const run = (args: string[]) => runQuietly(docker, args, env, timeoutMs);
  const [version, buildx, compose] = await Promise.all([run(['--version']), run(['buildx', 'version']), run(['compose', 'version'])]);
  const versionMatch = version.ok ? /version\s+v?([0-9][^\s,]*)/iu.exec(version.stdout) : null;
  const standalone = compose.ok ? undefined : await findOnPath('docker-compose', env, platform);
  const standaloneWorks = standalone !== undefined && (await runQuietly(standalone, ['version', '--short'], env, timeoutMs)).ok;
  return {
    docker,
    version: versionMatch?.[1],
    buildx: buildx.ok,
    compose: compose.ok,
    ...(standaloneWorks ? { composeStandalone: standalone } : {}),
    buildEnv: buildx.ok ? {} : { DOCKER_BUILDKIT: '0' },
  };
}

async function findOnPath(name: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): Promise<string | undefined> {
  const separator = platform === 'win32' ? ';' : ':';
  const names = platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name];
  const dirs = (env.PATH ?? env.Path ?? '').split(separator).filter((d) => d && path.isAbsolute(d));
  for (const dir of dirs) {
    for (const candidate of names) {
      const file = path.join(dir, candidate);
      try {
        await access(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return file;
      } catch {
        // not here; next folder
      }
    }
  }
  return undefined;
}

function runQuietly(file: string, args: string[], env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<{ ok: boolean; stdout: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { ...env }, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 64 * 1024 }, (error, stdout) => {
      resolve({ ok: !error, stdout });
    });
  });
}
