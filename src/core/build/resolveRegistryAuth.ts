// The credentials the docker CLI would use for an image's registry, read the same way: `credHelpers[registry]`,
// then `credsStore`, both through their `docker-credential-<name>` binaries (execFile, the server URL on stdin),
// then `auths` in config.json. The result is only ever handed to the engine, never printed.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DOCKER_HUB, parseImageReference } from './parseImageReference';

/** What the engine's X-Registry-Auth header carries (dockerode's `authconfig`). */
export interface RegistryAuth {
  readonly serveraddress: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

export interface ResolveRegistryAuthOptions {
  /** Where to look for `docker-credential-*` (PATH); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Told when a configured helper cannot be used; the lookup then goes on as the CLI does, without credentials. */
  readonly onWarning?: (message: string) => void;
}

/** The key the CLI files Docker Hub credentials under. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set(['index.docker.io', 'docker.io', 'registry-1.docker.io']);

interface ConfigAuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

interface DockerConfigFile {
  readonly auths?: Readonly<Record<string, ConfigAuthEntry>>;
  readonly credsStore?: string;
  readonly credHelpers?: Readonly<Record<string, string>>;
}

/** `image` is any reference (`127.0.0.1:5000/team/app:1`, `ubuntu`); `dockerConfigDir` is `$DOCKER_CONFIG` or `~/.docker`. */
export async function resolveRegistryAuth(image: string, dockerConfigDir: string, options: ResolveRegistryAuthOptions = {}): Promise<RegistryAuth | undefined> {
  const { domain } = parseImageReference(image);
  const serverAddress = domain === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : domain;
  const configFile = path.join(dockerConfigDir, 'config.json');
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await readFile(configFile, 'utf8')) as DockerConfigFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    options.onWarning?.(`${configFile} could not be read (${error instanceof Error ? error.message : String(error)}): pushing without credentials.`);
    return undefined;
  }
  if (typeof config !== 'object' || (config as unknown) === null) return undefined;

  const helper = findEntry(config.credHelpers, serverAddress) ?? config.credsStore;
  if (typeof helper === 'string' && helper.trim()) {
    const fromHelper = await askHelper(helper.trim(), serverAddress, options);
    if (fromHelper) return fromHelper;
    // The CLI reads `auths` only without a helper; with a broken one it has nothing either, but a plain entry
    // is still the user's stated credential, so it is worth a try.
  }
  const entry = findEntry(config.auths, serverAddress);
  return entry ? fromConfigEntry(entry, serverAddress) : undefined;
}

function findEntry<T>(map: Readonly<Record<string, T>> | undefined, serverAddress: string): T | undefined {
  if (!map || typeof map !== 'object') return undefined;
  if (Object.hasOwn(map, serverAddress)) return map[serverAddress];
  const wanted = hostOf(serverAddress);
  const hub = HUB_ALIASES.has(wanted);
  for (const [key, value] of Object.entries(map)) {
    const host = hostOf(key);
    if (host === wanted || (hub && HUB_ALIASES.has(host))) return value;
  }
  return undefined;
}

/** The CLI's ConvertToHostname: scheme and path dropped. */
function hostOf(address: string): string {
  return address.replace(/^[a-z]+:\/\//iu, '').split('/')[0] ?? '';
}

function fromConfigEntry(entry: ConfigAuthEntry, serveraddress: string): RegistryAuth | undefined {
  let username = entry.username;
  let password = entry.password;
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  const auth: RegistryAuth = { serveraddress, username, password, identitytoken: entry.identitytoken, registrytoken: entry.registrytoken };
  return auth.username || auth.identitytoken || auth.registrytoken ? withoutEmpty(auth) : undefined;
}

function withoutEmpty(auth: RegistryAuth): RegistryAuth {
  return Object.fromEntries(Object.entries(auth).filter(([, v]) => typeof v === 'string' && v !== '')) as unknown as RegistryAuth;
}

/** Runs `docker-credential-<helper> get`; undefined when it has nothing for this registry or cannot run. */
function askHelper(helper: string, serverAddress: string, options: ResolveRegistryAuthOptions): Promise<RegistryAuth | undefined> {
  const warn = options.onWarning ?? (() => undefined);
  if (!/^[A-Za-z0-9_.-]+$/u.test(helper)) {
    warn(`The credential helper name "${helper}" in config.json is not a plain name: it was not run.`);
    return Promise.resolve(undefined);
  }
  const program = `docker-credential-${helper}`;
  return new Promise((resolve) => {
    const child = execFile(
      program,
      ['get'],
      { env: { ...(options.env ?? process.env) }, timeout: options.timeoutMs ?? 10_000, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        const out = stdout;
        if (error) {
          const said = `${out}\n${stderr}`;
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') warn(`The credential helper ${program} (named in config.json) is not on PATH: pushing without credentials.`);
          else if (!/credentials not found/iu.test(said)) warn(`The credential helper ${program} failed (${error.killed ? 'timed out' : `exit code ${String(error.code)}`}): pushing without credentials.`);
          resolve(undefined);
          return;
        }
        try {
          const parsed = JSON.parse(out) as { Username?: unknown; Secret?: unknown };
          const username = typeof parsed.Username === 'string' ? parsed.Username : '';
          const secret = typeof parsed.Secret === 'string' ? parsed.Secret : '';
          if (!secret) {
            resolve(undefined);
            return;
          }
          // The helpers' convention for an identity token (OAuth refresh token) instead of a password.
          resolve(username === '<token>' ? { serveraddress: serverAddress, identitytoken: secret } : { serveraddress: serverAddress, username, password: secret });
        } catch {
          warn(`The credential helper ${program} answered something that is not JSON: pushing without credentials.`);
          resolve(undefined);
        }
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(serverAddress);
  });
}
