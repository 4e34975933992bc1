// Ruin and recreate: take the replicas off a few nodes (or a handful of replicas here and there), place them again
// with the randomised greedy, and keep the result by late acceptance (no worse than a while ago). Pack breaks ties
// in cost towards fuller expensive nodes (how nodes get emptied over several steps); spread towards an even load;
// priority re-inserts left-out replicas too, and takes gangs off whole so that they come back whole or not at all.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import { greedyPlacement } from './greedyPlacement';
import type { Objective } from './placementProblem';
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { RESOURCES, demandOn } = compiled;

/** Late-acceptance history length: a candidate may be as bad as the plan this many steps ago. */
const HISTORY = 20;

/**
 * Improves `state` in place until the deadline, the bound, or `stopAfter` steps without a better plan (by default
 * many more than it takes to find one on the benchmark's instances: a converged search on a small problem stops).
 */
export function ruinAndRecreate(state: PlacementState, objective: Objective, ctx: SearchContext, stopAfter = stallLimit(state)): void {
  const p = state.p;
  const random = ctx.random;
  let current = state.clone();
  let candidate = state.clone();
  const score = scoring(p, objective);
  const value = (s: PlacementState): number => (objective === 'pack' ? s.openCost() : objective === 'spread' ? s.maxUtilisation() : -s.placedPriority());
  const target = objective === 'priority' ? -ctx.bound : ctx.bound;
  let currentScore = score(current);
  const history = new Array<number>(HISTORY).fill(currentScore);
  let sinceBest = 0;
  for (let step = 0; timeLeft(ctx) > 1 && value(state) > target + 1e-9 && sinceBest < stopAfter; step += 1) {
    candidate.copyFrom(current);
    const touched = ruin(candidate, objective, random);
    greedyPlacement(p, objective, { state: candidate, services: touched, random });
    sinceBest += 1;
    if (objective !== 'priority' && candidate.unplacedReplicas() > 0) continue;
    const s = score(candidate);
    const slot = step % HISTORY;
    if (s <= currentScore + 1e-12 || s <= (history[slot] ?? Infinity)) {
      [current, candidate] = [candidate, current];
      currentScore = s;
    }
    history[slot] = Math.min(history[slot] ?? Infinity, currentScore);
    if (value(current) < value(state) - 1e-9 * Math.max(1, Math.abs(value(state)))) {
      state.copyFrom(current);
      sinceBest = 0;
      ctx.improved(state);
    }
  }
}

function stallLimit(state: PlacementState): number {
  let replicas = 0;
  for (const r of state.p.replicas) replicas += r;
  return 2000 + 30 * replicas;
}

/** Lower is better: the objective first, a small tie-break second. */
function scoring(p: CompiledProblem, objective: Objective): (s: PlacementState) => number {
  if (objective === 'pack') {
    const weight = tieBreakWeight(p);
    return (s) => s.openCost() - weight * concentration(p, s);
  }
  if (objective === 'spread') {
    const N = Math.max(1, p.nodeNames.length);
    return (s) => {
      let squares = 0;
      for (let n = 0; n < N; n += 1) squares += s.utilisation(n) ** 2;
      return s.maxUtilisation() + (1e-3 * squares) / N;
    };
  }
  let smallest = Infinity;
  for (const v of p.priority) if (v > 0) smallest = Math.min(smallest, v);
  const weight = Number.isFinite(smallest) ? smallest * 0.5 : 0;
  return (s) => -s.placedPriority() - weight * concentration(p, s);
}

/** A weight small enough that the tie-break never outweighs the cheapest node. */
function tieBreakWeight(p: CompiledProblem): number {
  let cheapest = Infinity;
  for (const c of p.cost) if (c > 0) cheapest = Math.min(cheapest, c);
  return Number.isFinite(cheapest) ? cheapest * 0.5 : 0;
}

/** 0..1: how much of the cost sits in full nodes (cost-weighted mean of squared fill). */
function concentration(p: CompiledProblem, s: PlacementState): number {
  let total = 0;
  let weight = 0;
  for (let n = 0; n < p.nodeNames.length; n += 1) {
    const c = p.cost[n] ?? 0;
    weight += c;
    if (!s.isOpen(n)) continue;
    const f = meanFill(p, s, n);
    total += c * f * f;
  }
  return weight > 0 ? total / weight : 0;
}

function meanFill(p: CompiledProblem, s: PlacementState, n: number): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < RESOURCES; k += 1) {
    const cap = p.capacity[n * RESOURCES + k] ?? 0;
    if (cap <= 0) continue;
    sum += (s.used[n * RESOURCES + k] ?? 0) / cap;
    count += 1;
  }
  return count > 0 ? sum / count : 0;
}

