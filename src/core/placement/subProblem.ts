// A small placement problem cut out of a larger plan, for exact re-optimisation: the replicas on `region` nodes are
// taken off and placed again on those nodes (their own cost) or on `helpers` (open nodes that keep their other
// replicas: what they have left, at no extra cost). Replicas `kept` stay where they are and only take up room;
// `extra` replicas (not placed now) may join, and an extra gang joins whole or not at all.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import type { PlacementState } from './placementState';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { RESOURCES, demandOn, fitsWithin } = compiled;

export interface SubProblem {
  readonly p: CompiledProblem;
  /** Original index of each sub-problem service and node. */
  readonly services: readonly number[];
  readonly nodes: readonly number[];
  /** Sum of the region nodes' costs that are open now (what re-optimising can save). */
  readonly regionCost: number;
}

export interface SubProblemOptions {
  /** Replicas of service s on region node n that stay put. */
  readonly kept?: (s: number, n: number) => boolean;
  /** Service -> replicas, not placed now, that the sub-problem may place. */
  readonly extra?: ReadonlyMap<number, number>;
}

export function subProblem(state: PlacementState, region: readonly number[], helpers: readonly number[], options: SubProblemOptions = {}): SubProblem {
  const p = state.p;
  const N = p.nodeNames.length;
  const nodes = [...region, ...helpers];
  const inRegion = new Set(region);
  const freed = new Map<number, number>();
  const keptUse = new Float64Array(region.length * RESOURCES);
  const keptCount = new Map<number, number>();
  region.forEach((n, j) => {
    for (const s of state.servicesOn(n)) {
      const c = state.countOf(s, n);
      if (options.kept?.(s, n)) {
        keptCount.set(s * N + n, c);
        for (let k = 0; k < RESOURCES; k += 1) keptUse[j * RESOURCES + k] = (keptUse[j * RESOURCES + k] ?? 0) + c * demandOn(p, s, n, k);
      } else freed.set(s, (freed.get(s) ?? 0) + c);
    }
  });
  for (const [s, c] of options.extra ?? []) if (c > 0) freed.set(s, (freed.get(s) ?? 0) + c);
  const services = [...freed.keys()].sort((a, b) => a - b);
  const S2 = services.length;
  const N2 = nodes.length;
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
  let regionCost = 0;
  nodes.forEach((n, j) => {
    for (let k = 0; k < RESOURCES; k += 1) {
      const cap = p.capacity[n * RESOURCES + k] ?? 0;
      const taken = inRegion.has(n) ? (keptUse[j * RESOURCES + k] ?? 0) : (state.used[n * RESOURCES + k] ?? 0);
      capacity[j * RESOURCES + k] = Math.max(0, cap - taken);
    }
    wholeGpus[j] = p.wholeGpus[n] ?? 0;
    cost[j] = inRegion.has(n) ? (p.cost[n] ?? 0) : 0;
    if (inRegion.has(n) && state.isOpen(n)) regionCost += p.cost[n] ?? 0;
  });
  const maxOn = new Int32Array(S2 * N2);
  const eligible: number[][] = [];
  services.forEach((s, i) => {
    const list: number[] = [];
    nodes.forEach((n, j) => {
      let most = Math.min(p.maxOn[s * N + n] ?? 0, replicas[i] ?? 0);
      most -= inRegion.has(n) ? (keptCount.get(s * N + n) ?? 0) : state.countOf(s, n);
      for (let k = 0; k < RESOURCES && most > 0; k += 1) {
        const d = demandOn(p, s, n, k);
        const cap = capacity[j * RESOURCES + k] ?? 0;
        if (d > 0) most = Math.min(most, fitsWithin(d, cap) ? Math.floor(cap / d + 1e-9) : 0);
      }
      if (most > 0) {
        maxOn[i * N2 + j] = most;
        list.push(j);
      }
    });
    eligible.push(list);
  });
  // Emptied region nodes keep their classes (full-capacity copies); helpers and part-kept nodes are each their own.
  const nodeClass = new Int32Array(N2);
  nodes.forEach((n, j) => {
    const emptied = inRegion.has(n) && keptUse.subarray(j * RESOURCES, j * RESOURCES + RESOURCES).every((u) => u === 0);
    nodeClass[j] = emptied ? (p.nodeClass[n] ?? 0) : N + j;
  });
  // An extra gang comes whole: its services share one gang in the sub-problem.
  const gangOf = new Int32Array(S2).fill(-1);
  const gangs: number[][] = [];
  const gangIndex = new Map<number, number>();
  services.forEach((s, i) => {
    const g = p.gangOf[s] ?? -1;
    if (g < 0 || !options.extra?.has(s)) return;
    let sub = gangIndex.get(g);
    if (sub === undefined) {
      sub = gangs.length;
      gangIndex.set(g, sub);
      gangs.push([]);
    }
    gangOf[i] = sub;
    gangs[sub]?.push(i);
  });
  return {
    p: {
      serviceNames: services.map((s) => p.serviceNames[s] ?? ''),
      nodeNames: nodes.map((n) => p.nodeNames[n] ?? ''),
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
      gangOf,
      gangs,
      nodeClass,
    },
    services,
    nodes,
    regionCost,
  };
}

/** Replaces the region's freed replicas in `state` with the sub-problem's solution `solved`. */
export function applySubProblem(state: PlacementState, sub: SubProblem, solved: PlacementState, region: readonly number[], options: SubProblemOptions = {}): void {
  for (const n of region) {
    for (const s of state.servicesOn(n)) if (!options.kept?.(s, n)) state.remove(s, n, state.countOf(s, n));
  }
  const S2 = sub.services.length;
  const N2 = sub.nodes.length;
  for (let i = 0; i < S2; i += 1) {
    for (let j = 0; j < N2; j += 1) {
      const c = solved.countOf(i, j);
      if (c > 0) state.add(sub.services[i] ?? 0, sub.nodes[j] ?? 0, c);
    }
  }
}
