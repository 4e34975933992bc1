// Lowers the cost of a complete pack plan: first by emptying nodes into the room others have left (or into one
// cheaper node), then by large-neighbourhood search: a few nodes are emptied and their replicas placed again
// exactly by yalps, on those nodes, a few closed ones, and what open helpers have left.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import * as bestFit from './leftOverShare';
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';
import { ruinAndRecreate } from './ruinAndRecreate';
import { solveCompiled } from './solveCompiled';
import { applySubProblem, subProblem } from './subProblem';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { leftOverShare } = bestFit;
const { RESOURCES, demandOn } = compiled;

/** Largest exact sub-model (count variables) tried per step: yalps's dense tableau stays fast below this. */
const MAX_SUB_VARIABLES = 220;

export function improvePack(state: PlacementState, ctx: SearchContext): void {
  emptyNodes(state, ctx);
  if (state.openCost() <= ctx.bound + 1e-9) return;
  // Ruin and recreate is fast and does most of the work; when it stalls, a few exact steps shake the plan.
  while (timeLeft(ctx) > 5 && state.openCost() > ctx.bound + 1e-9) {
    ruinAndRecreate(state, 'pack', ctx, STALL_STEPS);
    neighbourhoodSearch(state, ctx, 2);
  }
}

/** Ruin-and-recreate steps without a better plan after which the exact search takes a turn. */
const STALL_STEPS = 400;

function fill(p: CompiledProblem, state: PlacementState, n: number): number {
  let most = 0;
  for (let k = 0; k < RESOURCES; k += 1) {
    const cap = p.capacity[n * RESOURCES + k] ?? 0;
    if (cap > 0) most = Math.max(most, (state.used[n * RESOURCES + k] ?? 0) / cap);
  }
  return most;
}

/** Moves every replica off node t into open nodes (and `extra`, if given); undoes and returns false if one has no room. */
function tryEmpty(state: PlacementState, t: number, extra: number): boolean {
  const p = state.p;
  const moved: [number, number][] = [];
  const items = state.servicesOn(t).map((s) => [s, state.countOf(s, t)] as const);
  // Hardest first: fewest places to go, then the biggest.
  items.sort(([a], [b]) => (p.eligible[a]?.length ?? 0) - (p.eligible[b]?.length ?? 0) || leftOverShare(p, state, a, t) - leftOverShare(p, state, b, t));
  for (const [s, c] of items) state.remove(s, t, c);
  for (const [s, c] of items) {
    for (let i = 0; i < c; i += 1) {
      let best = -1;
      let bestScore = Infinity;
      for (const n of p.eligible[s] ?? []) {
        if (n === t || (!state.isOpen(n) && n !== extra) || !state.canAdd(s, n)) continue;
        const score = leftOverShare(p, state, s, n);
        if (score < bestScore) {
          bestScore = score;
          best = n;
        }
      }
      if (best < 0) {
        for (const [ms, mn] of moved) state.remove(ms, mn);
        for (const [rs, rc] of items) state.add(rs, t, rc);
        return false;
      }
      state.add(s, best);
      moved.push([s, best]);
    }
  }
  return true;
}

function emptyNodes(state: PlacementState, ctx: SearchContext): void {
  const p = state.p;
  const N = p.nodeNames.length;
  let changed = true;
  while (changed && timeLeft(ctx) > 0) {
    changed = false;
    const open = [...Array(N).keys()].filter((n) => state.isOpen(n));
    open.sort((a, b) => (p.cost[b] ?? 0) - (p.cost[a] ?? 0) || fill(p, state, a) - fill(p, state, b));
    for (const t of open) {
      if (timeLeft(ctx) <= 0) return;
      if ((p.cost[t] ?? 0) <= 0) continue;
      if (tryEmpty(state, t, -1)) {
        changed = true;
        ctx.improved(state);
        continue;
      }
      // One cheaper closed node of each class, cheapest first, might take what the others cannot.
      const seen = new Set<number>();
      const cheaper = [...Array(N).keys()]
        .filter((m) => !state.isOpen(m) && (p.cost[m] ?? 0) < (p.cost[t] ?? 0))
        .filter((m) => {
          const c = p.nodeClass[m] ?? m;
          if (seen.has(c)) return false;
          seen.add(c);
          return true;
        })
        .sort((a, b) => (p.cost[a] ?? 0) - (p.cost[b] ?? 0));
      for (const m of cheaper) {
        if (tryEmpty(state, t, m)) {
          changed = true;
          ctx.improved(state);
          break;
        }
      }
    }
  }
}

