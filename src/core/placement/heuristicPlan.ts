// The greedy plan alone, no search: most constrained services first, best fit for pack and priority, least loaded
// for spread, with the proven bound. solvePlacement starts from the same greedy pass.
import { buildPlan } from './buildPlan';
import { compileProblem } from './compileProblem';
import { explainInfeasible } from './explainInfeasible';
import { greedyPlacement } from './greedyPlacement';
import { placementBound } from './placementBounds';
import type { Objective, PlacementProblem, Plan } from './placementProblem';
import { InvalidPlacementProblem, validateProblem } from './validateProblem';

export function heuristicPlan(problem: PlacementProblem, objective: Objective): Plan {
  const startedAt = performance.now();
  const issues = validateProblem(problem);
  if (issues.length > 0) throw new InvalidPlacementProblem(issues);
  const p = compileProblem(problem);
  let state = greedyPlacement(p, objective);
  if (objective !== 'priority' && state.unplacedReplicas() > 0) {
    // A partial plan keeps whole gangs and the most priority.
    const byPriority = greedyPlacement(p, 'priority', { order: 'priority' });
    if (byPriority.placedPriority() >= state.placedPriority()) state = byPriority;
  }
  const explanation = objective === 'priority' || state.unplacedReplicas() === 0 ? undefined : explainInfeasible(problem, p);
  return buildPlan(problem, p, state, {
    objective,
    bound: placementBound(p, objective),
    proven: false,
    stages: ['heuristic'],
    startedAt,
    explanation:
      explanation && explanation.length > 0
        ? explanation
        : ['The greedy pass did not place every replica; it is not proven impossible (solvePlacement searches further).'],
  });
}