/** Takes replicas off the state and returns the services to place again. */
function ruin(state: PlacementState, objective: Objective, random: () => number): number[] {
  const p = state.p;
  const N = p.nodeNames.length;
  const open: number[] = [];
  for (let n = 0; n < N; n += 1) if (state.isOpen(n)) open.push(n);
  const touched = new Set<number>();
  const clear = (n: number): void => {
    for (const [s] of state.clearNode(n)) touched.add(s);
  };
  if (objective === 'spread') {
    // The busiest node always: that is where the objective is.
    let busiest = -1;
    let worst = -1;
    for (const n of open) {
      const u = state.utilisation(n);
      if (u > worst) {
        worst = u;
        busiest = n;
      }
    }
    if (busiest >= 0) {
      clear(busiest);
      open.splice(open.indexOf(busiest), 1);
    }
  }
  const r = random();
  if (r < 0.2 && open.length > 1) {
    // A light node and what blocks its tenants elsewhere: on open nodes with room in the tenants' scarcest resource
    // (free GPUs, say), the replicas that do not use that resource come off too, so the room can be used.
    const weights = open.map((n) => Math.sqrt(Math.max(p.cost[n] ?? 0, 1e-3)) * (1.05 - meanFill(p, state, n)) ** 2);
    const t = open[pickIndex(weights, random)] ?? 0;
    const k = scarcest(p, state, t);
    const tenants = state.servicesOn(t);
    clear(t);
    if (k >= 0) {
      const partners = open
        .filter((n) => n !== t && (p.capacity[n * RESOURCES + k] ?? 0) - (state.used[n * RESOURCES + k] ?? 0) > 0 && tenants.some((s) => (p.maxOn[s * N + n] ?? 0) > 0))
        .sort(() => random() - 0.5)
        .slice(0, 1 + Math.floor(random() * 3));
      for (const n of partners) {
        for (const s of state.servicesOn(n)) {
          if (demandOn(p, s, n, k) > 0 || (p.eligible[s]?.length ?? 0) < 2) continue;
          state.remove(s, n, state.countOf(s, n));
          touched.add(s);
        }
      }
    }
  } else if (r < 0.35 && open.length > 1) {
    // Several nodes of one type (same cost and capacity): their constrained tenants get repacked among themselves.
    const t = open[Math.floor(random() * open.length)] ?? 0;
    const sameType = open.filter((n) => sameCapacity(p, n, t));
    const count = Math.min(sameType.length, 2 + Math.floor(random() * 4));
    for (let i = 0; i < count; i += 1) {
      const n = sameType.splice(Math.floor(random() * sameType.length), 1)[0];
      if (n !== undefined) clear(n);
    }
  } else if (r < 0.7 && open.length > 0) {
    // Whole nodes: light ones (easy to empty) weighed by what closing them saves.
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count && open.length > 0; i += 1) {
      const weights = open.map((n) => Math.sqrt(Math.max(p.cost[n] ?? 0, 1e-3)) * (1.05 - meanFill(p, state, n)) ** 2);
      const n = open.splice(pickIndex(weights, random), 1)[0];
      if (n !== undefined) clear(n);
    }
  } else {
    // Scattered replicas: a few from random open nodes, so load can shift between nodes that stay open.
    const count = 4 + Math.floor(random() * 12);
    for (let i = 0; i < count && open.length > 0; i += 1) {
      const n = open[Math.floor(random() * open.length)] ?? 0;
      const here = state.servicesOn(n);
      const s = here[Math.floor(random() * here.length)];
      if (s === undefined) continue;
      state.remove(s, n);
      touched.add(s);
      if (!state.isOpen(n)) open.splice(open.indexOf(n), 1);
    }
  }
  if (objective === 'priority') {
    // Left-out replicas get their chance, and a touched gang comes off whole so that it returns whole or not at all.
    for (let s = 0; s < p.serviceNames.length; s += 1) if ((state.placed[s] ?? 0) < (p.replicas[s] ?? 0) && (p.eligible[s]?.length ?? 0) > 0) touched.add(s);
    for (const s of [...touched]) {
      const g = p.gangOf[s] ?? -1;
      if (g < 0) continue;
      for (const m of p.gangs[g] ?? []) {
        touched.add(m);
        for (let n = 0; n < N; n += 1) {
          const c = state.countOf(m, n);
          if (c > 0) state.remove(m, n, c);
        }
      }
    }
  }
  return [...touched];
}

function sameCapacity(p: CompiledProblem, a: number, b: number): boolean {
  if ((p.cost[a] ?? 0) !== (p.cost[b] ?? 0)) return false;
  for (let k = 0; k < RESOURCES; k += 1) if ((p.capacity[a * RESOURCES + k] ?? 0) !== (p.capacity[b * RESOURCES + k] ?? 0)) return false;
  return true;
}

function pickIndex(weights: readonly number[], random: () => number): number {
  let pick = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length - 1; i += 1) {
    pick -= weights[i] ?? 0;
    if (pick <= 0) return i;
  }
  return weights.length - 1;
}

/** The resource node n's tenants need that the cluster has least of, relative to demand (GPUs, typically); -1: none. */
function scarcest(p: CompiledProblem, state: PlacementState, n: number): number {
  let best = -1;
  let bestShare = 0;
  for (let k = 0; k < RESOURCES; k += 1) {
    const used = state.used[n * RESOURCES + k] ?? 0;
    if (used <= 0) continue;
    let total = 0;
    for (let m = 0; m < p.nodeNames.length; m += 1) total += p.capacity[m * RESOURCES + k] ?? 0;
    const share = total > 0 ? used / total : 0;
    if (share > bestShare) {
      bestShare = share;
      best = k;
    }
  }
  return best;
}
