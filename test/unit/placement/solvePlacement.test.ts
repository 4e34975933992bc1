// solvePlacement end to end: the seed's worked example, the three objectives, reporting, validation and size limits.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import { heuristicPlan } from '../../../src/core/placement/heuristicPlan';
import type { PlacementProblem, Plan, ServiceDemand } from '../../../src/core/placement/placementProblem';
import { sampleProblem } from '../../../src/core/placement/sampleProblem';
import { solvePlacement } from '../../../src/core/placement/solvePlacement';
import { InvalidPlacementProblem } from '../../../src/core/placement/validateProblem';
import { bruteForce } from './bruteForce';

const GiB = 1024 ** 3;

function where(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.assignments.map((a) => [a.service, a.node]));
}

describe('the seed example: C1=2, C2=3, C3=1 CPUs on N1=5, N2=4', () => {
  test('pack needs both nodes, and puts C1 and C3 on N1, C2 on N2', () => {
    // 6 CPUs in total: more than N1 (5) or N2 (4) holds alone, so every valid plan uses both (cost 2 of 2).
    const total = sampleProblem.services.reduce((sum, s) => sum + s.cpuMillis, 0);
    assert.ok(sampleProblem.nodes.every((n) => n.cpuMillis < total));
    assert.equal(bruteForce(sampleProblem, 'pack').best, 2);
    const plan = solvePlacement(sampleProblem, { objective: 'pack', timeLimitMs: 500 });
    assert.deepEqual(checkPlan(sampleProblem, plan), []);
    assert.equal(plan.status, 'optimal');
    assert.equal(plan.objectiveValue, 2);
    assert.equal(plan.bound, 2);
    // Among the two-node plans Berth keeps the most balanced: 3 CPUs on each node (60 % and 75 %). Only this plan
    // and its mirror (C2 on N1) reach 75 %; the others leave a node at 80 % or more.
    assert.deepEqual(where(plan), { C1: 'N1', C2: 'N2', C3: 'N1' });
  });

  test('spread reaches 75 %, the best possible, with the same plan', () => {
    assert.equal(bruteForce(sampleProblem, 'spread').best, 0.75);
    const plan = solvePlacement(sampleProblem, { objective: 'spread', timeLimitMs: 500 });
    assert.equal(plan.status, 'optimal');
    assert.equal(plan.objectiveValue, 0.75);
    assert.deepEqual(where(plan), { C1: 'N1', C2: 'N2', C3: 'N1' });
  });

  test('priority places all three', () => {
    const plan = solvePlacement(sampleProblem, { objective: 'priority', timeLimitMs: 500 });
    assert.equal(plan.objectiveValue, 3);
    assert.deepEqual(plan.unplaced, []);
    assert.equal(plan.status, 'optimal');
  });
});

