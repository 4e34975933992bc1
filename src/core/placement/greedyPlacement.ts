// Greedy placement, one replica at a time, most constrained services first: best fit into open nodes and the most
// cost-effective new node for pack and priority, the least loaded node for spread. Gangs are placed whole or undone.
// Replicas without GPUs leave a GPU node's free GPUs the CPU and memory that the GPU services still to come need.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import type { Objective } from './placementProblem';
import * as bestFit from './leftOverShare';
import { PlacementState } from './placementState';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { leftOverShare } = bestFit;
const { CPU, GPU, MEMORY, RESOURCES, demandOn } = compiled;

/** Chance of passing over a fitting open node in a randomised pass. */
const BLINK = 0.03;

export type ServiceOrder = 'constrained' | 'size' | 'priority' | 'density';

export interface GreedyOptions {
  readonly order?: ServiceOrder;
  /** Start from this state (a fresh one by default); it is changed and returned. */
  readonly state?: PlacementState;
  /** Only these services (default all). */
  readonly services?: readonly number[];
  /** Services placed before all others (those a previous pass left out). */
  readonly first?: ReadonlySet<number>;
  /** Shuffles the order a little (each unit moves a few places), for searches that recreate parts of a plan. */
  readonly random?: () => number;
}

/** Places the services into the state and returns it. */
export function greedyPlacement(p: CompiledProblem, objective: Objective, options: GreedyOptions = {}): PlacementState {
  const state = options.state ?? new PlacementState(p);
  const ordered = placementUnits(p, options.order ?? (objective === 'priority' ? 'priority' : 'constrained'), options.services);
  const first = options.first;
  let units = first ? [...ordered.filter((u) => u.some((s) => first.has(s))), ...ordered.filter((u) => !u.some((s) => first.has(s)))] : ordered;
  const random = options.random;
  // Searches that recreate parts of a plan pass over a fitting node now and then, so repeated passes differ.
  const blink = random ? (): boolean => random() < BLINK : undefined;
  if (random) {
    const position = new Map(units.map((u, i) => [u, i + random() * 3]));
    units = units.slice().sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  }
  const remaining = new Float64Array(RESOURCES);
  const gpuServices = new Float64Array(RESOURCES);
  const usesGpu = (s: number): boolean => p.allGpus[s] === 1 || (p.demand[s * RESOURCES + GPU] ?? 0) > 0;
  for (const unit of units) {
    for (const s of unit) {
      for (let k = 0; k < RESOURCES; k += 1) {
        const d = toPlace(p, state, s) * meanDemand(p, s, k);
        remaining[k] = (remaining[k] ?? 0) + d;
        if (usesGpu(s)) gpuServices[k] = (gpuServices[k] ?? 0) + d;
      }
    }
  }
  for (const unit of units) {
    const done: [number, number][] = [];
    let complete = true;
    for (const s of unit) {
      let left = toPlace(p, state, s);
      while (left > 0) {
        const n = objective === 'spread' ? leastLoadedNode(p, state, s) : bestFitNode(p, state, s, remaining, usesGpu(s) ? undefined : gpuServices, blink);
        if (n < 0) break;
        state.add(s, n);
        done.push([s, n]);
        left -= 1;
        for (let k = 0; k < RESOURCES; k += 1) {
          remaining[k] = Math.max(0, (remaining[k] ?? 0) - meanDemand(p, s, k));
          if (usesGpu(s)) gpuServices[k] = Math.max(0, (gpuServices[k] ?? 0) - meanDemand(p, s, k));
        }
      }
      if (left > 0) complete = false;
    }
    if (!complete && unit.length > 0 && p.gangOf[unit[0] ?? 0] !== -1) for (const [s, n] of done) state.remove(s, n);
  }
  return state;
}

function toPlace(p: CompiledProblem, state: PlacementState, s: number): number {
  return (p.replicas[s] ?? 0) - (state.placed[s] ?? 0);
}

function meanDemand(p: CompiledProblem, s: number, k: number): number {
  if (k !== GPU || p.allGpus[s] !== 1) return p.demand[s * RESOURCES + k] ?? 0;
  const eligible = p.eligible[s] ?? [];
  let total = 0;
  for (const n of eligible) total += p.wholeGpus[n] ?? 0;
  return eligible.length > 0 ? total / eligible.length : 0;
}

/** Services grouped into units placed together (a gang is one unit), in the order they are placed. */
function placementUnits(p: CompiledProblem, order: ServiceOrder, services?: readonly number[]): number[][] {
  const list = services ?? p.serviceNames.map((_, s) => s);
  const size = list.map((s) => dominantShare(p, s));
  const key = new Map<number, number[]>();
  list.forEach((s, i) => {
    const eligibleCount = p.eligible[s]?.length ?? 0;
    const gpus = p.allGpus[s] === 1 ? 1e6 : (p.demand[s * RESOURCES + GPU] ?? 0);
    const share = size[i] ?? 0;
    const prio = p.priority[s] ?? 0;
    switch (order) {
      case 'constrained':
        key.set(s, [eligibleCount, -gpus, -share]);
        break;
      case 'size':
        key.set(s, [-gpus, -share, eligibleCount]);
        break;
      case 'priority':
        key.set(s, [-prio, eligibleCount, -gpus, -share]);
        break;
      case 'density':
        key.set(s, [-prio / Math.max(share, 1e-9), eligibleCount]);
        break;
    }
  });
  const units: number[][] = [];
  const gangUnit = new Map<number, number[]>();
  for (const s of list) {
    const g = p.gangOf[s] ?? -1;
    if (g < 0) units.push([s]);
    else {
      let unit = gangUnit.get(g);
      if (!unit) {
        unit = [];
        gangUnit.set(g, unit);
        units.push(unit);
      }
      unit.push(s);
    }
  }
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  const unitKey = (unit: number[]): number[] => {
    // A gang goes where its most demanding member would.
    let best: number[] | undefined;
    for (const s of unit) {
      const k = key.get(s) ?? [];
      if (!best || compare(k, best) < 0) best = k;
    }
    return best ?? [];
  };
  for (const unit of units) unit.sort((a, b) => compare(key.get(a) ?? [], key.get(b) ?? []));
  const keys = new Map(units.map((u) => [u, unitKey(u)]));
  return units.sort((a, b) => compare(keys.get(a) ?? [], keys.get(b) ?? []) || (a[0] ?? 0) - (b[0] ?? 0));
}

