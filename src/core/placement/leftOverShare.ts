// Best-fit measure: what is left, as a share, of the resource a replica fills most on a node, once it is placed there.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import type { PlacementState } from './placementState';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { RESOURCES, demandOn } = compiled;

/** What is left, as a share, of the resource this replica fills most on node n, after placing it. */
export function leftOverShare(p: CompiledProblem, state: PlacementState, s: number, n: number): number {
  let tightest = -1;
  let left = 1;
  for (let k = 0; k < RESOURCES; k += 1) {
    const cap = p.capacity[n * RESOURCES + k] ?? 0;
    const d = demandOn(p, s, n, k);
    if (cap <= 0 || d <= 0) continue;
    const share = d / cap;
    if (share > tightest) {
      tightest = share;
      left = (cap - (state.used[n * RESOURCES + k] ?? 0) - d) / cap;
    }
  }
  return left;
}
