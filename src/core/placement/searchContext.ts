// What the improvement searches share: when to stop, a seeded random source, the proven bound, and where to report.
import type { PlacementState } from './placementState';

export interface SearchContext {
  /** performance.now() value after which a search returns. */
  readonly deadline: number;
  readonly random: () => number;
  /** Proven bound on the objective: a search stops when it reaches it. */
  readonly bound: number;
  /** Called with the state after each improvement. */
  improved(state: PlacementState): void;
}

export function timeLeft(ctx: SearchContext): number {
  return ctx.deadline - performance.now();
}
