import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Assignment, Plan } from '../../../../src/core/placement/placementProblem';
import { comparePlacement } from '../../../../src/core/placement/swarm/comparePlacement';

function plan(assignments: Assignment[]): Plan {
  return { objective: 'pack', status: 'optimal', assignments, unplaced: [], objectiveValue: 0, bound: 0, gap: 0, solveMillis: 1, stages: [] };
}

const planned = plan([
  { service: 'llm', node: 'n1', replicas: 1 },
  { service: 'llm', node: 'n2', replicas: 1 },
  { service: 'gateway', node: 'n3', replicas: 2 },
  { service: 'gateway', node: 'n3', replicas: 1 },
  { service: 'idle', node: 'n1', replicas: 0 },
]);

const running = (entries: [string, [string, number][]][]) => new Map(entries.map(([s, nodes]) => [s, new Map(nodes)]));

test('the same counts per service and node match, whatever the order and however the plan splits its assignments', () => {
  const result = comparePlacement(planned, { running: running([['gateway', [['n3', 3]]], ['llm', [['n2', 1], ['n1', 1]]]]), pending: [] });
  assert.deepEqual(result, { matches: true, differences: [] });
});

test('wrong nodes, missing replicas, services not in the plan and pending tasks are each one difference', () => {
  const result = comparePlacement(planned, {
    running: running([['llm', [['n1', 1], ['n3', 1]]], ['gateway', [['n3', 2]]], ['stray', [['n2', 1]]]]),
    pending: [{ service: 'gateway', swarmService: 'b-gateway', replicas: 1, reason: 'no suitable node (insufficient resources on 3 nodes)' }],
  });
  assert.equal(result.matches, false);
  assert.deepEqual(result.differences, [
    'llm on n2: plan 1, running 0',
    'llm on n3: plan 0, running 1',
    'gateway on n3: plan 3, running 2',
    'stray is not in the plan, yet runs: 1 on n2',
    'gateway (b-gateway): 1 replica pending: no suitable node (insufficient resources on 3 nodes)',
  ]);
});
