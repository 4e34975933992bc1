// The JSON of `kubectl get nodes -o json` -> the nodes a plan may use: what each node can still allocate to pods, its
// GPUs (NVIDIA device plugin) and their memory (GPU feature discovery), its labels; nodes pods cannot go to are left out.
import type { NodeCapacity } from '../placementProblem';
import { parseQuantity } from './parseQuantity';

/** The fields of a core/v1 Node that Berth reads. */
export interface KubeNodeLike {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: { readonly unschedulable?: boolean; readonly taints?: readonly { readonly key?: string; readonly value?: string; readonly effect?: string }[] };
  readonly status?: {
    readonly allocatable?: Readonly<Record<string, string>>;
    readonly capacity?: Readonly<Record<string, string>>;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string; readonly message?: string }[];
    readonly nodeInfo?: { readonly operatingSystem?: string; readonly architecture?: string };
  };
}

const GPU_RESOURCE = 'nvidia.com/gpu';
/** Set by NVIDIA GPU feature discovery: memory of each GPU in MiB. */
const GPU_MEMORY_LABEL = 'nvidia.com/gpu.memory';
const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const INSTANCE_TYPE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'];
const MiB = 2 ** 20;

export function nodesFromKubectl(json: unknown): { nodes: NodeCapacity[]; warnings: string[] } {
  const warnings: string[] = [];
  const items = nodeItems(json);
  if (!items) {
    warnings.push('This is not the output of `kubectl get nodes -o json` (a List of Node objects).');
    return { nodes: [], warnings };
  }
  const nodes: NodeCapacity[] = [];
  items.forEach((item, i) => {
    const node = readNode(item, i, warnings);
    if (node) nodes.push(node);
  });
  return { nodes, warnings };
}

function nodeItems(json: unknown): readonly unknown[] | undefined {
  if (Array.isArray(json)) return json as unknown[];
  if (!isRecord(json)) return undefined;
  if (json.kind === 'Node') return [json];
  return Array.isArray(json.items) ? (json.items as unknown[]) : undefined;
}

function readNode(item: unknown, index: number, warnings: string[]): NodeCapacity | undefined {
  if (!isRecord(item) || (item.kind !== undefined && item.kind !== 'Node')) {
    warnings.push(`Item ${index + 1} is not a Node: left out.`);
    return undefined;
  }
  const node = item as KubeNodeLike;
  const name = node.metadata?.name;
  if (!name) {
    warnings.push(`Node ${index + 1} has no metadata.name: left out.`);
    return undefined;
  }
  const labels = { ...(node.metadata.labels ?? {}) };

  if (node.spec?.unschedulable === true) {
    warnings.push(`${name} is cordoned (spec.unschedulable): left out. \`kubectl uncordon ${name}\` makes it usable again.`);
    return undefined;
  }
  // A node without conditions (hand-written JSON) is taken at its word; a kubelet always reports Ready.
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready && ready.status !== 'True') {
    const why = ready.reason || ready.message ? ` (${[ready.reason, ready.message].filter(Boolean).join(': ')})` : '';
    warnings.push(`${name} is not Ready${why}: left out.`);
    return undefined;
  }
  const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const controlPlaneTaint = taints.find((t) => t.key !== undefined && CONTROL_PLANE_LABELS.includes(t.key));
  if (controlPlaneTaint) {
    warnings.push(`${name} is a control-plane node that takes no workloads (taint ${formatTaint(controlPlaneTaint)}): left out.`);
    return undefined;
  }
  // The NVIDIA taint is tolerated by GPU pods (the exporter adds the toleration; GKE adds it by itself).
  const otherTaints = taints.filter((t) => t.key !== GPU_RESOURCE);
  if (otherTaints.length > 0) {
    warnings.push(`${name} has taint ${otherTaints.map(formatTaint).join(', ')}: pods placed there need a matching toleration.`);
  }

  let resources = node.status?.allocatable;
  if (!resources) {
    resources = node.status?.capacity;
    if (resources) warnings.push(`${name} reports no status.allocatable: using its capacity, which includes what the system reserves.`);
  }
  const cpu = parseQuantity(resources?.cpu);
  const memory = parseQuantity(resources?.memory);
  if (cpu === undefined || memory === undefined || cpu <= 0 || memory <= 0) {
    warnings.push(`${name} reports no usable cpu and memory (status.allocatable): left out.`);
    return undefined;
  }
  const gpuQuantity = resources?.[GPU_RESOURCE];
  const gpus = gpuQuantity === undefined ? 0 : Math.floor(parseQuantity(gpuQuantity) ?? 0);
  const others = Object.keys(resources ?? {}).filter((k) => k !== GPU_RESOURCE && /(^|[./])gpu$/i.test(k) && (parseQuantity(resources?.[k]) ?? 0) > 0);
  if (others.length > 0) warnings.push(`${name} offers ${others.join(', ')}: Berth plans NVIDIA GPUs (${GPU_RESOURCE}) only, so they are not counted.`);

  const gpuMemoryMiB = labels[GPU_MEMORY_LABEL];
  let gpuMemoryBytes: number | undefined;
  if (gpuMemoryMiB !== undefined && gpus > 0) {
    if (/^\d+$/.test(gpuMemoryMiB)) gpuMemoryBytes = Number(gpuMemoryMiB) * MiB;
    else warnings.push(`${name}: label ${GPU_MEMORY_LABEL}=${gpuMemoryMiB} is not a number of MiB: GPU memory unknown.`);
  }

  const hostname = labels['kubernetes.io/hostname'];
  const os = labels['kubernetes.io/os'] ?? node.status?.nodeInfo?.operatingSystem;
  const arch = labels['kubernetes.io/arch'] ?? node.status?.nodeInfo?.architecture;
  const type = INSTANCE_TYPE_LABELS.map((l) => labels[l]).find((t) => t !== undefined && t !== '');
  return {
    name,
    ...(hostname && hostname !== name ? { hostname } : {}),
    cpuMillis: Math.round(cpu * 1000),
    memoryBytes: Math.round(memory),
    gpus,
    ...(gpuMemoryBytes !== undefined ? { gpuMemoryBytes } : {}),
    labels,
    role: CONTROL_PLANE_LABELS.some((l) => l in labels) ? 'manager' : 'worker',
    ...(os || arch ? { platform: { ...(os ? { os } : {}), ...(arch ? { arch } : {}) } } : {}),
    ...(type ? { type } : {}),
  };
}

function formatTaint(t: { readonly key?: string; readonly value?: string; readonly effect?: string }): string {
  return `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
