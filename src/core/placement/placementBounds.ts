// Fast proven bounds on the best objective, from relaxations that are easy to trust: forced nodes plus a fractional
// cover of the demand (pack), per-resource transportation flows with GPU rounding (spread), and per-resource
// fractional knapsacks (priority). Lower bounds for pack and spread, an upper bound for priority.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import { type DemandGroup, demandGroups, resourceFlow } from './demandGroups';
import type { Objective } from './placementProblem';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { GPU, RESOURCES, demandOn } = compiled;

/**
 * `quick`: skip the parts that cost more than the greedy plan itself (spread's flows). Whole-number costs make the
 * best pack cost whole, so the bound is rounded up (priority's down); a problem no plan fits gets 0 (pack, spread)
 * or Number.MAX_VALUE (priority) rather than an infinity, which JSON cannot carry.
 */
export function placementBound(p: CompiledProblem, objective: Objective, quick = false): number {
  switch (objective) {
    case 'pack':
      return roundedBound(p, objective, packBound(p));
    case 'spread':
      return roundedBound(p, objective, spreadBound(p, quick));
    case 'priority':
      return roundedBound(p, objective, priorityBound(p));
  }
}

export function roundedBound(p: CompiledProblem, objective: Objective, bound: number): number {
  if (!Number.isFinite(bound)) return objective === 'priority' ? Number.MAX_VALUE : 0;
  if (objective === 'pack' && p.cost.every((c) => Number.isInteger(c))) return Math.ceil(bound - 1e-6);
  if (objective === 'priority' && p.priority.every((c) => Number.isInteger(c))) return Math.floor(bound + 1e-6);
  return bound;
}

/** Nodes some service can only use: every plan pays for them. */
function forcedNodes(p: CompiledProblem): Set<number> {
  const forced = new Set<number>();
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    const eligible = p.eligible[s] ?? [];
    if ((p.replicas[s] ?? 0) > 0 && eligible.length === 1) forced.add(eligible[0] ?? 0);
  }
  return forced;
}

/** Cheapest fractional cover of `need` units of resource k from the given nodes; Infinity if they lack it. */
function fractionalCover(p: CompiledProblem, nodes: readonly number[], k: number, need: number): number {
  if (need <= 0) return 0;
  const usable = nodes.filter((n) => (p.capacity[n * RESOURCES + k] ?? 0) > 0);
  usable.sort((a, b) => (p.cost[a] ?? 0) / (p.capacity[a * RESOURCES + k] ?? 1) - (p.cost[b] ?? 0) / (p.capacity[b * RESOURCES + k] ?? 1));
  let total = 0;
  let left = need;
  for (const n of usable) {
    const cap = p.capacity[n * RESOURCES + k] ?? 0;
    const take = Math.min(cap, left);
    total += ((p.cost[n] ?? 0) * take) / cap;
    left -= take;
    if (left <= need * 1e-12) return total;
  }
  return Infinity;
}

function packBound(p: CompiledProblem): number {
  const forced = forcedNodes(p);
  let base = 0;
  for (const n of forced) base += p.cost[n] ?? 0;
  let best = base;
  const groups = demandGroups(p);
  const allNodes = p.nodeNames.map((_, n) => n);
  // Demand of the groups confined to a node set must be covered by that set: check each group's set and all nodes.
  const sets: (readonly number[])[] = [allNodes, ...groups.map((g) => g.nodes)];
  const nested = groups.length <= 300;
  for (const set of sets) {
    const inSet = new Set(set);
    const inside = nested || set === allNodes ? groups.filter((g) => g.nodes.every((n) => inSet.has(n))) : groups.filter((g) => g.nodes === set);
    const free = set.filter((n) => !forced.has(n));
    for (let k = 0; k < RESOURCES; k += 1) {
      let need = 0;
      for (const g of inside) need += g.demand[k] ?? 0;
      for (const n of set) if (forced.has(n)) need -= p.capacity[n * RESOURCES + k] ?? 0;
      best = Math.max(best, base + fractionalCover(p, free, k, need));
    }
  }
  // Anti-affinity: a service whose replicas need m distinct nodes pays for the m cheapest it may use.
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    const eligible = p.eligible[s] ?? [];
    if (eligible.length === 0) continue;
    let most = 0;
    for (const n of eligible) most = Math.max(most, p.maxOn[s * p.nodeNames.length + n] ?? 0);
    let needed = Math.ceil((p.replicas[s] ?? 0) / most);
    const costs: number[] = [];
    for (const n of eligible) {
      if (forced.has(n)) needed -= 1;
      else costs.push(p.cost[n] ?? 0);
    }
    if (needed <= 0) continue;
    if (needed > costs.length) return Infinity;
    costs.sort((a, b) => a - b);
    best = Math.max(best, base + costs.slice(0, needed).reduce((a, b) => a + b, 0));
  }
  return best;
}

