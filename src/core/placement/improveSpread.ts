// Lowers the highest utilisation of a complete spread plan: moves and swaps that take load off the busiest nodes,
// ruin and recreate around them, and exact steps that empty the busiest nodes and a few others and balance them.
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';
import { ruinAndRecreate } from './ruinAndRecreate';
import { solveCompiled } from './solveCompiled';
import { applySubProblem, subProblem } from './subProblem';

const EPS = 1e-9;
const MAX_SUB_VARIABLES = 160;
/** Ruin-and-recreate steps without a better plan after which the other moves take a turn. */
const STALL_STEPS = 300;

export function improveSpread(state: PlacementState, ctx: SearchContext): void {
  let stale = 0;
  while (timeLeft(ctx) > 2 && state.maxUtilisation() > ctx.bound + EPS && stale < 200) {
    if (localMoves(state, ctx)) ctx.improved(state);
    if (state.maxUtilisation() <= ctx.bound + EPS || timeLeft(ctx) <= 2) return;
    const before = state.maxUtilisation();
    ruinAndRecreate(state, 'spread', ctx, STALL_STEPS);
    if (state.maxUtilisation() < before - EPS) stale = 0;
    if (state.maxUtilisation() <= ctx.bound + EPS || timeLeft(ctx) <= 2) return;
    if (balanceRegion(state, ctx)) {
      stale = 0;
      ctx.improved(state);
    } else stale += 1;
  }
}

/** Moves and swaps off the nodes at the highest utilisation while any helps; true if the maximum went down. */
function localMoves(state: PlacementState, ctx: SearchContext): boolean {
  const start = state.maxUtilisation();
  const p = state.p;
  const N = p.nodeNames.length;
  for (;;) {
    if (timeLeft(ctx) <= 2) break;
    const top = state.maxUtilisation();
    const busiest = [...Array(N).keys()].filter((n) => state.utilisation(n) >= top - EPS);
    let moved = false;
    for (const b of busiest) {
      if (relieve(state, b, top)) {
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return state.maxUtilisation() < start - EPS;
}

/** One move or swap that brings node b below `top` without lifting another node to it. */
function relieve(state: PlacementState, b: number, top: number): boolean {
  const p = state.p;
  const N = p.nodeNames.length;
  let best: [number, number, number, number] | undefined; // s, m, t (-1: move), resulting max
  let bestValue = top - EPS;
  for (const s of state.servicesOn(b)) {
    state.remove(s, b);
    const bAfter = state.utilisation(b);
    for (const m of p.eligible[s] ?? []) {
      if (m === b) continue;
      if (state.canAdd(s, m)) {
        const value = Math.max(bAfter, state.utilisation(m, s, 1));
        if (value < bestValue) {
          bestValue = value;
          best = [s, m, -1, value];
        }
        continue;
      }
      // Swap with a replica of another service on m that fits on b.
      for (const t of state.servicesOn(m)) {
        if (t === s || (p.maxOn[t * N + b] ?? 0) === 0) continue;
        state.remove(t, m);
        if (state.canAdd(s, m) && state.canAdd(t, b)) {
          const value = Math.max(state.utilisation(b, t, 1), state.utilisation(m, s, 1));
          if (value < bestValue) {
            bestValue = value;
            best = [s, m, t, value];
          }
        }
        state.add(t, m);
      }
    }
    state.add(s, b);
  }
  if (!best) return false;
  const [s, m, t] = best;
  state.remove(s, b);
  if (t >= 0) {
    state.remove(t, m);
    state.add(t, b);
  }
  state.add(s, m);
  return true;
}

/** Empties the busiest node(s) and a few others and re-balances them exactly; true if their highest load went down. */
function balanceRegion(state: PlacementState, ctx: SearchContext): boolean {
  const p = state.p;
  const N = p.nodeNames.length;
  const random = ctx.random;
  const top = state.maxUtilisation();
  const busiest = [...Array(N).keys()].filter((n) => state.utilisation(n) >= top - EPS);
  const region = busiest.slice(0, 2);
  const services = new Set(region.flatMap((n) => state.servicesOn(n)));
  const others = [...Array(N).keys()].filter((n) => !region.includes(n) && [...services].some((s) => (p.maxOn[s * N + n] ?? 0) > 0));
  const extra = 2 + Math.floor(random() * 3);
  for (let i = 0; i < extra && others.length > 0; i += 1) {
    // Prefer lightly loaded nodes, with some randomness.
    others.sort((a, b) => state.utilisation(a) - state.utilisation(b) + (random() - 0.5) * 0.2);
    const pick = others.splice(Math.floor(random() * Math.min(3, others.length)), 1)[0];
    if (pick !== undefined) region.push(pick);
  }
  let sub = subProblem(state, region);
  while (variableCount(sub.p.eligible) > MAX_SUB_VARIABLES && region.length > 2) {
    region.pop();
    sub = subProblem(state, region);
  }
  if (variableCount(sub.p.eligible) > MAX_SUB_VARIABLES) return false;
  let before = 0;
  for (const n of region) before = Math.max(before, state.utilisation(n));
  const result = solveCompiled(sub.p, 'spread', Math.min(100, timeLeft(ctx)), 3000);
  const solved = result.state;
  if (!solved) return false;
  let after = 0;
  sub.nodes.forEach((_, j) => {
    after = Math.max(after, solved.utilisation(j));
  });
  if (after >= before - EPS) return false;
  applySubProblem(state, sub, solved);
  return true;
}

function variableCount(eligible: readonly (readonly number[])[]): number {
  let total = 0;
  for (const list of eligible) total += list.length;
  return total;
}
