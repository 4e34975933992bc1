// Runs yalps on the exact model of a (small) compiled problem and returns the counts only if they are a valid
// placement: the solver's report is never trusted as is (a timed-out search can report a wrong objective).
import { solve } from 'yalps';
import type { CompiledProblem } from './compileProblem';
import { formulateCompiled } from './formulatePlacement';
import type { Objective } from './placementProblem';
import { PlacementState } from './placementState';

export interface ExactResult {
  /** `optimal`: proven; `found`: a valid solution, not proven; `infeasible`: proven none; `none`: nothing usable. */
  readonly status: 'optimal' | 'found' | 'infeasible' | 'none';
  readonly state: PlacementState | undefined;
}

export function solveCompiled(p: CompiledProblem, objective: Objective, timeoutMs: number, maxIterations = 32768): ExactResult {
  const { model, decodeCounts } = formulateCompiled(p, objective);
  let solution;
  try {
    solution = solve(model, { timeout: Math.max(1, timeoutMs), maxIterations, maxPivots: 100_000 });
  } catch {
    return { status: 'none', state: undefined };
  }
  if (solution.status === 'infeasible') return { status: 'infeasible', state: undefined };
  if (solution.status !== 'optimal' && solution.status !== 'timedout') return { status: 'none', state: undefined };
  if (Number.isNaN(solution.result)) return { status: 'none', state: undefined };
  const state = new PlacementState(p);
  for (const [s, n, count] of decodeCounts(solution)) {
    if (!state.canAdd(s, n, count)) return { status: 'none', state: undefined };
    state.add(s, n, count);
  }
  if (objective !== 'priority') {
    for (let s = 0; s < p.serviceNames.length; s += 1) if ((state.placed[s] ?? 0) !== (p.replicas[s] ?? 0)) return { status: 'none', state: undefined };
  } else {
    for (const members of p.gangs) {
      const full = members.every((s) => state.placed[s] === p.replicas[s]);
      const none = members.every((s) => state.placed[s] === 0);
      if (!full && !none) return { status: 'none', state: undefined };
    }
  }
  return { status: solution.status === 'optimal' ? 'optimal' : 'found', state };
}
