// Turns a problem and its plan into the preview's plain state: per node a bar per resource, split by service, in the
// units people read ("cores", "GiB", "GPUs"), so the webview only draws and never re-derives the placement.
import type { NodeCapacity, PlacementProblem, Plan, ServiceDemand } from '../core/placement/placementProblem';
import { nodeTypeOf, type WhatIfEdit } from '../core/placement/whatIf';
import type { Objective, PlanPreviewBar, PlanPreviewNode, PlanPreviewResource, PlanPreviewSource, PlanPreviewState, PlanPreviewStatus } from './planPreview';

export interface PlanPreviewMeta {
  readonly berthVersion: string;
  readonly title: string;
  readonly source: PlanPreviewSource;
  /** The objective asked for. */
  readonly objective: Objective;
  /** Overrides the plan's status: `solving` while the next plan is on its way (the last one stays on screen), `error` with `message`. */
  readonly status?: Extract<PlanPreviewStatus, 'solving' | 'error'>;
  readonly message?: string;
  readonly canApply: boolean;
  /** The edits that turned `baseProblem` into the problem that was solved. */
  readonly whatIf?: readonly WhatIfEdit[];
  /** The problem before the what-if edits: its node types stay listed (count 0) after all their nodes were removed. */
  readonly baseProblem?: PlacementProblem;
}

const GiB = 1024 ** 3;

/** `problem` is the one that was solved (what-if edits applied); `plan` is absent until the first solve ends. */
export function planPreviewStateFrom(problem: PlacementProblem, plan: Plan | undefined, meta: PlanPreviewMeta): PlanPreviewState {
  const services = new Map(problem.services.map((s) => [s.name, s]));
  const nodes = new Map(problem.nodes.map((n) => [n.name, n]));

  const typeOrder = [...(meta.baseProblem?.nodes ?? []), ...problem.nodes].map(nodeTypeOf);
  const nodeTypes = [...new Set(typeOrder)].map((type) => ({ type, count: problem.nodes.filter((n) => nodeTypeOf(n) === type).length }));

  return {
    berthVersion: meta.berthVersion,
    title: meta.title,
    source: meta.source,
    objective: meta.objective,
    status: meta.status ?? plan?.status ?? 'solving',
    ...(meta.message === undefined ? {} : { message: meta.message }),
    nodes: previewNodes(problem, plan),
    assignments: (plan?.assignments ?? []).map((a) => {
      const service = services.get(a.service);
      const node = nodes.get(a.node);
      const take = service && node ? demandOn(service, node) : { cpuMillis: 0, memoryBytes: 0, gpus: 0, gpuMemoryBytes: 0 };
      return {
        service: a.service,
        node: a.node,
        replicas: a.replicas,
        cpuMillis: take.cpuMillis * a.replicas,
        memoryBytes: take.memoryBytes * a.replicas,
        gpus: take.gpus * a.replicas,
      };
    }),
    unplaced: (plan?.unplaced ?? []).map((u) => ({ service: u.service, replicas: u.replicas, reason: u.reason })),
    ...(plan?.explanation ? { explanation: [...plan.explanation] } : {}),
    planObjective: plan?.objective ?? null,
    objectiveValue: finiteOrNull(plan?.objectiveValue),
    bound: finiteOrNull(plan?.bound),
    gap: finiteOrNull(plan?.gap),
    solveMillis: finiteOrNull(plan?.solveMillis),
    stages: [...(plan?.stages ?? [])],
    nodeTypes,
    services: problem.services.map((s) => ({ name: s.name, replicas: s.replicas ?? 1 })),
    canApply: meta.canApply,
    whatIf: [...(meta.whatIf ?? [])],
  };
}

/** Each node with a bar per resource and what each service of the plan takes of it (also `berth plan`'s table). */
export function previewNodes(problem: PlacementProblem, plan: Plan | undefined): PlanPreviewNode[] {
  const services = new Set(problem.services.map((s) => s.name));
  const nodes = new Set(problem.nodes.map((n) => n.name));
  // Replicas per node and service, summed in case a plan lists one pair twice.
  const placed = new Map<string, Map<string, number>>();
  for (const a of plan?.assignments ?? []) {
    if (a.replicas <= 0 || !services.has(a.service) || !nodes.has(a.node)) continue;
    const onNode = placed.get(a.node) ?? new Map<string, number>();
    onNode.set(a.service, (onNode.get(a.service) ?? 0) + a.replicas);
    placed.set(a.node, onNode);
  }
  return problem.nodes.map((node) => previewNode(node, problem.services, placed.get(node.name) ?? new Map<string, number>()));
}

interface Demand {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
  readonly gpuMemoryBytes: number;
}

/** What one replica of `service` takes on `node`. */
function demandOn(service: ServiceDemand, node: NodeCapacity): Demand {
  const gpus = service.gpus === 'all' ? node.gpus : service.gpus;
  const perGpu = node.gpuMemoryBytes ?? 0;
  // GPU memory shows what the service says it needs of each GPU; without a figure it is counted as the whole GPU.
  const needPerGpu = service.gpuMemoryBytes ? Math.min(service.gpuMemoryBytes, perGpu) : perGpu;
  return { cpuMillis: service.cpuMillis, memoryBytes: service.memoryBytes, gpus, gpuMemoryBytes: gpus * needPerGpu };
}

const RESOURCES: readonly { readonly resource: PlanPreviewResource; readonly unit: string; readonly of: (d: Demand) => number }[] = [
  { resource: 'cpu', unit: 'cores', of: (d) => d.cpuMillis / 1000 },
  { resource: 'memory', unit: 'GiB', of: (d) => d.memoryBytes / GiB },
  { resource: 'gpu', unit: 'GPUs', of: (d) => d.gpus },
  { resource: 'gpuMemory', unit: 'GiB', of: (d) => d.gpuMemoryBytes / GiB },
];

function previewNode(node: NodeCapacity, services: readonly ServiceDemand[], replicasOf: ReadonlyMap<string, number>): PlanPreviewNode {
  const capacity: Demand = {
    cpuMillis: node.cpuMillis,
    memoryBytes: node.memoryBytes,
    gpus: node.gpus,
    gpuMemoryBytes: node.gpus * (node.gpuMemoryBytes ?? 0),
  };
  const bars: PlanPreviewBar[] = [];
  for (const { resource, unit, of } of RESOURCES) {
    // A node without GPUs (or without a known GPU memory) gets no bar for them rather than an empty one.
    if ((resource === 'gpu' || resource === 'gpuMemory') && of(capacity) === 0) continue;
    // Services in the compose file's order, so a service keeps its place (and colour) in every bar.
    const segments = services.flatMap((service) => {
      const replicas = replicasOf.get(service.name) ?? 0;
      const amount = replicas * of(demandOn(service, node));
      return amount > 0 ? [{ service: service.name, amount: round(amount) }] : [];
    });
    const used = segments.reduce((sum, s) => sum + s.amount, 0);
    bars.push({ resource, capacity: round(of(capacity)), used: round(used), unit, segments });
  }
  return {
    name: node.name,
    ...(node.type === undefined ? {} : { type: node.type }),
    ...(node.costPerHour === undefined ? {} : { costPerHour: node.costPerHour }),
    bars,
  };
}

/** Three decimals: enough for millicores and MiB, and no 0.30000000000000004 on screen or in tests. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
