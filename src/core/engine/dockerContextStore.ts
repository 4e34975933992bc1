// The docker CLI's own files, found where the CLI finds them ($DOCKER_CONFIG, else ~/.docker): config.json for
// currentContext, and the context store, where a context lives under the sha256 of its name:
// contexts/meta/<hash>/meta.json and contexts/tls/<hash>/docker/{ca,cert,key}.pem.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readLocalFile } from './readLocalFile';

export interface DockerContextMeta {
  readonly name: string;
  /** Metadata.Description, '' when there is none. */
  readonly description: string;
  /** The docker endpoint, or why the context has none Berth can use. Host '' means the CLI's built-in default. */
  readonly docker: { readonly host: string; readonly skipTlsVerify: boolean } | { readonly problem: string };
  readonly metaFile: string;
}

/** A read that can fail; every reason starts with the file at fault. */
export type StoreRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly missing: boolean; readonly reason: string; readonly file: string };

export class DockerContextStore {
  readonly configDir: string;
  readonly configFile: string;

  constructor(env: Readonly<Record<string, string | undefined>>, homeDir: string) {
    // Like the CLI (cli/config.Dir): DOCKER_CONFIG as given, no ~ expansion; empty means unset.
    this.configDir = env.DOCKER_CONFIG || path.join(homeDir, '.docker');
    this.configFile = path.join(this.configDir, 'config.json');
  }

  metaFile(name: string): string {
    return path.join(this.metaRoot(), contextId(name), 'meta.json');
  }

  tlsDir(name: string): string {
    return path.join(this.configDir, 'contexts', 'tls', contextId(name), 'docker');
  }

  /** config.json's currentContext; undefined when the file or the field is absent or empty. */
  async readCurrentContext(): Promise<StoreRead<string | undefined>> {
    const file = this.configFile;
    const json = await readJsonObject(file);
    if (!json.ok) return json.missing ? { ok: true, value: undefined } : json;
    const current = json.value.currentContext;
    if (current === undefined || current === null || current === '') return { ok: true, value: undefined };
    if (typeof current !== 'string') return { ok: false, missing: false, reason: `${file} has a currentContext that is not a string`, file };
    return { ok: true, value: current };
  }

  async readContext(name: string): Promise<StoreRead<DockerContextMeta>> {
    const file = this.metaFile(name);
    const json = await readJsonObject(file);
    return json.ok ? { ok: true, value: toMeta(json.value, name, file) } : json;
  }

  /** Every stored context, in folder order; the ones that cannot be read come back as failed reads. */
  async readAllContexts(): Promise<Array<StoreRead<DockerContextMeta>>> {
    let folders: string[];
    try {
      folders = (await fs.readdir(this.metaRoot(), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return []; // no context store yet: only the implicit default context exists
    }
    const reads = await Promise.all(
      folders.map(async (folder) => {
        const file = path.join(this.metaRoot(), folder, 'meta.json');
        const json = await readJsonObject(file);
        return json.ok ? ({ ok: true, value: toMeta(json.value, folder, file) } as const) : json;
      }),
    );
    // A folder without meta.json is not a context (the CLI's store skips it too).
    return reads.filter((r) => r.ok || !r.missing);
  }

  private metaRoot(): string {
    return path.join(this.configDir, 'contexts', 'meta');
  }
}

/** The CLI's context id: the hex sha256 of the name (digest.FromString(name).Encoded()). */
function contextId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

async function readJsonObject(file: string): Promise<StoreRead<Record<string, unknown>>> {
  const read = await readLocalFile(file);
  if (read.state === 'missing') return { ok: false, missing: true, reason: `${file} does not exist`, file };
  if (read.state === 'unusable') return { ok: false, missing: false, reason: read.reason, file };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    return { ok: false, missing: false, reason: `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, file };
  }
  if (!isRecord(value)) return { ok: false, missing: false, reason: `${file} does not hold a JSON object`, file };
  return { ok: true, value };
}

function toMeta(json: Record<string, unknown>, fallbackName: string, metaFile: string): DockerContextMeta {
  const name = typeof json.Name === 'string' && json.Name ? json.Name : fallbackName;
  const metadata = isRecord(json.Metadata) ? json.Metadata : {};
  const description = typeof metadata.Description === 'string' ? metadata.Description : '';
  const endpoints = isRecord(json.Endpoints) ? json.Endpoints : {};
  const docker = endpoints.docker;
  return { name, description, docker: toEndpoint(docker, metaFile), metaFile };
}

function toEndpoint(docker: unknown, metaFile: string): DockerContextMeta['docker'] {
  if (!isRecord(docker)) return { problem: `${metaFile} has no docker endpoint (Endpoints.docker)` };
  const host = docker.Host ?? '';
  if (typeof host !== 'string') return { problem: `${metaFile} has an Endpoints.docker.Host that is not a string` };
  return { host, skipTlsVerify: docker.SkipTLSVerify === true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
