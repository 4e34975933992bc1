// The objective recomputed from assignments, and the exact model handed to other solvers.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { solve } from 'yalps';
import { formulatePlacement } from '../../../src/core/placement/formulatePlacement';
import type { PlacementProblem } from '../../../src/core/placement/placementProblem';
import { planObjective } from '../../../src/core/placement/planObjective';

const GiB = 1024 ** 3;

const problem: PlacementProblem = {
  services: [
    { name: 'web', replicas: 3, cpuMillis: 1000, memoryBytes: 2 * GiB, gpus: 0, priority: 2 },
    { name: 'train', cpuMillis: 2000, memoryBytes: 4 * GiB, gpus: 'all', priority: 5 },
  ],
  nodes: [
    { name: 'cpu', cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 0, costPerHour: 1.5 },
    { name: 'gpu', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 4, costPerHour: 20 },
  ],
};

describe('planObjective', () => {
  const assignments = [
    { service: 'web', node: 'cpu', replicas: 2 },
    { service: 'web', node: 'gpu', replicas: 1 },
    { service: 'train', node: 'gpu', replicas: 1 },
  ];

  test('pack: the cost of the nodes used, or their count when no node has a cost', () => {
    assert.equal(planObjective(problem, 'pack', assignments), 21.5);
    const unpriced = { ...problem, nodes: problem.nodes.map((n) => ({ name: n.name, cpuMillis: n.cpuMillis, memoryBytes: n.memoryBytes, gpus: n.gpus })) };
    assert.equal(planObjective(unpriced, 'pack', assignments), 2);
    assert.equal(planObjective(problem, 'pack', assignments.slice(0, 1)), 1.5);
  });

  test("spread: the busiest resource of the busiest node, 'all' GPUs counting every GPU", () => {
    // cpu node: 2 of 4 CPUs (50 %); gpu node: 3 of 8 CPUs, 6 of 32 GiB, 4 of 4 GPUs (100 %).
    assert.equal(planObjective(problem, 'spread', assignments), 1);
    assert.equal(planObjective(problem, 'spread', assignments.slice(0, 2)), 0.5);
  });

  test('priority: replicas times priority', () => {
    assert.equal(planObjective(problem, 'priority', assignments), 3 * 2 + 5);
  });
});

describe('formulatePlacement', () => {
  test('the model is integer, minimises cost for pack, and decodes into assignments by name', () => {
    const { model, decode } = formulatePlacement(problem, 'pack');
    assert.equal(model.direction, 'minimize');
    assert.equal(model.objective, 'cost');
    const solution = solve(model);
    assert.equal(solution.status, 'optimal');
    const plan = decode(solution);
    // Everything fits on the GPU node alone (5 CPUs of 8), so the cheapest plan pays for it only.
    assert.equal(planObjective(problem, 'pack', plan), 20);
    assert.deepEqual(
      plan.map((a) => [a.service, a.node, a.replicas]),
      [
        ['web', 'gpu', 3],
        ['train', 'gpu', 1],
      ],
    );
  });

  test('priority maximises, spread minimises the highest share', () => {
    assert.equal(formulatePlacement(problem, 'priority').model.direction, 'maximize');
    const { model, decode } = formulatePlacement(problem, 'spread');
    const solution = solve(model);
    assert.equal(solution.status, 'optimal');
    // train takes all GPUs of the only GPU node: 100 % is forced.
    assert.equal(planObjective(problem, 'spread', decode(solution)), 1);
  });
});
