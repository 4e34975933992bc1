// Solves a placement problem in-process within a time limit: a greedy plan at once, then an exact solve when the
// model is small, else ruin-and-recreate search, always with a proven bound and the gap to it. For pack and spread,
// when not everything fits, the best partial plan (by priority) comes with a reason a person can act on.
import { balanceOpenNodes } from './balanceOpenNodes';
import { buildPlan } from './buildPlan';
import { type CompiledProblem, compileProblem } from './compileProblem';
import { explainInfeasible } from './explainInfeasible';
import { greedyPlacement } from './greedyPlacement';
import { improvePack } from './improvePack';
import { improveSpread } from './improveSpread';
import { lpPackBound } from './lpPackBound';
import { placementBound, roundedBound } from './placementBounds';
import { repairPlacement } from './repairPlacement';
import { ruinAndRecreate } from './ruinAndRecreate';
import type { Objective, PlacementProblem, Plan } from './placementProblem';
import type { PlacementState } from './placementState';
import type { SearchContext } from './searchContext';
import { seededRandom } from './seededRandom';
import { solveCompiled } from './solveCompiled';
import { InvalidPlacementProblem, validateProblem } from './validateProblem';

export interface SolveOptions {
  readonly objective: Objective;
  /** Wall-clock budget for the search (default 2000). The first exact LP of a small model is not interruptible. */
  readonly timeLimitMs?: number;
  /** Called with the heuristic plan first, then with each better one. */
  readonly onPlan?: (plan: Plan) => void;
}

/** Models up to this many count variables are solved exactly first (yalps proves these in milliseconds). */
const EXACT_VARIABLES = 150;

