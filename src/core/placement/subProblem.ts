// A small placement problem cut out of a larger plan, for exact re-optimisation: the replicas on the `region` nodes
// are taken off and are to be placed again on those same nodes, everything else staying where it is.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import { PlacementState } from './placementState';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { RESOURCES } = compiled;

export interface SubProblem {
  readonly p: CompiledProblem;
  /** Original index of each sub-problem service and node. */
  readonly services: readonly number[];
  readonly nodes: readonly number[];
  /** The region's placement now, in the sub-problem's indices (a starting point, and what to beat). */
  readonly current: PlacementState;
}

export function subProblem(state: PlacementState, region: readonly number[]): SubProblem {
  const p = state.p;
  const N = p.nodeNames.length;
  const freed = new Map<number, number>();
  for (const n of region) for (const s of state.servicesOn(n)) freed.set(s, (freed.get(s) ?? 0) + state.countOf(s, n));
  const services = [...freed.keys()].sort((a, b) => a - b);
  const S2 = services.length;
  const N2 = region.length;
  const replicas = new Int32Array(S2);
  const demand = new Float64Array(S2 * RESOURCES);
  const allGpus = new Uint8Array(S2);
  const priority = new Float64Array(S2);
  services.forEach((s, i) => {
    replicas[i] = freed.get(s) ?? 0;
    demand.set(p.demand.subarray(s * RESOURCES, s * RESOURCES + RESOURCES), i * RESOURCES);
    allGpus[i] = p.allGpus[s] ?? 0;
    priority[i] = p.priority[s] ?? 0;
  });
  const capacity = new Float64Array(N2 * RESOURCES);
  const wholeGpus = new Float64Array(N2);
  const cost = new Float64Array(N2);
  const nodeClass = new Int32Array(N2);
  region.forEach((n, j) => {
    capacity.set(p.capacity.subarray(n * RESOURCES, n * RESOURCES + RESOURCES), j * RESOURCES);
    wholeGpus[j] = p.wholeGpus[n] ?? 0;
    cost[j] = p.cost[n] ?? 0;
    // Emptied, identical nodes stay interchangeable (symmetry breaking in the exact model).
    nodeClass[j] = p.nodeClass[n] ?? 0;
  });
  const maxOn = new Int32Array(S2 * N2);
  const eligible: number[][] = [];
  services.forEach((s, i) => {
    const list: number[] = [];
    region.forEach((n, j) => {
      const most = Math.min(p.maxOn[s * N + n] ?? 0, replicas[i] ?? 0);
      if (most > 0) {
        maxOn[i * N2 + j] = most;
        list.push(j);
      }
    });
    eligible.push(list);
  });
  const sub: CompiledProblem = {
    serviceNames: services.map((s) => p.serviceNames[s] ?? ''),
    nodeNames: region.map((n) => p.nodeNames[n] ?? ''),
    replicas,
    demand,
    allGpus,
    capacity,
    wholeGpus,
    cost,
    usesCost: p.usesCost,
    maxOn,
    eligible,
    priority,
    gangOf: new Int32Array(S2).fill(-1),
    gangs: [],
    nodeClass,
  };
  const current = new PlacementState(sub);
  services.forEach((s, i) => {
    region.forEach((n, j) => {
      const c = state.countOf(s, n);
      if (c > 0) current.add(i, j, c);
    });
  });
  return { p: sub, services, nodes: region, current };
}

/** Replaces the region's replicas in `state` with the sub-problem's solution `solved`. */
export function applySubProblem(state: PlacementState, sub: SubProblem, solved: PlacementState): void {
  for (const n of sub.nodes) state.clearNode(n);
  for (let i = 0; i < sub.services.length; i += 1) {
    for (let j = 0; j < sub.nodes.length; j += 1) {
      const c = solved.countOf(i, j);
      if (c > 0) state.add(sub.services[i] ?? 0, sub.nodes[j] ?? 0, c);
    }
  }
}
