// Which docker context is in play, in the docker CLI's order (cli/command/cli.go, resolveContextName), with the
// berth.docker.host and berth.docker.context settings standing in for the CLI's --host and --context flags:
// --context, then --host or DOCKER_HOST (both mean the default context), then DOCKER_CONTEXT, then currentContext
// in config.json, then "default".
import { ConnectionError } from './connectionError';
import type { DockerContextStore } from './dockerContextStore';

/** The context name that means "no context": DOCKER_HOST, or the default socket. */
export const DEFAULT_CONTEXT = 'default';

export interface DockerContextChoice {
  /** DEFAULT_CONTEXT when no stored context is in play. */
  readonly name: string;
  /** What decided; undefined when nothing did and the default context applies. */
  readonly source: 'setting' | 'setting-context' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config-context' | undefined;
  /** The source in words, for messages: "the DOCKER_CONTEXT environment variable", "currentContext in /h/.docker/config.json". */
  readonly origin: string;
  readonly warnings: readonly string[];
}

export interface PickDockerContextInput {
  readonly settings: { readonly host?: string | undefined; readonly context?: string | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Throws ConnectionError (source 'config') when config.json must be read and cannot be. */
export async function pickDockerContext(input: PickDockerContextInput, store: DockerContextStore): Promise<DockerContextChoice> {
  const hostSetting = input.settings.host?.trim();
  const contextSetting = input.settings.context?.trim();
  if (hostSetting) {
    const warnings = contextSetting
      ? [`Both berth.docker.host and berth.docker.context are set; berth.docker.host wins and context "${contextSetting}" is ignored (the docker CLI refuses --host with --context).`]
      : [];
    return { name: DEFAULT_CONTEXT, source: 'setting', origin: 'the berth.docker.host setting', warnings };
  }
  if (contextSetting) return { name: contextSetting, source: 'setting-context', origin: 'the berth.docker.context setting', warnings: [] };
  const envContext = input.env.DOCKER_CONTEXT?.trim();
  if (input.env.DOCKER_HOST?.trim()) {
    return { name: DEFAULT_CONTEXT, source: 'DOCKER_HOST', origin: 'the DOCKER_HOST environment variable', warnings: await overriddenByDockerHost(envContext, store) };
  }
  if (envContext) return { name: envContext, source: 'DOCKER_CONTEXT', origin: 'the DOCKER_CONTEXT environment variable', warnings: [] };
  const current = await store.readCurrentContext();
  if (!current.ok) {
    throw new ConnectionError('config', `The docker CLI configuration cannot be used: ${current.reason}.`, undefined, current.file);
  }
  if (current.value) return { name: current.value, source: 'config-context', origin: `currentContext in ${store.configFile}`, warnings: [] };
  return { name: DEFAULT_CONTEXT, source: undefined, origin: 'no context is set', warnings: [] };
}

/** The CLI lets DOCKER_HOST silently beat the active context; say so, since it is a classic "why this engine?". */
async function overriddenByDockerHost(envContext: string | undefined, store: DockerContextStore): Promise<string[]> {
  let name = envContext;
  let origin = 'DOCKER_CONTEXT';
  if (!name) {
    // Only for the warning: a config.json that cannot be read does not matter while DOCKER_HOST decides.
    const current = await store.readCurrentContext();
    name = current.ok ? current.value : undefined;
    origin = `currentContext in ${store.configFile}`;
  }
  if (!name || name === DEFAULT_CONTEXT) return [];
  return [`DOCKER_HOST overrides docker context "${name}" (${origin}), as it does for the docker CLI. To use that context, unset DOCKER_HOST or set berth.docker.context.`];
}
