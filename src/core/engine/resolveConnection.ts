// Which Docker Engine Berth talks to, decided the way the docker CLI decides it, and the dockerode options that
// reach it; or a ConnectionError naming the setting, variable or file at fault and what to do about it.
import * as path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { ConnectionError, type ConnectionSource } from './connectionError';
import { DockerContextStore } from './dockerContextStore';
import { EngineAddressError, normalizeDockerHost, toDockerOptions, type EngineTls } from './engineAddress';
import { findDefaultSocket } from './findDefaultSocket';
import { DEFAULT_CONTEXT, pickDockerContext, type DockerContextChoice } from './pickDockerContext';
import { readLocalFile } from './readLocalFile';

export { ConnectionError, type ConnectionSource } from './connectionError';

/** berth.docker.host / berth.docker.context: Berth's stand-ins for the CLI's --host and --context. */
export interface ConnectionSettings {
  readonly host?: string;
  readonly context?: string;
}

export interface ResolveConnectionInput {
  readonly settings: ConnectionSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  /** Prefix of the system-wide socket paths (/var/run, /run); '/' unless a test points it at a temp folder. */
  readonly rootDir?: string;
}

export interface TlsMaterial extends EngineTls {
  /** The folder the PEM files were read from. */
  readonly from: string;
}

export interface ResolvedConnection {
  /** unix:///…, tcp://host:port, ssh://user@host, npipe:////./pipe/… */
  readonly address: string;
  readonly source: ConnectionSource;
  /** 'default' when no context is in play, else the context's name. */
  readonly contextName: string | undefined;
  /** Where the address came from, e.g. `context "gpu-box" (currentContext in /home/u/.docker/config.json)`. */
  readonly sourceDetail: string;
  readonly tls: TlsMaterial | undefined;
  /** Ready for `new Docker(...)`: PEM contents rather than paths, protocol https under TLS. */
  readonly dockerOptions: DockerOptions;
  readonly warnings: readonly string[];
}

/**
 * docker-modem reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH from process.env on its own and lays the
 * options it is given over what it found there. Naming every connection key, undefined when unused, keeps the
 * environment out: otherwise a socket from a setting or a context loses to the host in DOCKER_HOST.
 */
const OVER_MODEM_ENV_DEFAULTS: DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  username: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
};

/** The keys ssh would offer by default, in its order; Berth can only offer one to ssh2. */
const SSH_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** Throws ConnectionError for anything it cannot use; never reaches out to the engine. */
export async function resolveConnection(input: ResolveConnectionInput): Promise<ResolvedConnection> {
  const store = new DockerContextStore(input.env, input.homeDir);
  const choice = await pickDockerContext(input, store);
  const warnings = [...choice.warnings];
  if (choice.source === 'setting') {
    const host = input.settings.host?.trim() ?? '';
    const subject = `The berth.docker.host setting "${host}"`;
    const address = normalize(host, input.platform, 'setting', subject);
    return finish(input, warnings, { address, source: 'setting', contextName: DEFAULT_CONTEXT, sourceDetail: 'the berth.docker.host setting', tls: undefined, subject });
  }
  if (choice.name !== DEFAULT_CONTEXT && (choice.source === 'setting-context' || choice.source === 'DOCKER_CONTEXT' || choice.source === 'config-context')) {
    return fromContext(input, store, { ...choice, source: choice.source }, warnings);
  }
  // The default context: DOCKER_HOST with the CLI's TLS variables, else the default socket.
  const via = choice.source !== undefined && choice.source !== 'DOCKER_HOST' ? `, for context "${DEFAULT_CONTEXT}" (${choice.origin})` : '';
  if (input.env.DOCKER_HOST?.trim()) return fromDockerHost(input, store, via, warnings);
  const socket = await findDefaultSocket(input);
  if (socket.warning) warnings.push(socket.warning);
  if (input.env.DOCKER_TLS_VERIFY || input.env.DOCKER_TLS) {
    warnings.push('DOCKER_TLS_VERIFY or DOCKER_TLS is set without DOCKER_HOST: the docker CLI would then connect to tcp://localhost:2376, Berth uses the default socket.');
  }
  return finish(input, warnings, {
    address: socket.address,
    source: 'default-socket',
    contextName: DEFAULT_CONTEXT,
    sourceDetail: `${socket.detail}${via}`,
    tls: undefined,
    subject: `The default socket ${socket.address}`,
  });
}

