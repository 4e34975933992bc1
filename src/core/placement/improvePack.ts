// Lowers the cost of a complete pack plan: first by emptying nodes into the room others have left (or into one
// cheaper node), then by ruin and recreate until the time is up or the plan meets the proven bound.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import * as bestFit from './leftOverShare';
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';
import { ruinAndRecreate } from './ruinAndRecreate';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { leftOverShare } = bestFit;
const { RESOURCES } = compiled;

export function improvePack(state: PlacementState, ctx: SearchContext): void {
  emptyNodes(state, ctx);
  if (state.openCost() <= ctx.bound + 1e-9) return;
  // Ruin and recreate does most of the work. (Exact steps on a few nodes at a time were tried here too: yalps
  // rarely finishes such sub-models in time, and the time was better spent on more ruin-and-recreate steps.)
  ruinAndRecreate(state, 'pack', ctx);
}

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
