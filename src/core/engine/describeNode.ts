// One swarm node as tree-ready data: role, state, CPUs, memory and the generic resources (GPUs) it advertises.
import { escapeMarkdown } from './escapeMarkdown';
import { formatBytes } from './formatBytes';
import type { TreeIcon } from './treeIcon';

export interface NodeResource {
  readonly kind: string;
  /** A discrete resource's count, or how many named resources of this kind the node has. */
  readonly value: number;
  /** The named resources' values (GPU UUIDs, say); empty for a discrete resource. */
  readonly names: readonly string[];
}

export interface NodeView {
  readonly id: string;
  readonly hostname: string;
  readonly role: 'manager' | 'worker';
  /** active | pause | drain */
  readonly availability: string;
  /** ready | down | unknown | disconnected */
  readonly state: string;
  readonly leader: boolean;
  readonly address: string | undefined;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly genericResources: readonly NodeResource[];
  /** Every kind that names a GPU: gpu, GPU, nvidia.com/gpu, NVIDIA-GPU (the name NVIDIA's docs use). */
  readonly gpus: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly engineVersion: string | undefined;
  readonly label: string;
  /** `manager · active · 8 CPU · 16 GiB · 2 GPU` */
  readonly description: string;
  readonly icon: TreeIcon;
  readonly tooltip: readonly string[];
}

interface GenericResourceLike {
  readonly DiscreteResourceSpec?: { readonly Kind?: string; readonly Value?: number };
  readonly NamedResourceSpec?: { readonly Kind?: string; readonly Value?: string };
}

/** The fields of `GET /nodes` entries that Berth reads (dockerode types them as any). */
export interface SwarmNodeLike {
  readonly ID: string;
  readonly Spec?: { readonly Role?: string; readonly Availability?: string; readonly Labels?: Readonly<Record<string, string>> | null };
  readonly Description?: {
    readonly Hostname?: string;
    readonly Resources?: { readonly NanoCPUs?: number; readonly MemoryBytes?: number; readonly GenericResources?: readonly GenericResourceLike[] | null };
    readonly Engine?: { readonly EngineVersion?: string };
  };
  readonly Status?: { readonly State?: string; readonly Addr?: string; readonly Message?: string };
  readonly ManagerStatus?: { readonly Leader?: boolean; readonly Reachability?: string } | null;
}

const GPU_KIND = /(?:^|[./-])gpu$/i;

export function describeNode(node: SwarmNodeLike): NodeView {
  const resources = node.Description?.Resources;
  const genericResources = countResources(resources?.GenericResources ?? []);
  const gpus = genericResources.filter((r) => GPU_KIND.test(r.kind)).reduce((sum, r) => sum + r.value, 0);
  const cpus = (resources?.NanoCPUs ?? 0) / 1e9;
  const memoryBytes = resources?.MemoryBytes ?? 0;
  const role = node.Spec?.Role === 'manager' ? 'manager' : 'worker';
  const availability = node.Spec?.Availability ?? 'active';
  const state = node.Status?.State ?? 'unknown';
  const leader = node.ManagerStatus?.Leader === true;
  const hostname = node.Description?.Hostname ?? node.ID.slice(0, 12);
  const address = node.Status?.Addr || undefined;
  // A node that is not ready says so instead of its availability: that is what the reader must act on.
  const parts = [
    role,
    state === 'ready' ? availability : state,
    `${formatCount(cpus)} CPU`,
    formatBytes(memoryBytes, 1024),
    ...(gpus > 0 ? [`${gpus} GPU`] : []),
  ];
  const others = genericResources.filter((r) => !GPU_KIND.test(r.kind));
  return {
    id: node.ID,
    hostname,
    role,
    availability,
    state,
    leader,
    address,
    cpus,
    memoryBytes,
    genericResources,
    gpus,
    labels: { ...(node.Spec?.Labels ?? {}) },
    engineVersion: node.Description?.Engine?.EngineVersion,
    label: hostname,
    description: parts.join(' · '),
    icon: state !== 'ready' ? { id: 'server', color: 'charts.red' } : availability !== 'active' ? { id: 'server', color: 'charts.yellow' } : { id: 'server', color: 'charts.green' },
    tooltip: [
      `**${escapeMarkdown(hostname)}** · ${role}${leader ? ' (leader)' : ''}`,
      `State: ${escapeMarkdown(state)}${node.Status?.Message ? ` (${escapeMarkdown(node.Status.Message)})` : ''} · availability ${escapeMarkdown(availability)}`,
      `Resources: ${formatCount(cpus)} CPU · ${formatBytes(memoryBytes, 1024)}${gpus > 0 ? ` · ${gpus} GPU` : ''}${others.map((r) => ` · ${r.value} ${escapeMarkdown(r.kind)}`).join('')}`,
      ...Object.entries(node.Spec?.Labels ?? {}).map(([k, v]) => `Label: \`${k}=${v}\``),
      ...(address ? [`Address: ${escapeMarkdown(address)}`] : []),
      `ID: \`${node.ID.slice(0, 12)}\``,
    ],
  };
}

/** Sums discrete resources and counts named ones per kind, kinds in name order. */
function countResources(specs: readonly GenericResourceLike[]): NodeResource[] {
  const byKind = new Map<string, { value: number; names: string[] }>();
  const entry = (kind: string) => {
    let e = byKind.get(kind);
    if (!e) byKind.set(kind, (e = { value: 0, names: [] }));
    return e;
  };
  for (const spec of specs) {
    if (spec.DiscreteResourceSpec?.Kind) entry(spec.DiscreteResourceSpec.Kind).value += spec.DiscreteResourceSpec.Value ?? 0;
    if (spec.NamedResourceSpec?.Kind) {
      const e = entry(spec.NamedResourceSpec.Kind);
      e.value += 1;
      if (spec.NamedResourceSpec.Value !== undefined) e.names.push(spec.NamedResourceSpec.Value);
    }
  }
  return [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, e]) => ({ kind, value: e.value, names: e.names }));
}

/** 8 CPUs as "8", half a CPU as "0.5". */
function formatCount(n: number): string {
  return String(Number(n.toFixed(2)));
}
