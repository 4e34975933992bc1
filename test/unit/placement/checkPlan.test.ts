// The independent checker: a valid plan passes, and each kind of violation is reported as a sentence.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import type { Assignment, PlacementProblem, Plan } from '../../../src/core/placement/placementProblem';

const GiB = 1024 ** 3;

const problem: PlacementProblem = {
  services: [
    { name: 'api', replicas: 2, cpuMillis: 2000, memoryBytes: 2 * GiB, gpus: 0, maxReplicasPerNode: 1 },
    { name: 'llm', cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 2, gpuMemoryBytes: 40 * GiB, gang: 'rag' },
    { name: 'db', cpuMillis: 1000, memoryBytes: 8 * GiB, gpus: 0, gang: 'rag', constraints: [{ key: 'node.labels.disk', op: '==', value: 'ssd' }] },
    { name: 'edge', cpuMillis: 500, memoryBytes: GiB, gpus: 0, pinnedNodes: ['a'] },
    { name: 'train', cpuMillis: 1000, memoryBytes: GiB, gpus: 'all' },
  ],
  nodes: [
    { name: 'a', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 0, labels: { disk: 'ssd' }, costPerHour: 2 },
    { name: 'b', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 2, gpuMemoryBytes: 48 * GiB, costPerHour: 10 },
    { name: 'c', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 4, gpuMemoryBytes: 24 * GiB, costPerHour: 10 },
  ],
};

const valid: Assignment[] = [
  { service: 'api', node: 'a', replicas: 1 },
  { service: 'api', node: 'b', replicas: 1 },
  { service: 'llm', node: 'b', replicas: 1 },
  { service: 'db', node: 'a', replicas: 1 },
  { service: 'edge', node: 'a', replicas: 1 },
  { service: 'train', node: 'c', replicas: 1 },
];

function plan(assignments: readonly Assignment[], extra: Partial<Plan> = {}): Plan {
  return { objective: 'pack', status: 'feasible', assignments, unplaced: [], objectiveValue: 22, bound: 20, gap: 2 / 22, solveMillis: 1, stages: ['heuristic'], ...extra };
}

function replace(service: string, node: string, change: Partial<Assignment>): Assignment[] {
  return valid.map((a) => (a.service === service && a.node === node ? { ...a, ...change } : a));
}