function spreadBound(p: CompiledProblem, quick: boolean): number {
  let best = 0;
  const N = p.nodeNames.length;
  // Each replica lands somewhere: at least its smallest footprint on an eligible node.
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    if ((p.replicas[s] ?? 0) <= 0) continue;
    let least = Infinity;
    for (const n of p.eligible[s] ?? []) {
      let share = 0;
      for (let k = 0; k < RESOURCES; k += 1) {
        const cap = p.capacity[n * RESOURCES + k] ?? 0;
        if (cap > 0) share = Math.max(share, demandOn(p, s, n, k) / cap);
      }
      least = Math.min(least, share);
    }
    if (Number.isFinite(least)) best = Math.max(best, least);
  }
  const groups = demandGroups(p);
  for (let k = 0; k < RESOURCES; k += 1) {
    let z = quick ? averageShare(p, groups, k) : lowestFlowScale(p, groups, k);
    if (k === GPU) {
      // The highest GPU share is j/gpus of some node, for a whole j.
      let rounded = Infinity;
      for (let n = 0; n < N; n += 1) {
        const gpus = p.capacity[n * RESOURCES + GPU] ?? 0;
        if (gpus > 0) rounded = Math.min(rounded, Math.ceil(z * gpus - 1e-6) / gpus);
      }
      if (Number.isFinite(rounded)) z = Math.max(z, rounded);
    }
    best = Math.max(best, z);
  }
  return best;
}

/** Total demand over total capacity of resource k: every plan has a node at least this full. */
function averageShare(p: CompiledProblem, groups: readonly DemandGroup[], k: number): number {
  let demand = 0;
  for (const g of groups) demand += g.demand[k] ?? 0;
  let total = 0;
  for (let n = 0; n < p.nodeNames.length; n += 1) total += p.capacity[n * RESOURCES + k] ?? 0;
  return total > 0 ? demand / total : 0;
}

/** The smallest share of every node's capacity in resource k that holds the demand (bisection; a proven lower value). */
function lowestFlowScale(p: CompiledProblem, groups: readonly DemandGroup[], k: number): number {
  let demand = 0;
  for (const g of groups) demand += g.demand[k] ?? 0;
  if (demand <= 0) return 0;
  let total = 0;
  for (let n = 0; n < p.nodeNames.length; n += 1) total += p.capacity[n * RESOURCES + k] ?? 0;
  if (total <= 0) return 0;
  const holds = (scale: number): boolean => resourceFlow(p, groups, k, scale).placed >= demand * (1 - 1e-9);
  let lo = demand / total;
  let hi = 1;
  if (holds(lo)) return lo;
  if (!holds(hi)) return lo; // short even at full capacity: the problem is infeasible, the caller says so
  for (let i = 0; i < 24 && hi - lo > 1e-5; i += 1) {
    const mid = (lo + hi) / 2;
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return lo;
}

function priorityBound(p: CompiledProblem): number {
  let total = 0;
  const items: { value: number; weight: number[] }[] = [];
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    const eligible = p.eligible[s] ?? [];
    const r = p.replicas[s] ?? 0;
    if (eligible.length === 0 || r <= 0) continue;
    const value = r * (p.priority[s] ?? 0);
    total += value;
    const weight: number[] = [];
    for (let k = 0; k < RESOURCES; k += 1) {
      let least = Infinity;
      for (const n of eligible) least = Math.min(least, demandOn(p, s, n, k));
      weight.push(r * least);
    }
    items.push({ value, weight });
  }
  let best = total;
  for (let k = 0; k < RESOURCES; k += 1) {
    let capacity = 0;
    for (let n = 0; n < p.nodeNames.length; n += 1) capacity += p.capacity[n * RESOURCES + k] ?? 0;
    const sorted = items.slice().sort((a, b) => b.value / Math.max(b.weight[k] ?? 0, 1e-300) - a.value / Math.max(a.weight[k] ?? 0, 1e-300));
    let value = 0;
    let left = capacity;
    for (const item of sorted) {
      const w = item.weight[k] ?? 0;
      if (w <= left) {
        value += item.value;
        left -= w;
      } else {
        value += (item.value * left) / w;
        break;
      }
    }
    best = Math.min(best, value);
  }
  return best;
}
