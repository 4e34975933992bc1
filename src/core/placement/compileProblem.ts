// A placement problem as flat arrays the heuristics, bounds and exact model share: demands, capacities, costs, and how
// many replicas of each service each node could hold on its own (0: the node is not eligible).
import { matchesConstraint } from './matchesConstraint';
import type { NodeCapacity, PlacementProblem, ServiceDemand } from './placementProblem';

export const CPU = 0;
export const MEMORY = 1;
export const GPU = 2;
export const RESOURCES = 3;

export interface CompiledProblem {
  readonly serviceNames: readonly string[];
  readonly nodeNames: readonly string[];
  readonly replicas: Int32Array;
  /** Per service, RESOURCES entries: cpuMillis, memoryBytes, GPUs (0 for `'all'`, see allGpus). */
  readonly demand: Float64Array;
  /** Service takes every GPU of its node. */
  readonly allGpus: Uint8Array;
  /** Per node, RESOURCES entries (possibly what is left of a node, in a sub-problem). */
  readonly capacity: Float64Array;
  /** Per node: the GPUs an `'all'` replica takes there (the node's full count, even in a sub-problem). */
  readonly wholeGpus: Float64Array;
  /** Pack weight per node: its cost per hour, or 1 when no node has a cost. */
  readonly cost: Float64Array;
  readonly usesCost: boolean;
  /** Row-major services × nodes: replicas of the service the node can hold alone (pins, constraints, anti-affinity, size). */
  readonly maxOn: Int32Array;
  /** Per service, the nodes with maxOn > 0, ascending. */
  readonly eligible: readonly (readonly number[])[];
  readonly priority: Float64Array;
  /** Gang index per service, -1 for none. */
  readonly gangOf: Int32Array;
  readonly gangs: readonly (readonly number[])[];
  /** Nodes of one class are interchangeable (same capacity, cost and eligibility column): symmetry breaking. */
  readonly nodeClass: Int32Array;
}

export function demandOn(p: CompiledProblem, s: number, n: number, k: number): number {
  return k === GPU && p.allGpus[s] === 1 ? (p.wholeGpus[n] ?? 0) : (p.demand[s * RESOURCES + k] ?? 0);
}

/** Relative slack for sums of sizes that are not whole numbers. */
const FIT_TOLERANCE = 1e-9;

export function fitsWithin(used: number, capacity: number): boolean {
  return used <= capacity + FIT_TOLERANCE * Math.max(1, capacity);
}

export function compileProblem(problem: PlacementProblem): CompiledProblem {
  const services = problem.services;
  const nodes = problem.nodes;
  const S = services.length;
  const N = nodes.length;
  const replicas = new Int32Array(S);
  const demand = new Float64Array(S * RESOURCES);
  const allGpus = new Uint8Array(S);
  const priority = new Float64Array(S);
  const gangOf = new Int32Array(S).fill(-1);
  const gangIndex = new Map<string, number>();
  const gangs: number[][] = [];
  services.forEach((svc, s) => {
    replicas[s] = svc.replicas ?? 1;
    demand[s * RESOURCES + CPU] = svc.cpuMillis;
    demand[s * RESOURCES + MEMORY] = svc.memoryBytes;
    demand[s * RESOURCES + GPU] = svc.gpus === 'all' ? 0 : svc.gpus;
    allGpus[s] = svc.gpus === 'all' ? 1 : 0;
    priority[s] = svc.priority ?? 1;
    if (svc.gang !== undefined) {
      let g = gangIndex.get(svc.gang);
      if (g === undefined) {
        g = gangs.length;
        gangIndex.set(svc.gang, g);
        gangs.push([]);
      }
      gangOf[s] = g;
      gangs[g]?.push(s);
    }
  });
  const capacity = new Float64Array(N * RESOURCES);
  const wholeGpus = new Float64Array(N);
  const usesCost = nodes.some((n) => n.costPerHour !== undefined);
  const cost = new Float64Array(N);
  nodes.forEach((node, n) => {
    capacity[n * RESOURCES + CPU] = node.cpuMillis;
    capacity[n * RESOURCES + MEMORY] = node.memoryBytes;
    capacity[n * RESOURCES + GPU] = node.gpus;
    wholeGpus[n] = node.gpus;
    // With some nodes priced, an unpriced one costs nothing; with none priced, each node used counts 1.
    cost[n] = usesCost ? (node.costPerHour ?? 0) : 1;
  });
  const maxOn = new Int32Array(S * N);
  const eligible: number[][] = [];
  services.forEach((svc, s) => {
    const list: number[] = [];
    // An empty pin list pins nothing (as if absent), so a what-if that clears pins cannot strand a service.
    const pins = svc.pinnedNodes && svc.pinnedNodes.length > 0 ? new Set(svc.pinnedNodes) : undefined;
    nodes.forEach((node, n) => {
      if (pins && !pins.has(node.name)) return;
      const m = replicasNodeHolds(svc, node);
      if (m > 0) {
        maxOn[s * N + n] = m;
        list.push(n);
      }
    });
    eligible.push(list);
  });
  return {
    serviceNames: services.map((s) => s.name),
    nodeNames: nodes.map((n) => n.name),
    replicas,
    demand,
    allGpus,
    capacity,
    wholeGpus,
    cost,
    usesCost,
    maxOn,
    eligible,
    priority,
    gangOf,
    gangs,
    nodeClass: nodeClasses(N, S, capacity, cost, maxOn),
  };
}

/** How many replicas of a service an otherwise empty node holds, given its constraints, GPUs and anti-affinity; 0 if none. */
function replicasNodeHolds(svc: ServiceDemand, node: NodeCapacity): number {
  if (!(svc.constraints ?? []).every((c) => matchesConstraint(node, c))) return 0;
  const needsGpu = svc.gpus === 'all' || svc.gpus > 0;
  // GPUs of unknown memory (0 or absent) cannot be shown to have enough.
  if (needsGpu && (svc.gpuMemoryBytes ?? 0) > 0 && (node.gpuMemoryBytes ?? 0) < (svc.gpuMemoryBytes ?? 0)) return 0;
  let most = svc.replicas ?? 1;
  // 0 means no limit, as max_replicas_per_node does in Swarm.
  if (svc.maxReplicasPerNode !== undefined && svc.maxReplicasPerNode > 0) most = Math.min(most, svc.maxReplicasPerNode);
  if (svc.gpus === 'all') {
    if (node.gpus < 1) return 0;
    most = Math.min(most, 1);
  } else if (svc.gpus > 0) most = Math.min(most, Math.floor(node.gpus / svc.gpus + FIT_TOLERANCE));
  if (svc.cpuMillis > 0) most = Math.min(most, Math.floor(node.cpuMillis / svc.cpuMillis + FIT_TOLERANCE));
  if (svc.memoryBytes > 0) most = Math.min(most, Math.floor(node.memoryBytes / svc.memoryBytes + FIT_TOLERANCE));
  return Math.max(0, most);
}

function nodeClasses(N: number, S: number, capacity: Float64Array, cost: Float64Array, maxOn: Int32Array): Int32Array {
  const classOf = new Int32Array(N);
  const seen = new Map<string, number>();
  for (let n = 0; n < N; n += 1) {
    const column: number[] = [cost[n] ?? 0, ...capacity.subarray(n * RESOURCES, n * RESOURCES + RESOURCES)];
    for (let s = 0; s < S; s += 1) column.push(maxOn[s * N + n] ?? 0);
    const key = column.join(',');
    let c = seen.get(key);
    if (c === undefined) {
      c = seen.size;
      seen.set(key, c);
    }
    classOf[n] = c;
  }
  return classOf;
}
