// Engine addresses as the docker CLI writes them (DOCKER_HOST syntax), and how dockerode reaches one.
// resolveConnection.ts decides WHICH address is in play; this module only reads and translates one.
import { Agent as HttpsAgent } from 'node:https';
import type { DockerOptions } from 'dockerode';

export class EngineAddressError extends Error {
  constructor(
    readonly address: string,
    /** Why the address cannot be used, without the address itself: "it names no host". */
    readonly reason: string,
  ) {
    super(`Cannot use the Docker Engine address "${address}": ${reason}.`);
    this.name = 'EngineAddressError';
  }
}

/** TLS for a tcp:// engine: PEM contents, not paths, so that dockerode needs no file access of its own. */
export interface EngineTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** false = encrypt but accept any server certificate (the CLI's DOCKER_TLS without DOCKER_TLS_VERIFY, or a context's SkipTLSVerify). */
  readonly verify: boolean;
}

export interface DockerOptionsExtras {
  readonly tls?: EngineTls | undefined;
  /** An ssh private key (PEM text) for ssh:// when no agent is available. */
  readonly sshPrivateKey?: string | undefined;
}

/** dockerode options plus the https agent docker-modem forwards to each request (absent from @types/dockerode). */
export type EngineDockerOptions = DockerOptions & { agent?: HttpsAgent };

export function defaultEngineAddress(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

/**
 * Brings a DOCKER_HOST-style value into the canonical form the docker CLI gives it (opts/hosts.go ParseHost), so
 * that Berth and the CLI reach the same engine: no scheme means tcp (unix for a path), an empty unix:// or npipe://
 * means the default socket or pipe, and tcp without a port means 2375, with or without TLS. Other schemes pass
 * through for toDockerOptions to accept or refuse.
 */
export function normalizeDockerHost(value: string, platform: NodeJS.Platform): string {
  const host = value.trim();
  if (!host) return defaultEngineAddress(platform);
  const schemeEnd = host.indexOf('://');
  const scheme = schemeEnd < 0 ? (host.startsWith('/') || host.startsWith('./') ? 'unix' : 'tcp') : host.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd < 0 ? host : host.slice(schemeEnd + 3);
  switch (scheme) {
    case 'unix':
      return `unix://${rest || '/var/run/docker.sock'}`;
    case 'npipe':
      return `npipe://${rest || '//./pipe/docker_engine'}`;
    case 'tcp': {
      if (!rest) return 'tcp://localhost:2375';
      if (rest.includes('://')) throw new EngineAddressError(value, 'it has two schemes');
      let url: URL;
      try {
        url = new URL(`tcp://${rest}`);
      } catch {
        throw new EngineAddressError(value, 'it is not a host[:port] such as tcp://build-box:2376');
      }
      const hostname = url.hostname || 'localhost';
      const path = url.pathname === '/' ? '' : url.pathname;
      return `tcp://${hostname}:${url.port || '2375'}${path}`;
    }
    default:
      return host;
  }
}

/** Turns a DOCKER_HOST-style address into dockerode options. Throws EngineAddressError on what it cannot use. */
export function toDockerOptions(address: string, env: Readonly<Record<string, string | undefined>> = {}, extras: DockerOptionsExtras = {}): EngineDockerOptions {
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
      const tls = extras.tls;
      const https = url.protocol === 'https:' || tls !== undefined;
      const port = url.port ? Number(url.port) : https ? 2376 : 2375;
      const options: EngineDockerOptions = { protocol: https ? 'https' : 'http', host: url.hostname, port };
      if (tls?.ca !== undefined) options.ca = tls.ca;
      if (tls?.cert !== undefined) options.cert = tls.cert;
      if (tls?.key !== undefined) options.key = tls.key;
      // docker-modem has no rejectUnauthorized option but forwards an agent, whose options win over the request's.
      if (tls?.verify === false) options.agent = new HttpsAgent({ rejectUnauthorized: false });
      return options;
    }
    case 'ssh:': {
      if (!url.hostname) throw new EngineAddressError(address, 'it names no host');
      const options: EngineDockerOptions = { protocol: 'ssh', host: url.hostname, port: url.port ? Number(url.port) : 22 };
      // ssh2 refuses to connect without a user name; ssh itself would use the local one.
      const username = url.username ? decodeURIComponent(url.username) : env.USER || env.LOGNAME || env.USERNAME;
      if (username) options.username = username;
      // As the docker CLI does, authenticate through the user's ssh agent when one runs.
      if (env.SSH_AUTH_SOCK) options.sshOptions = { agent: env.SSH_AUTH_SOCK };
      else if (extras.sshPrivateKey !== undefined) options.sshOptions = { privateKey: extras.sshPrivateKey };
      return options;
    }
    default:
      throw new EngineAddressError(address, `the scheme "${url.protocol}" is not one of unix, npipe, tcp, http, https, ssh`);
  }
}
