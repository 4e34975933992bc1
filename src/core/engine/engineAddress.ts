// Where the Docker Engine is, and how dockerode reaches it. A first cut of the CLI's order (the setting, then
// DOCKER_HOST, then the platform's default socket); contexts and TLS material come with the connection work.
import type { DockerOptions } from 'dockerode';

export type EngineAddressSource = 'setting' | 'DOCKER_HOST' | 'default';

export interface EngineAddress {
  /** The address as the user would write it in DOCKER_HOST. */
  readonly address: string;
  readonly source: EngineAddressSource;
}

export class EngineAddressError extends Error {
  constructor(readonly address: string, reason: string) {
    super(`Cannot use the Docker Engine address "${address}": ${reason}.`);
    this.name = 'EngineAddressError';
  }
}

export function defaultEngineAddress(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

export function resolveEngineAddress(input: {
  readonly setting?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}): EngineAddress {
  const setting = input.setting?.trim();
  if (setting) return { address: setting, source: 'setting' };
  const fromEnv = input.env.DOCKER_HOST?.trim();
  if (fromEnv) return { address: fromEnv, source: 'DOCKER_HOST' };
  return { address: defaultEngineAddress(input.platform), source: 'default' };
}

/** Turns a DOCKER_HOST-style address into dockerode options. Throws EngineAddressError on what it cannot use. */
export function toDockerOptions(address: string, env: Readonly<Record<string, string | undefined>> = {}): DockerOptions {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new EngineAddressError(address, 'it is not a URL such as unix:///var/run/docker.sock or tcp://host:2375');
  }
  switch (url.protocol) {
    case 'unix:': {
      const socketPath = decodeURIComponent(url.pathname);
      if (!socketPath || socketPath === '/') throw new EngineAddressError(address, 'it names no socket path');
      return { socketPath };
    }
    case 'npipe:': {
      // npipe:////./pipe/docker_engine -> //./pipe/docker_engine
      const pipe = address.slice('npipe://'.length).replace(/^\/\/\//, '//').replace(/\//g, '\\');
      return { socketPath: pipe };
    }
    case 'tcp:':
    case 'http:':
    case 'https:': {
      if (!url.hostname) throw new EngineAddressError(address, 'it names no host');
      const tls = url.protocol === 'https:';
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
      return { protocol: tls ? 'https' : 'http', host: url.hostname, port };
    }
    case 'ssh:': {
      if (!url.hostname) throw new EngineAddressError(address, 'it names no host');
      const options: DockerOptions = { protocol: 'ssh', host: url.hostname, port: url.port ? Number(url.port) : 22 };
      if (url.username) options.username = decodeURIComponent(url.username);
      // As the docker CLI does, authenticate through the user's ssh agent when one runs.
      if (env.SSH_AUTH_SOCK) options.sshOptions = { agent: env.SSH_AUTH_SOCK };
      return options;
    }
    default:
      throw new EngineAddressError(address, `the scheme "${url.protocol}" is not one of unix, npipe, tcp, http, https, ssh`);
  }
}
