// Where an engine listens when nothing names one: the first socket that exists among the usual places of Docker
// (system, rootless, Desktop) and Podman (rootless, system); the named pipe on Windows. The docker CLI itself only
// tries /var/run/docker.sock; looking further spares rootless, Desktop and Podman users a setting.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface DefaultSocketInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  /** Prefix of the system-wide paths (/var/run, /run); '/' unless a test points it at a temp folder. */
  readonly rootDir?: string | undefined;
}

export interface DefaultSocket {
  readonly address: string;
  /** Names what was found, e.g. "rootless Docker's socket /run/user/1000/docker.sock". */
  readonly detail: string;
  /** Set when no socket exists and the address is a guess. */
  readonly warning: string | undefined;
}

export async function findDefaultSocket(input: DefaultSocketInput): Promise<DefaultSocket> {
  if (input.platform === 'win32') {
    // Named pipes cannot be probed like files from every Node build; the CLI does not probe either.
    return { address: 'npipe:////./pipe/docker_engine', detail: 'the default Windows named pipe //./pipe/docker_engine', warning: undefined };
  }
  const root = input.rootDir ?? '/';
  const xdg = input.env.XDG_RUNTIME_DIR;
  const candidates: Array<readonly [label: string, socket: string]> = [['the system Docker socket', path.join(root, 'var/run/docker.sock')]];
  if (xdg) candidates.push(["rootless Docker's socket", path.join(xdg, 'docker.sock')]);
  candidates.push(["Docker Desktop's socket", path.join(input.homeDir, '.docker/run/docker.sock')]);
  if (xdg) candidates.push(["rootless Podman's socket", path.join(xdg, 'podman/podman.sock')]);
  candidates.push(["Podman's system socket", path.join(root, 'run/podman/podman.sock')]);
  for (const [label, socket] of candidates) {
    if (await isSocket(socket)) return { address: `unix://${socket}`, detail: `${label} ${socket}`, warning: undefined };
  }
  const [, fallback] = candidates[0] ?? ['', '/var/run/docker.sock'];
  return {
    address: `unix://${fallback}`,
    detail: `the default socket ${fallback}, though it does not exist`,
    warning: `No Docker or Podman socket found (looked for ${candidates.map(([, s]) => s).join(', ')}); trying ${fallback}. Start Docker or Podman, or set berth.docker.host.`,
  };
}

/** A socket, not just any path: a bind mount of a missing socket leaves a directory named docker.sock behind. */
async function isSocket(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isSocket();
  } catch {
    return false;
  }
}
