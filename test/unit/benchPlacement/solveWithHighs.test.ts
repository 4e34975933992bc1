import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { oversubscribe } from '../../../bench/placement/oversubscribe';
import { solveWithHighs } from '../../../bench/placement/solveWithHighs';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import { formulatePlacement } from '../../../src/core/placement/formulatePlacement';
import type { Objective, PlacementProblem } from '../../../src/core/placement/placementProblem';
import { planObjective } from '../../../src/core/placement/planObjective';
import { sampleProblem } from '../../../src/core/placement/sampleProblem';

// The seed by hand: C1=2, C2=3, C3=1 CPUs on N1=5, N2=4.
// pack: 6 CPUs fit no single node, so 2 nodes.
// spread: {C2}|{C1,C3} gives max(3/5, 3/4) = 0.75; {C1,C3}|{C2} also 0.75; {C2,C3}|{C1} 0.8; {C1,C2}|{C3} 1. Optimum 0.75.
// priority, replicas doubled (12 CPUs on 9, every priority 1): N1 = C1+C2, N2 = C1+C3+C3 places 5 replicas, and 6
//   cannot fit (the six smallest replicas, C3 C3 C1 C1 C2 C2, need 12 CPUs). Optimum 5.
const cases: [Objective, PlacementProblem, number][] = [
  ['pack', sampleProblem, 2],
  ['spread', sampleProblem, 0.75],
  ['priority', oversubscribe(sampleProblem, 2), 5],
];

for (const [objective, problem, optimum] of cases) {
  test(`HiGHS solves the written formulation of the seed (${objective}) to its hand-worked optimum ${optimum}, and the decoded plan is valid`, async () => {
    const formulation = formulatePlacement(problem, objective);
    const run = await solveWithHighs(formulation.model, { timeLimitSeconds: 10 });
    assert.equal(run.status, 'optimal');
    const assignments = formulation.decode(run.solution);
    const value = planObjective(problem, objective, assignments);
    assert.ok(Math.abs(value - optimum) < 1e-9, `recomputed ${value}`);
    assert.ok(Math.abs(run.bound - optimum) < 1e-6, `bound ${run.bound}`);
    const placed = new Map<string, number>();
    for (const a of assignments) placed.set(a.service, (placed.get(a.service) ?? 0) + a.replicas);
    const unplaced = problem.services
      .map((s) => ({ service: s.name, replicas: (s.replicas ?? 1) - (placed.get(s.name) ?? 0), reason: 'left out' }))
      .filter((u) => u.replicas > 0);
    const plan = { objective, status: 'optimal' as const, assignments, unplaced, objectiveValue: value, bound: optimum, gap: 0, solveMillis: run.millis, stages: ['highs'] };
    assert.deepEqual(checkPlan(problem, plan), []);
  });
}