describe('objectives', () => {
  const small = (name: string, cpus: number, extra: Partial<ServiceDemand> = {}): ServiceDemand => ({ name, cpuMillis: cpus * 1000, memoryBytes: GiB, gpus: 0, ...extra });

  test('pack minimises cost: one large node beats two cheap small ones only when it is cheaper', () => {
    const services = [small('a', 3), small('b', 3)];
    const nodes = (bigCost: number) => [
      { name: 'big', cpuMillis: 8000, memoryBytes: 16 * GiB, gpus: 0, costPerHour: bigCost },
      { name: 'small1', cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 0, costPerHour: 3 },
      { name: 'small2', cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 0, costPerHour: 3 },
    ];
    const cheapBig = solvePlacement({ services, nodes: nodes(5) }, { objective: 'pack', timeLimitMs: 300 });
    assert.deepEqual(new Set(cheapBig.assignments.map((a) => a.node)), new Set(['big']));
    assert.equal(cheapBig.objectiveValue, 5);
    const dearBig = solvePlacement({ services, nodes: nodes(7) }, { objective: 'pack', timeLimitMs: 300 });
    assert.deepEqual(new Set(dearBig.assignments.map((a) => a.node)), new Set(['small1', 'small2']));
    assert.equal(dearBig.objectiveValue, 6);
    assert.equal(dearBig.status, 'optimal');
  });

  test('pack without costs minimises the number of nodes (GPU bin packing)', () => {
    const problem: PlacementProblem = {
      services: [
        { name: 'llm', replicas: 2, cpuMillis: 1000, memoryBytes: GiB, gpus: 4 },
        { name: 'embed', replicas: 4, cpuMillis: 1000, memoryBytes: GiB, gpus: 2 },
      ],
      nodes: ['g1', 'g2', 'g3', 'g4', 'g5'].map((name) => ({ name, cpuMillis: 32000, memoryBytes: 64 * GiB, gpus: 8 })),
    };
    // 16 GPUs on 8-GPU nodes: at least 2 nodes, and 2 suffice.
    const plan = solvePlacement(problem, { objective: 'pack', timeLimitMs: 500 });
    assert.deepEqual(checkPlan(problem, plan), []);
    assert.equal(plan.objectiveValue, 2);
    assert.equal(plan.status, 'optimal');
  });

  test('spread evens out the load; pack piles it up', () => {
    const problem: PlacementProblem = {
      services: [small('a', 2, { replicas: 4 })],
      nodes: ['x', 'y'].map((name) => ({ name, cpuMillis: 8000, memoryBytes: 16 * GiB, gpus: 0 })),
    };
    const spread = solvePlacement(problem, { objective: 'spread', timeLimitMs: 300 });
    assert.deepEqual(
      spread.assignments.map((a) => a.replicas),
      [2, 2],
    );
    assert.equal(spread.objectiveValue, 0.5);
    const pack = solvePlacement(problem, { objective: 'pack', timeLimitMs: 300 });
    assert.equal(pack.assignments.length, 1);
    assert.equal(pack.objectiveValue, 1);
  });

  test('priority keeps what matters most when not everything fits, and says what is left out', () => {
    const problem: PlacementProblem = {
      services: [small('batch', 3, { priority: 1 }), small('api', 3, { priority: 10 }), small('web', 2, { priority: 5 })],
      nodes: [{ name: 'only', cpuMillis: 5000, memoryBytes: 16 * GiB, gpus: 0 }],
    };
    const plan = solvePlacement(problem, { objective: 'priority', timeLimitMs: 300 });
    assert.deepEqual(checkPlan(problem, plan), []);
    assert.equal(plan.objectiveValue, 15);
    assert.deepEqual(plan.unplaced.map((u) => u.service), ['batch']);
    assert.match(plan.unplaced[0]?.reason ?? '', /no room left/);
    assert.equal(plan.status, 'optimal');
  });
});

describe('reporting', () => {
  test('onPlan gets the greedy plan first, then only better ones, and the result is the last', () => {
    const problem: PlacementProblem = {
      services: Array.from({ length: 12 }, (_, i) => ({ name: `s${i}`, replicas: 2, cpuMillis: (1 + (i % 5)) * 700, memoryBytes: (1 + (i % 3)) * GiB, gpus: i % 4 === 0 ? 1 : 0 })),
      nodes: Array.from({ length: 6 }, (_, i) => ({ name: `n${i}`, cpuMillis: 8000 + i * 1000, memoryBytes: 16 * GiB, gpus: i % 2 === 0 ? 2 : 0, costPerHour: 3 + i })),
    };
    const seen: Plan[] = [];
    const plan = solvePlacement(problem, { objective: 'pack', timeLimitMs: 400, onPlan: (p) => seen.push(p) });
    assert.ok(seen.length >= 1);
    assert.deepEqual(seen[0]?.stages, ['heuristic']);
    for (let i = 1; i < seen.length; i += 1) assert.ok((seen[i]?.objectiveValue ?? 0) <= (seen[i - 1]?.objectiveValue ?? 0));
    assert.equal(seen[seen.length - 1]?.objectiveValue, plan.objectiveValue);
    for (const p of seen) assert.deepEqual(checkPlan(problem, p), []);
    assert.ok(plan.solveMillis >= 0 && plan.solveMillis < 2000);
    assert.ok(plan.bound <= plan.objectiveValue);
  });

  test('heuristicPlan alone is valid, marked as the heuristic stage, with a bound', () => {
    const plan = heuristicPlan(sampleProblem, 'pack');
    assert.deepEqual(plan.stages, ['heuristic']);
    assert.deepEqual(checkPlan(sampleProblem, plan), []);
    assert.equal(plan.bound, 2);
  });

  test('an empty problem gives an empty, optimal plan', () => {
    for (const objective of ['pack', 'spread', 'priority'] as const) {
      const plan = solvePlacement({ services: [], nodes: [] }, { objective, timeLimitMs: 100 });
      assert.deepEqual(plan.assignments, []);
      assert.equal(plan.objectiveValue, 0);
      assert.equal(plan.status, 'optimal');
    }
  });
});

