// Seeded random instances: every plan passes the independent checker; on tiny ones the exact model and the solver
// reach the brute-force optimum, and every bound is on the right side of it.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { solve } from 'yalps';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import { compileProblem } from '../../../src/core/placement/compileProblem';
import { formulatePlacement } from '../../../src/core/placement/formulatePlacement';
import { lpPackBound } from '../../../src/core/placement/lpPackBound';
import { placementBound } from '../../../src/core/placement/placementBounds';
import type { Objective } from '../../../src/core/placement/placementProblem';
import { planObjective } from '../../../src/core/placement/planObjective';
import { solvePlacement } from '../../../src/core/placement/solvePlacement';
import { bruteForce } from './bruteForce';
import { randomProblem } from './randomProblem';

const OBJECTIVES: readonly Objective[] = ['pack', 'spread', 'priority'];
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

describe('random instances', () => {
  test('every plan passes checkPlan (40 instances × 3 objectives, up to 30 services × 8 nodes)', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const problem = randomProblem(seed, { services: 5 + (seed % 26), nodes: 2 + (seed % 7) });
      for (const objective of OBJECTIVES) {
        const plan = solvePlacement(problem, { objective, timeLimitMs: 40 });
        assert.deepEqual(checkPlan(problem, plan), [], `seed ${seed}, ${objective}`);
        if (plan.status === 'infeasible') assert.ok((plan.explanation?.length ?? 0) > 0, `seed ${seed}, ${objective}: no explanation`);
      }
    }
  });

  test('the solver reaches the brute-force optimum on tiny instances, and says when there is none', () => {
    let compared = 0;
    let infeasible = 0;
    for (let seed = 100; seed < 160; seed += 1) {
      const problem = randomProblem(seed, { services: 4, nodes: 3, totalReplicas: 6 });
      for (const objective of OBJECTIVES) {
        const truth = bruteForce(problem, objective);
        const plan = solvePlacement(problem, { objective, timeLimitMs: 400 });
        assert.deepEqual(checkPlan(problem, plan), [], `seed ${seed}, ${objective}`);
        if (truth.best === undefined) {
          assert.equal(plan.status, 'infeasible', `seed ${seed}, ${objective}: brute force finds no complete plan`);
          infeasible += 1;
          continue;
        }
        assert.notEqual(plan.status, 'infeasible', `seed ${seed}, ${objective}: brute force finds a complete plan`);
        assert.ok(close(plan.objectiveValue, truth.best), `seed ${seed}, ${objective}: ${plan.objectiveValue} vs optimum ${truth.best}`);
        assert.equal(plan.status, 'optimal', `seed ${seed}, ${objective}: tiny instances are proven`);
        compared += 1;
      }
    }
    // The generator makes both kinds: the comparison is not vacuous.
    assert.ok(compared > 60 && infeasible > 5, `${compared} compared, ${infeasible} infeasible`);
  });

  test('formulatePlacement, solved by yalps and decoded, gives the brute-force optimum', () => {
    for (let seed = 200; seed < 230; seed += 1) {
      const problem = randomProblem(seed, { services: 4, nodes: 3, totalReplicas: 6 });
      for (const objective of OBJECTIVES) {
        const truth = bruteForce(problem, objective);
        const { model, decode } = formulatePlacement(problem, objective);
        const solution = solve(model);
        if (truth.best === undefined) {
          assert.equal(solution.status, 'infeasible', `seed ${seed}, ${objective}`);
          continue;
        }
        assert.equal(solution.status, 'optimal', `seed ${seed}, ${objective}`);
        const assignments = decode(solution);
        const value = planObjective(problem, objective, assignments);
        assert.ok(close(value, truth.best), `seed ${seed}, ${objective}: model ${value} vs ${truth.best}`);
        // The solver's own number agrees with the recomputed one when it proves optimality.
        assert.ok(close(solution.result, value), `seed ${seed}, ${objective}: reported ${solution.result}, recomputed ${value}`);
      }
    }
  });

  test('bounds never cross the optimum', () => {
    for (let seed = 300; seed < 340; seed += 1) {
      const problem = randomProblem(seed, { services: 4, nodes: 3, totalReplicas: 6 });
      const p = compileProblem(problem);
      for (const objective of OBJECTIVES) {
        const best = bruteForce(problem, objective).best;
        if (best === undefined) continue;
        const bound = placementBound(p, objective);
        if (objective === 'priority') assert.ok(bound >= best - 1e-9, `seed ${seed}: priority bound ${bound} < ${best}`);
        else assert.ok(bound <= best + 1e-9, `seed ${seed}, ${objective}: bound ${bound} > ${best}`);
        if (objective === 'pack') {
          for (const integral of [false, true]) {
            const lp = lpPackBound(p, performance.now() + 5000, { integral, timeoutMs: 2000 });
            if (lp !== undefined) assert.ok(lp <= best + 1e-6, `seed ${seed}: ${integral ? 'whole-node' : 'LP'} bound ${lp} > ${best}`);
          }
        }
      }
    }
  });
});