type ContextSource = 'setting-context' | 'DOCKER_CONTEXT' | 'config-context';

async function fromContext(
  input: ResolveConnectionInput,
  store: DockerContextStore,
  choice: DockerContextChoice & { readonly source: ContextSource },
  warnings: string[],
): Promise<ResolvedConnection> {
  const { name, source } = choice;
  const subject = `Docker context "${name}" (${choice.origin})`;
  const fail = (reason: string, file: string): ConnectionError => new ConnectionError(source, `${subject} cannot be used: ${reason}.`, undefined, file);
  const read = await store.readContext(name);
  if (!read.ok) throw fail(read.missing ? `it does not exist (no ${read.file})` : read.reason, read.file);
  const { docker, metaFile } = read.value;
  if ('problem' in docker) throw fail(docker.problem, metaFile);
  let address: string;
  if (docker.host) {
    address = normalize(docker.host, input.platform, source, subject);
  } else {
    // A context without a host gets the client's built-in default from the CLI.
    const socket = await findDefaultSocket(input);
    if (socket.warning) warnings.push(socket.warning);
    warnings.push(`Docker context "${name}" names no docker host; using ${socket.detail}.`);
    address = socket.address;
  }
  let tls: TlsMaterial | undefined;
  if (isTcp(address)) {
    // Like the CLI (context/docker/load.go): TLS when the store holds any PEM for the context, or SkipTLSVerify asks for it.
    const folder = store.tlsDir(name);
    const pems = await readPems(folder, false, fail, warnings);
    if (pems.ca !== undefined || pems.cert !== undefined || pems.key !== undefined || docker.skipTlsVerify) {
      tls = { ...pems, verify: !docker.skipTlsVerify, from: folder };
    }
  }
  return finish(input, warnings, { address, source, contextName: name, sourceDetail: `context "${name}" (${choice.origin})`, tls, subject });
}

async function fromDockerHost(input: ResolveConnectionInput, store: DockerContextStore, via: string, warnings: string[]): Promise<ResolvedConnection> {
  const raw = input.env.DOCKER_HOST?.trim() ?? '';
  const subject = `DOCKER_HOST "${raw}"`;
  const address = normalize(raw, input.platform, 'DOCKER_HOST', subject);
  // The CLI's flags: DOCKER_TLS_VERIFY (any non-empty value, even "0") means TLS and verify; DOCKER_TLS means TLS alone.
  const asking = input.env.DOCKER_TLS_VERIFY ? 'DOCKER_TLS_VERIFY' : input.env.DOCKER_TLS ? 'DOCKER_TLS' : undefined;
  let tls: TlsMaterial | undefined;
  if (asking && isTcp(address)) {
    const folder = input.env.DOCKER_CERT_PATH || store.configDir;
    const fail = (reason: string, file: string): ConnectionError =>
      new ConnectionError(
        'DOCKER_HOST',
        `${subject} cannot be used: ${asking} asks for TLS, but ${reason}.`,
        `Put the engine's ca.pem (with cert.pem and key.pem for a client certificate) in ${folder}, point DOCKER_CERT_PATH at the folder that holds them, or unset ${asking}.`,
        file,
      );
    // The CLI requires ca.pem and skips a missing cert.pem or key.pem (cli/flags/options.go SetDefaultOptions).
    tls = { ...(await readPems(folder, true, fail, warnings)), verify: asking === 'DOCKER_TLS_VERIFY', from: folder };
  }
  const sourceDetail = `the DOCKER_HOST environment variable${tls ? `, with TLS material from ${tls.from}` : ''}${via}`;
  return finish(input, warnings, { address, source: 'DOCKER_HOST', contextName: DEFAULT_CONTEXT, sourceDetail, tls, subject });
}

interface Resolution {
  readonly address: string;
  readonly source: ConnectionSource;
  readonly contextName: string;
  readonly sourceDetail: string;
  readonly tls: TlsMaterial | undefined;
  /** The start of an error message about this address: `DOCKER_HOST "ftp://x"`. */
  readonly subject: string;
}

