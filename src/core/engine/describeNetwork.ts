// One network as tree-ready data, with the containers attached to it.
import type Docker from 'dockerode';
import { escapeMarkdown } from './escapeMarkdown';
import type { TreeIcon } from './treeIcon';

export interface NetworkMember {
  readonly id: string;
  readonly name: string;
  /** Undefined while the container has no endpoint (not running) or on networks without addresses (host, none). */
  readonly ipv4: string | undefined;
  /** It has an endpoint on the network now (running or paused); a stopped container only has it configured. */
  readonly attached: boolean;
}

export interface NetworkView {
  readonly id: string;
  readonly shortId: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  readonly internal: boolean;
  /** `none`, `host`, `bridge`, swarm's `ingress`: networks the engine makes itself. */
  readonly builtIn: boolean;
  /** Sorted by name. */
  readonly containers: readonly NetworkMember[];
  readonly label: string;
  /** `bridge · internal · 2 containers` */
  readonly description: string;
  readonly icon: TreeIcon;
  readonly tooltip: readonly string[];
}

export type NetworkInfoLike = Pick<Docker.NetworkInspectInfo, 'Id' | 'Name' | 'Driver' | 'Scope' | 'Internal'> & {
  readonly Ingress?: boolean;
};

const BUILT_IN = new Set(['none', 'host', 'bridge', 'docker_gwbridge']);

/** `members` come from the container list: the network list leaves `Containers` empty on API 1.41. */
export function describeNetwork(info: NetworkInfoLike, members: readonly NetworkMember[]): NetworkView {
  const containers = [...members].sort((a, b) => a.name.localeCompare(b.name));
  const count = containers.length === 1 ? '1 container' : `${containers.length} containers`;
  const description = [info.Driver, info.Scope === 'swarm' ? 'swarm' : undefined, info.Internal ? 'internal' : undefined, count]
    .filter((p): p is string => p !== undefined)
    .join(' · ');
  return {
    id: info.Id,
    shortId: info.Id.slice(0, 12),
    name: info.Name,
    driver: info.Driver,
    scope: info.Scope,
    internal: info.Internal,
    builtIn: BUILT_IN.has(info.Name) || info.Ingress === true,
    containers,
    label: info.Name,
    description,
    icon: { id: 'type-hierarchy', ...(info.Internal ? { color: 'charts.purple' } : {}) },
    tooltip: [
      `**${escapeMarkdown(info.Name)}**`,
      `Driver: ${escapeMarkdown(info.Driver)} · scope ${escapeMarkdown(info.Scope)}${info.Internal ? ' · internal (no outside traffic)' : ''}`,
      `Containers: ${containers.length === 0 ? 'none' : containers.map((c) => escapeMarkdown(c.ipv4 ? `${c.name} (${c.ipv4})` : c.name)).join(', ')}`,
      `ID: \`${info.Id.slice(0, 12)}\``,
    ],
  };
}