/** The largest share of a resource one replica takes on an average eligible node. */
function dominantShare(p: CompiledProblem, s: number): number {
  const eligible = p.eligible[s] ?? [];
  if (eligible.length === 0) return 0;
  let worst = 0;
  for (let k = 0; k < RESOURCES; k += 1) {
    let cap = 0;
    for (const n of eligible) cap += p.capacity[n * RESOURCES + k] ?? 0;
    cap /= eligible.length;
    if (cap > 0) worst = Math.max(worst, meanDemand(p, s, k) / cap);
  }
  return worst;
}

/**
 * An open node the replica fits best (least left over of its tightest resource); else the most cost-effective new
 * node. With `gpuServices` (what GPU services still need), a node's free GPUs keep their share of CPU and memory
 * unless no node has room otherwise.
 */
function bestFitNode(p: CompiledProblem, state: PlacementState, s: number, remaining: Float64Array, gpuServices?: Float64Array, blink?: () => boolean): number {
  const gpusLeft = gpuServices?.[GPU] ?? 0;
  const keeps = (n: number): boolean => {
    if (!gpuServices || gpusLeft <= 0) return true;
    const free = Math.min(gpusLeft, (p.capacity[n * RESOURCES + GPU] ?? 0) - (state.used[n * RESOURCES + GPU] ?? 0));
    if (free <= 0) return true;
    for (const k of [CPU, MEMORY]) {
      const reserve = (free * (gpuServices[k] ?? 0)) / gpusLeft;
      if ((state.used[n * RESOURCES + k] ?? 0) + demandOn(p, s, n, k) + reserve > (p.capacity[n * RESOURCES + k] ?? 0)) return false;
    }
    return true;
  };
  for (const reserving of gpuServices && gpusLeft > 0 ? [true, false] : [false]) {
    const n = bestOpenNode(p, state, s, reserving ? keeps : undefined, blink);
    if (n >= 0) return n;
    const m = bestNewNode(p, state, s, remaining, reserving ? keeps : undefined);
    if (m >= 0) return m;
  }
  return -1;
}

function bestOpenNode(p: CompiledProblem, state: PlacementState, s: number, keeps?: (n: number) => boolean, blink?: () => boolean): number {
  let best = -1;
  let bestScore = Infinity;
  let skipped = -1;
  for (const n of p.eligible[s] ?? []) {
    if (!state.isOpen(n) || !state.canAdd(s, n) || (keeps && !keeps(n))) continue;
    if (blink?.()) {
      skipped = n;
      continue;
    }
    const score = leftOverShare(p, state, s, n);
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  }
  // Never pay for a new node because of a blink.
  return best >= 0 ? best : skipped;
}

function bestNewNode(p: CompiledProblem, state: PlacementState, s: number, remaining: Float64Array, keeps?: (n: number) => boolean): number {
  let best = -1;
  let bestScore = Infinity;
  for (const n of p.eligible[s] ?? []) {
    if (state.isOpen(n) || !state.canAdd(s, n) || (keeps && !keeps(n))) continue;
    // Cost per replica-equivalent the node can take, counting only capacity that remaining demand could fill.
    let useful = Infinity;
    for (let k = 0; k < RESOURCES; k += 1) {
      const d = demandOn(p, s, n, k);
      if (d <= 0) continue;
      useful = Math.min(useful, Math.min(p.capacity[n * RESOURCES + k] ?? 0, Math.max(remaining[k] ?? 0, d)) / d);
    }
    if (!Number.isFinite(useful)) useful = 1;
    const score = (p.cost[n] ?? 0) / useful;
    if (score < bestScore || (score === bestScore && best >= 0 && capacityTotal(p, n) > capacityTotal(p, best))) {
      bestScore = score;
      best = n;
    }
  }
  return best;
}

function capacityTotal(p: CompiledProblem, n: number): number {
  return (p.capacity[n * RESOURCES + GPU] ?? 0) * 1e6 + (p.capacity[n * RESOURCES] ?? 0);
}

/** The eligible node where the replica leaves the lowest utilisation (ties: lower total use, then lower index). */
function leastLoadedNode(p: CompiledProblem, state: PlacementState, s: number): number {
  let best = -1;
  let bestUtil = Infinity;
  let bestSum = Infinity;
  for (const n of p.eligible[s] ?? []) {
    if (!state.canAdd(s, n)) continue;
    const util = state.utilisation(n, s, 1);
    if (util > bestUtil + 1e-12) continue;
    let sum = 0;
    for (let k = 0; k < RESOURCES; k += 1) {
      const cap = p.capacity[n * RESOURCES + k] ?? 0;
      if (cap > 0) sum += ((state.used[n * RESOURCES + k] ?? 0) + demandOn(p, s, n, k)) / cap;
    }
    if (util < bestUtil - 1e-12 || sum < bestSum) {
      best = n;
      bestUtil = util;
      bestSum = sum;
    }
  }
  return best;
}