async function finish(input: ResolveConnectionInput, warnings: string[], r: Resolution): Promise<ResolvedConnection> {
  const sshPrivateKey = scheme(r.address) === 'ssh' && !input.env.SSH_AUTH_SOCK ? await findSshPrivateKey(input.homeDir, warnings) : undefined;
  let options: DockerOptions;
  try {
    options = toDockerOptions(r.address, input.env, { tls: r.tls, sshPrivateKey });
  } catch (error) {
    if (error instanceof EngineAddressError) throw new ConnectionError(r.source, `${r.subject} cannot be used: ${error.reason}.`);
    throw error;
  }
  return {
    address: r.address,
    source: r.source,
    contextName: r.contextName,
    sourceDetail: r.sourceDetail,
    tls: r.tls,
    dockerOptions: { ...OVER_MODEM_ENV_DEFAULTS, ...options },
    warnings,
  };
}

function normalize(raw: string, platform: NodeJS.Platform, source: ConnectionSource, subject: string): string {
  try {
    return normalizeDockerHost(raw, platform);
  } catch (error) {
    if (error instanceof EngineAddressError) throw new ConnectionError(source, `${subject} cannot be used: ${error.reason}.`);
    throw error;
  }
}

function scheme(address: string): string {
  return address.slice(0, Math.max(0, address.indexOf('://'))).toLowerCase();
}

function isTcp(address: string): boolean {
  return ['tcp', 'http', 'https'].includes(scheme(address));
}

/** ca.pem, cert.pem and key.pem from one folder; a file that exists but cannot be read is an error, never skipped. */
async function readPems(
  folder: string,
  caRequired: boolean,
  fail: (reason: string, file: string) => ConnectionError,
  warnings: string[],
): Promise<Pick<EngineTls, 'ca' | 'cert' | 'key'>> {
  const read = async (name: string, required: boolean): Promise<string | undefined> => {
    const file = path.join(folder, name);
    const result = await readLocalFile(file);
    if (result.state === 'read') return result.text;
    if (result.state === 'unusable') throw fail(result.reason, file);
    if (required) throw fail(`${file} does not exist`, file);
    return undefined;
  };
  const [ca, cert, key] = await Promise.all([read('ca.pem', caRequired), read('cert.pem', false), read('key.pem', false)]);
  if ((cert === undefined) !== (key === undefined)) {
    const [has, lacks] = cert === undefined ? ['key.pem', 'cert.pem'] : ['cert.pem', 'key.pem'];
    warnings.push(`${folder} holds ${has} but no ${lacks}, so no client certificate is sent (as with the docker CLI); an engine that requires one will refuse the connection.`);
  }
  const pems: { ca?: string; cert?: string; key?: string } = {};
  if (ca !== undefined) pems.ca = ca;
  if (cert !== undefined && key !== undefined) {
    pems.cert = cert;
    pems.key = key;
  }
  return pems;
}

/**
 * The docker CLI runs the ssh binary, which offers the agent and then the default keys. Without an agent, ssh2
 * needs a key handed to it: the first default key that exists and is not protected by a passphrase.
 */
async function findSshPrivateKey(homeDir: string, warnings: string[]): Promise<string | undefined> {
  for (const name of SSH_KEY_NAMES) {
    const file = path.join(homeDir, '.ssh', name);
    const read = await readLocalFile(file);
    if (read.state === 'missing') continue;
    if (read.state === 'unusable') {
      warnings.push(`Skipping the ssh key ${read.reason}.`);
      continue;
    }
    if (isPassphraseProtected(read.text)) {
      warnings.push(`Skipping the ssh key ${file}: it is protected by a passphrase, which Berth cannot ask for. Add it to an ssh agent (ssh-add) and start VS Code where SSH_AUTH_SOCK is set.`);
      continue;
    }
    return read.text;
  }
  warnings.push(`No ssh agent (SSH_AUTH_SOCK is not set) and no usable key among ${SSH_KEY_NAMES.map((n) => path.join(homeDir, '.ssh', n)).join(', ')}: the ssh connection will likely be refused.`);
  return undefined;
}

/** Legacy PEM keys say so in a header; OpenSSH keys name their cipher right after the magic ("none" when clear). */
function isPassphraseProtected(keyText: string): boolean {
  if (keyText.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(keyText)) return true;
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(keyText)?.[1];
  if (body === undefined) return false;
  const bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (bytes.length < magic.length + 4 || bytes.toString('latin1', 0, magic.length) !== magic) return false;
  const cipherLength = bytes.readUInt32BE(magic.length);
  return bytes.toString('latin1', magic.length + 4, magic.length + 4 + cipherLength) !== 'none';
}