export function solvePlacement(problem: PlacementProblem, options: SolveOptions): Plan {
  const startedAt = performance.now();
  const issues = validateProblem(problem);
  if (issues.length > 0) throw new InvalidPlacementProblem(issues);
  const objective = options.objective;
  const deadline = startedAt + Math.max(0, options.timeLimitMs ?? 2000);
  const p = compileProblem(problem);
  // Proven reasons nothing places every replica: only looked for when a plan leaves something out.
  let proofs: string[] | undefined;
  const proof = (): string[] => (proofs ??= objective === 'priority' ? [] : explainInfeasible(problem, p));
  // The quick bound now, the full one once the first plan is out.
  let bound = placementBound(p, objective, true);
  const stages = ['heuristic'];
  let proven = false;
  let best = firstGreedy(p, objective, deadline);

  let reported: Plan | undefined;
  let reportedState: PlacementState | undefined;
  const explanation = (state: PlacementState): string[] | undefined => {
    if (objective === 'priority' || state.unplacedReplicas() === 0) return undefined;
    if (proof().length > 0) return proof();
    return [
      `Berth found no plan that places every replica within ${Math.round(deadline - startedAt)} ms; it is not proven impossible. ` +
        'The plan below places what it could, by priority. Add capacity, lower requests or replicas, or allow more time.',
    ];
  };
  const snapshot = (state: PlacementState): Plan =>
    buildPlan(problem, p, state, { objective, bound, proven, stages: [...stages], startedAt, explanation: explanation(state) });
  const report = (state: PlacementState): void => {
    if (reportedState && !isBetterState(objective, state, reportedState)) return;
    reportedState = state.clone();
    reported = snapshot(state);
    options.onPlan?.(reported);
  };
  report(best);
  if (performance.now() < deadline) {
    best = moreGreedy(p, objective, deadline, best);
    report(best);
  }
  if (performance.now() < deadline) bound = tighter(objective, bound, placementBound(p, objective));

  const ctx = (state: PlacementState, boundNow: number, onBetter: (s: PlacementState) => void): SearchContext => ({
    deadline,
    random: seededRandom(0x5eed + state.p.nodeNames.length),
    bound: boundNow,
    improved: onBetter,
  });

  // Pack keeps a little time to balance the nodes it pays for (see balanceOpenNodes).
  const limitMs = deadline - startedAt;
  const searchDeadline = objective === 'pack' ? deadline - Math.min(200, limitMs * 0.1) : deadline;
  if (best.unplacedReplicas() === 0 && gapTo(objective, value(objective, best), bound) <= 1e-9) proven = true;

  // Small models: solve exactly (this also settles feasibility when the heuristic left something out).
  if (!proven && variableCount(p) <= EXACT_VARIABLES && performance.now() < searchDeadline) {
    // Half the time at most: when yalps cannot prove it by then, the search does better with the rest.
    const result = solveCompiled(p, objective, Math.min(searchDeadline - performance.now(), limitMs * 0.5));
    if (result.status === 'optimal' && result.state) {
      stages.push('exact');
      best = result.state;
      proven = true;
    } else if (result.state && isBetterState(objective, result.state, best)) {
      stages.push('exact');
      best = result.state;
    } else if (result.status === 'infeasible' && objective !== 'priority' && proof().length === 0) {
      proof().push('No placement fits every replica: the exact search tried them all. Add capacity, or lower requests, replicas or constraints.');
    }
    report(best);
  }

  if (!proven && best.unplacedReplicas() > 0 && objective !== 'priority') {
    // Place as much as possible (by priority) first; if everything fits after all, optimise the objective from there.
    const partial = best.clone();
    const partialCtx = { ...ctx(partial, 0, (s: PlacementState) => report(s)), deadline: searchDeadline };
    repairPlacement(partial, partialCtx);
    if (partial.unplacedReplicas() > 0) {
      ruinAndRecreate(partial, 'priority', { ...partialCtx, bound: placementBound(p, 'priority') });
    }
    if (isBetterState(objective, partial, best)) best = partial;
    if (!stages.includes('improve')) stages.push('improve');
  }

  if (!proven && (best.unplacedReplicas() === 0 || objective === 'priority')) {
    const working = best.clone();
    const search = (until: number): void => {
      const slice = { ...ctx(working, bound, (s) => report(s)), deadline: Math.min(searchDeadline, until) };
      if (objective === 'pack') improvePack(working, slice);
      else if (objective === 'spread') improveSpread(working, slice);
      else if (working.unplacedReplicas() > 0) ruinAndRecreate(working, 'priority', slice);
    };
    if (objective === 'pack') {
      const lp = lpPackBound(p, searchDeadline);
      if (lp !== undefined) bound = Math.max(bound, roundedBound(p, 'pack', lp));
      // Search a while, then try the much stronger whole-node bound (it often proves the plan optimal), then search on.
      search(performance.now() + (searchDeadline - performance.now()) * 0.25);
      if (gapTo(objective, working.openCost(), bound) > 1e-9 && performance.now() < searchDeadline) {
        const mip = lpPackBound(p, searchDeadline, { integral: true, timeoutMs: (searchDeadline - performance.now()) * 0.45 });
        if (mip !== undefined) bound = Math.max(bound, roundedBound(p, 'pack', mip));
      }
    }
    search(searchDeadline);
    if (isBetterState(objective, working, best)) best = working;
    if (!stages.includes('improve')) stages.push('improve');
    if (performance.now() >= searchDeadline - 10 && gapTo(objective, value(objective, best), bound) > 1e-9) stages.push('timeout');
  }
  if (objective === 'pack' && best.unplacedReplicas() === 0) {
    const balanced = best.clone();
    balanceOpenNodes(balanced, { ...ctx(balanced, 0, () => undefined), deadline });
    if (balanced.openCost() <= best.openCost() + 1e-9 && balanced.maxUtilisation() < best.maxUtilisation() - 1e-12) {
      best = balanced;
      if (!stages.includes('improve')) stages.push('improve');
    }
  }
  const final = snapshot(best);
  if (!reported || !reportedState || isBetterState(objective, best, reportedState) || final.status !== reported.status || final.bound !== reported.bound) {
    options.onPlan?.(final);
  }
  return final;
}