describe('validation', () => {
  const node = { name: 'n', cpuMillis: 1000, memoryBytes: GiB, gpus: 0 };

  test('NaN, negative and fractional sizes are rejected with the field named', () => {
    const bad: PlacementProblem = {
      services: [
        { name: 'a', cpuMillis: Number.NaN, memoryBytes: GiB, gpus: 0 },
        { name: 'b', cpuMillis: 100, memoryBytes: -1, gpus: 0 },
        { name: 'c', cpuMillis: 100, memoryBytes: 1, gpus: 1.5 },
        { name: 'd', cpuMillis: 100, memoryBytes: 1, gpus: 0, replicas: 2.5 },
      ],
      nodes: [{ ...node, gpus: -2 }],
    };
    assert.throws(
      () => solvePlacement(bad, { objective: 'pack' }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidPlacementProblem);
        const all = e.problems.join('\n');
        assert.match(all, /a: cpuMillis is NaN/);
        assert.match(all, /b: memoryBytes is -1/);
        assert.match(all, /c: gpus is 1\.5; it must be a whole number/);
        assert.match(all, /d: replicas is 2\.5/);
        assert.match(all, /n: gpus is -2/);
        return true;
      },
    );
  });

  test('duplicate names are rejected', () => {
    const dup: PlacementProblem = { services: [{ name: 'a', cpuMillis: 1, memoryBytes: 1, gpus: 0 }, { name: 'a', cpuMillis: 1, memoryBytes: 1, gpus: 0 }], nodes: [node, node] };
    assert.throws(() => solvePlacement(dup, { objective: 'pack' }), /Two services are named "a"\. Two nodes are named "n"\./);
  });

  test('too many services × nodes is refused with a clear message, before any work', () => {
    const services = Array.from({ length: 10_000 }, (_, i) => ({ name: `s${i}`, cpuMillis: 10, memoryBytes: 1, gpus: 0 }));
    const nodes = Array.from({ length: 500 }, (_, i) => ({ ...node, name: `n${i}` }));
    const started = performance.now();
    assert.throws(() => solvePlacement({ services, nodes }, { objective: 'pack' }), /10000 services × 500 nodes is more than Berth plans at once/);
    assert.ok(performance.now() - started < 500);
  });

  test('10,000 services on 20 nodes solve within a bounded time', () => {
    const services = Array.from({ length: 10_000 }, (_, i) => ({ name: `s${i}`, cpuMillis: 100 + (i % 7) * 50, memoryBytes: (1 + (i % 5)) * 64 * 1024 ** 2, gpus: 0 }));
    const nodes = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, cpuMillis: 256_000, memoryBytes: 512 * GiB, gpus: 0, costPerHour: 2 }));
    const problem = { services, nodes };
    const started = performance.now();
    const plan = solvePlacement(problem, { objective: 'pack', timeLimitMs: 500 });
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.deepEqual(plan.unplaced, []);
    assert.deepEqual(checkPlan(problem, plan), []);
  });
});