function neighbourhoodSearch(state: PlacementState, ctx: SearchContext, steps: number): void {
  const p = state.p;
  const N = p.nodeNames.length;
  const random = ctx.random;
  let stale = 0;
  while (timeLeft(ctx) > 5 && state.openCost() > ctx.bound + 1e-9 && stale < steps) {
    const open = [...Array(N).keys()].filter((n) => state.isOpen(n) && (p.cost[n] ?? 0) > 0);
    if (open.length === 0) return;
    // Cheap, lightly used nodes are the easiest to close; expensive ones save the most: weigh both.
    const target = pickWeighted(open, (n) => Math.sqrt(p.cost[n] ?? 0) * (1.05 - fill(p, state, n)) ** 2, random);
    const region = [target];
    const targetServices = state.servicesOn(target);
    // Open nodes the target's replicas could also use.
    const partners = open.filter((n) => n !== target && targetServices.some((s) => (p.maxOn[s * N + n] ?? 0) > 0));
    const extraOpen = Math.min(partners.length, 1 + Math.floor(random() * 2));
    for (let i = 0; i < extraOpen; i += 1) {
      const pick = partners.splice(Math.floor(random() * partners.length), 1)[0];
      if (pick !== undefined) region.push(pick);
    }
    const freed = new Set(region.flatMap((n) => state.servicesOn(n)));
    // Closed nodes the freed replicas may use: one per class, cheapest classes first.
    const classes = new Set<number>();
    const closed = [...Array(N).keys()]
      .filter((m) => !state.isOpen(m) && [...freed].some((s) => (p.maxOn[s * N + m] ?? 0) > 0))
      .sort((a, b) => (p.cost[a] ?? 0) - (p.cost[b] ?? 0) || random() - 0.5)
      .filter((m) => {
        const c = p.nodeClass[m] ?? m;
        if (classes.has(c)) return false;
        classes.add(c);
        return true;
      })
      .slice(0, 3);
    region.push(...closed);
    const inRegion = new Set(region);
    // Open nodes with room for the most freed replicas lend what they have left.
    const freedList = [...freed];
    const helpers = [...Array(N).keys()]
      .filter((h) => state.isOpen(h) && !inRegion.has(h))
      .map((h) => [h, roomFor(state, freedList, h) * (0.7 + random() * 0.6)] as const)
      .filter(([, room]) => room > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([h]) => h);
    let sub = subProblem(state, region, helpers);
    while (variableCount(sub.p) > MAX_SUB_VARIABLES && helpers.length > 0) {
      helpers.pop();
      sub = subProblem(state, region, helpers);
    }
    if (variableCount(sub.p) > MAX_SUB_VARIABLES) {
      stale += 1;
      continue;
    }
    const result = solveCompiled(sub.p, 'pack', Math.min(100, timeLeft(ctx)), 4000);
    const solved = result.state;
    if (!solved) {
      stale += 1;
      continue;
    }
    let newCost = 0;
    sub.nodes.forEach((n, j) => {
      if (inRegion.has(n) && solved.isOpen(j)) newCost += p.cost[n] ?? 0;
    });
    if (newCost < sub.regionCost - 1e-9) {
      applySubProblem(state, sub, solved, region);
      ctx.improved(state);
      stale = 0;
      emptyNodes(state, ctx);
    } else stale += 1;
  }
}

/** How many replicas of the given services node h could still take, one service at a time (a rough measure of room). */
function roomFor(state: PlacementState, services: readonly number[], h: number): number {
  const p = state.p;
  const N = p.nodeNames.length;
  let total = 0;
  for (const s of services) {
    let most = (p.maxOn[s * N + h] ?? 0) - state.countOf(s, h);
    for (let k = 0; k < RESOURCES && most > 0; k += 1) {
      const d = demandOn(p, s, h, k);
      if (d > 0) most = Math.min(most, Math.floor(((p.capacity[h * RESOURCES + k] ?? 0) - (state.used[h * RESOURCES + k] ?? 0)) / d + 1e-9));
    }
    total += Math.max(0, most);
  }
  return total;
}

function variableCount(p: CompiledProblem): number {
  let total = 0;
  for (const list of p.eligible) total += list.length;
  return total;
}

function pickWeighted(items: readonly number[], weight: (n: number) => number, random: () => number): number {
  const weights = items.map((n) => Math.max(weight(n), 1e-9));
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i += 1) {
    r -= weights[i] ?? 0;
    if (r <= 0) return items[i] ?? 0;
  }
  return items[items.length - 1] ?? 0;
}