describe('checkPlan', () => {
  test('a valid plan has no violations', () => {
    assert.deepEqual(checkPlan(problem, plan(valid)), []);
  });

  test('capacity: CPU, memory and GPUs', () => {
    const overCpu = checkPlan({ ...problem, nodes: problem.nodes.map((n) => (n.name === 'a' ? { ...n, cpuMillis: 3000 } : n)) }, plan(valid));
    assert.ok(overCpu.includes('a is given 3500 CPU millis; it has 3000.'), overCpu.join('\n'));
    const overMemory = checkPlan({ ...problem, nodes: problem.nodes.map((n) => (n.name === 'a' ? { ...n, memoryBytes: 4 * GiB } : n)) }, plan(valid));
    assert.ok(overMemory.some((v) => v.startsWith('a is given 11811160064 bytes of memory')));
    // train takes all of b's GPUs, which llm already uses two of.
    const overGpu = checkPlan(problem, plan(replace('train', 'c', { node: 'b' })));
    assert.ok(overGpu.some((v) => v === 'b is given 4 GPUs; it has 2.'), overGpu.join('\n'));
  });

  test('replica counts must add up, with no double counting', () => {
    const missing = checkPlan(problem, plan(valid.filter((a) => a.service !== 'edge')));
    assert.ok(missing.includes('edge wants 1 replicas; the plan places 0 and lists 0 as unplaced.'));
    const doubled = checkPlan(problem, plan([...valid, { service: 'edge', node: 'a', replicas: 1 }]));
    assert.ok(doubled.includes('edge on a is listed more than once.'));
    assert.ok(doubled.includes('edge wants 1 replicas; the plan places 2 and lists 0 as unplaced.'));
    const bothWays = checkPlan(problem, plan(valid, { status: 'infeasible', unplaced: [{ service: 'edge', replicas: 1, reason: 'why not' }] }));
    assert.ok(bothWays.includes('edge wants 1 replicas; the plan places 1 and lists 1 as unplaced.'));
    const fractional = checkPlan(problem, plan(replace('edge', 'a', { replicas: 0.5 })));
    assert.ok(fractional.includes('edge on a: 0.5 is not a positive whole number of replicas.'));
  });

  test('unknown names', () => {
    const v = checkPlan(problem, plan([...valid, { service: 'ghost', node: 'nowhere', replicas: 1 }]));
    assert.ok(v.includes('An assignment names service "ghost", which the problem does not have.'));
    assert.ok(v.includes('An assignment names node "nowhere", which the problem does not have.'));
  });

  test('constraints, pins, anti-affinity, GPU memory and whole-node GPUs', () => {
    assert.ok(checkPlan(problem, plan(replace('db', 'a', { node: 'c' }))).includes('db requires node.labels.disk == ssd, which c does not meet.'));
    assert.ok(checkPlan(problem, plan(replace('edge', 'a', { node: 'b' }))).includes('edge is pinned to a, not b.'));
    const together = valid.filter((a) => !(a.service === 'api' && a.node === 'b')).map((a) => (a.service === 'api' ? { ...a, replicas: 2 } : a));
    assert.ok(checkPlan(problem, plan(together)).includes('api allows 1 replicas per node; a has 2.'));
    const smallGpus = checkPlan(problem, plan(replace('llm', 'b', { node: 'c' }).map((a) => (a.service === 'train' ? { ...a, node: 'b' } : a))));
    assert.ok(smallGpus.includes(`llm needs GPUs with ${40 * GiB} bytes of memory; c's have ${24 * GiB}.`), smallGpus.join('\n'));
    assert.ok(checkPlan(problem, plan(replace('train', 'c', { node: 'a' }))).includes('train takes all GPUs of its node, but a has none.'));
  });

  test('gangs are whole or absent', () => {
    const split = checkPlan(problem, plan(valid.filter((a) => a.service !== 'db'), { status: 'infeasible', unplaced: [{ service: 'db', replicas: 1, reason: 'r' }] }));
    assert.ok(split.includes('Gang rag is placed in part: llm 1/1, db 0/1.'), split.join('\n'));
    const absent = checkPlan(
      problem,
      plan(
        valid.filter((a) => a.service !== 'db' && a.service !== 'llm'),
        { status: 'infeasible', unplaced: [{ service: 'llm', replicas: 1, reason: 'r' }, { service: 'db', replicas: 1, reason: 'r' }], objectiveValue: 22 },
      ),
    );
    assert.deepEqual(absent, []);
  });

  test('pack and spread plans that claim success must place everything', () => {
    const v = checkPlan(problem, plan(valid.filter((a) => a.service !== 'edge'), { unplaced: [{ service: 'edge', replicas: 1, reason: 'r' }] }));
    assert.ok(v.includes('A feasible pack plan must place every replica, yet 1 services are left out.'));
  });

  test('the objective is recomputed, and the bound must be on its side of it', () => {
    assert.ok(checkPlan(problem, plan(valid, { objectiveValue: 21 })).includes('The plan reports objective 21; its assignments give 22.'));
    assert.ok(checkPlan(problem, plan(valid, { bound: 23 })).includes('The bound 23 is on the wrong side of the objective 22.'));
    assert.ok(checkPlan(problem, plan(valid, { status: 'optimal', gap: 0.1 })).includes('An optimal plan reports a gap of 0.1.'));
    // Spread: the busiest resource of the busiest node. Node c runs train with all 4 GPUs: 100 %.
    assert.deepEqual(checkPlan(problem, plan(valid, { objective: 'spread', objectiveValue: 1, bound: 1, gap: 0 })), []);
  });
});
