// The docker contexts a "switch context" picker offers: the implicit "default" plus every stored context, with
// the one Berth would use marked current, like `docker context ls`.
import { DockerContextStore } from './dockerContextStore';
import { normalizeDockerHost } from './engineAddress';
import { findDefaultSocket } from './findDefaultSocket';
import { DEFAULT_CONTEXT, pickDockerContext } from './pickDockerContext';
import type { ResolveConnectionInput } from './resolveConnection';

export interface DockerContextInfo {
  readonly name: string;
  /** Metadata.Description; for "default", the CLI's own wording. */
  readonly description: string;
  /** The docker endpoint as stored ('' when unknown); for "default", DOCKER_HOST or the default socket. */
  readonly host: string;
  /** The context Berth would use now. None is current while berth.docker.host is set. */
  readonly current: boolean;
  /** Why the context cannot be used (unreadable meta.json, no docker endpoint, or it does not exist); offer it disabled. */
  readonly problem: string | undefined;
}

/** "default" first, then by name. Throws ConnectionError (source 'config') when config.json is unusable. */
export async function listDockerContexts(input: ResolveConnectionInput): Promise<DockerContextInfo[]> {
  const store = new DockerContextStore(input.env, input.homeDir);
  const choice = await pickDockerContext(input, store);
  const currentName = choice.source === 'setting' ? undefined : choice.name;
  const contexts: DockerContextInfo[] = [];
  for (const read of await store.readAllContexts()) {
    if (read.ok) {
      const { name, description, docker } = read.value;
      const problem = 'problem' in docker ? docker.problem : undefined;
      contexts.push({ name, description, host: 'problem' in docker ? '' : docker.host, current: name === currentName, problem });
    } else {
      // A meta.json that cannot be parsed has no name to show: its folder (the name's sha256) stands in.
      const folder = read.file.split(/[\\/]/).at(-2) ?? read.file;
      contexts.push({ name: folder, description: '', host: '', current: false, problem: read.reason });
    }
  }
  contexts.sort((a, b) => a.name.localeCompare(b.name));
  if (currentName !== undefined && currentName !== DEFAULT_CONTEXT && !contexts.some((c) => c.name === currentName)) {
    const metaFile = store.metaFile(currentName);
    contexts.unshift({ name: currentName, description: '', host: '', current: true, problem: `it does not exist (no ${metaFile}); it is named by ${choice.origin}` });
  }
  return [
    { name: DEFAULT_CONTEXT, description: 'Current DOCKER_HOST based configuration', host: await defaultHost(input), current: currentName === DEFAULT_CONTEXT, problem: undefined },
    ...contexts,
  ];
}

async function defaultHost(input: ResolveConnectionInput): Promise<string> {
  const dockerHost = input.env.DOCKER_HOST?.trim();
  if (!dockerHost) return (await findDefaultSocket(input)).address;
  try {
    return normalizeDockerHost(dockerHost, input.platform);
  } catch {
    return dockerHost; // shown as written; resolveConnection reports what is wrong with it
  }
}
