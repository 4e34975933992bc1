// The finishing touch of a pack plan: among plans that pay for the same nodes, prefer the one whose busiest node
// is least busy (headroom where it costs nothing). Replicas only move between the nodes already open.
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';
import { improveSpread } from './improveSpread';
import { placementBound } from './placementBounds';
import { solveCompiled } from './solveCompiled';
import { applySubProblem, subProblem } from './subProblem';

/** Sub-models up to this many count variables are balanced exactly. */
const EXACT_VARIABLES = 150;

export function balanceOpenNodes(state: PlacementState, ctx: SearchContext): void {
  const p = state.p;
  const open = [...Array(p.nodeNames.length).keys()].filter((n) => state.isOpen(n));
  if (open.length < 2 || timeLeft(ctx) <= 2) return;
  const sub = subProblem(state, open);
  const current = sub.current;
  const before = current.maxUtilisation();
  let variables = 0;
  for (const list of sub.p.eligible) variables += list.length;
  let balanced = current;
  if (variables <= EXACT_VARIABLES) {
    const exact = solveCompiled(sub.p, 'spread', timeLeft(ctx));
    if (exact.state && exact.state.maxUtilisation() < before - 1e-12) balanced = exact.state;
  } else {
    improveSpread(current, { ...ctx, bound: placementBound(sub.p, 'spread'), improved: () => undefined });
  }
  if (balanced.maxUtilisation() < before - 1e-12) {
    applySubProblem(state, sub, balanced);
    ctx.improved(state);
  }
}