/** The constrained-first greedy plan (made complete by evictions if it can be): the plan reported at once. */
function firstGreedy(p: CompiledProblem, objective: Objective, deadline: number): PlacementState {
  const state = greedyPlacement(p, objective);
  if (objective !== 'priority' && state.unplacedReplicas() > 0) repairPlacement(state, { deadline, random: () => 0.5, bound: 0, improved: () => undefined });
  return state;
}

/** Other greedy orders, and for a plan that leaves replicas out, rounds that place those first. */
function moreGreedy(p: CompiledProblem, objective: Objective, deadline: number, start: PlacementState): PlacementState {
  let best = start;
  const consider = (state: PlacementState): void => {
    // A greedy pass that leaves a few replicas out is often one eviction away from a complete, cheap plan.
    if (objective !== 'priority' && state.unplacedReplicas() > 0) repairPlacement(state, { deadline, random: () => 0.5, bound: 0, improved: () => undefined });
    if (isBetterState(objective, state, best)) best = state;
  };
  // Spreading fragments what is left; best fit leaves bigger holes, so a packed plan may be complete where it is not.
  if (objective === 'spread' && best.unplacedReplicas() > 0) consider(greedyPlacement(p, 'pack'));
  if (performance.now() >= deadline) return best;
  consider(greedyPlacement(p, objective, { order: objective === 'priority' ? 'density' : 'size' }));
  if (performance.now() >= deadline) return best;
  // Squeaky wheel: whatever was left out goes first next time (a few rounds, while they help).
  const first = new Set<number>();
  for (let round = 0; round < 3 && objective !== 'priority' && best.unplacedReplicas() > 0 && performance.now() < deadline; round += 1) {
    const current = best;
    for (let s = 0; s < p.serviceNames.length; s += 1) if ((current.placed[s] ?? 0) < (p.replicas[s] ?? 0) && (p.eligible[s]?.length ?? 0) > 0) first.add(s);
    consider(greedyPlacement(p, objective, { first }));
  }
  if (objective !== 'priority' && best.unplacedReplicas() > 0) {
    // Not everything fits this way: keep the partial plan that is best by priority.
    const byPriority = greedyPlacement(p, 'priority', { order: 'priority' });
    if (byPriority.placedPriority() > best.placedPriority() || gangSplit(p, best)) best = byPriority;
  }
  return best;
}

function tighter(objective: Objective, a: number, b: number): number {
  return objective === 'priority' ? Math.min(a, b) : Math.max(a, b);
}

function gangSplit(p: CompiledProblem, state: PlacementState): boolean {
  return p.gangs.some((members) => !members.every((s) => state.placed[s] === p.replicas[s]) && !members.every((s) => state.placed[s] === 0));
}

function value(objective: Objective, state: PlacementState): number {
  return objective === 'pack' ? state.openCost() : objective === 'spread' ? state.maxUtilisation() : state.placedPriority();
}

/** Complete plans beat partial ones; then the objective decides. */
function isBetterState(objective: Objective, a: PlacementState, b: PlacementState): boolean {
  if (objective !== 'priority') {
    const ua = a.unplacedReplicas();
    const ub = b.unplacedReplicas();
    if (ua !== ub) return ua < ub;
    if (ua > 0) return a.placedPriority() > b.placedPriority() + 1e-9;
  }
  const va = value(objective, a);
  const vb = value(objective, b);
  return objective === 'priority' ? va > vb + 1e-9 : va < vb - 1e-9 * Math.max(1, Math.abs(vb));
}

function gapTo(objective: Objective, v: number, bound: number): number {
  return (objective === 'priority' ? bound - v : v - bound) / Math.max(Math.abs(v), 1e-9);
}

function variableCount(p: CompiledProblem): number {
  let total = 0;
  for (const list of p.eligible) total += list.length;
  return total;
}
