import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlacementProblem, Plan } from '../../../src/core/placement/placementProblem';
import { isPlanPreviewState } from '../../../src/protocol/planPreview';
import { planPreviewStateFrom, type PlanPreviewMeta } from '../../../src/protocol/planPreviewStateFrom';

const GiB = 1024 ** 3;

const problem: PlacementProblem = {
  services: [
    { name: 'vllm', replicas: 2, cpuMillis: 8000, memoryBytes: 64 * GiB, gpus: 2, gpuMemoryBytes: 40 * GiB },
    { name: 'gateway', replicas: 2, cpuMillis: 500, memoryBytes: GiB, gpus: 0 },
    { name: 'trainer', cpuMillis: 4000, memoryBytes: 32 * GiB, gpus: 'all' },
    { name: 'batch', cpuMillis: 1000, memoryBytes: 0, gpus: 1 },
  ],
  nodes: [
    { name: 'g1', type: 'h100', cpuMillis: 64000, memoryBytes: 512 * GiB, gpus: 8, gpuMemoryBytes: 80 * GiB, costPerHour: 12 },
    { name: 'g2', type: 'a10', cpuMillis: 16000, memoryBytes: 64 * GiB, gpus: 1, gpuMemoryBytes: 24 * GiB },
    { name: 'c1', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 0 },
  ],
};

const plan: Plan = {
  objective: 'pack',
  status: 'optimal',
  assignments: [
    { service: 'vllm', node: 'g1', replicas: 2 },
    { service: 'gateway', node: 'g1', replicas: 1 },
    { service: 'gateway', node: 'c1', replicas: 1 },
    { service: 'trainer', node: 'g2', replicas: 1 },
  ],
  unplaced: [{ service: 'batch', replicas: 1, reason: 'needs 1 GPU; every GPU is taken' }],
  objectiveValue: 12,
  bound: 12,
  gap: 0,
  solveMillis: 35,
  stages: ['heuristic', 'exact'],
};

const meta: PlanPreviewMeta = {
  berthVersion: '0.2.0',
  title: 'Placement preview',
  source: { compose: 'compose.yaml', nodes: 'nodes.yaml' },
  objective: 'pack',
  canApply: false,
};

test('each node gets a bar per resource, split by service in the units people read', () => {
  const state = planPreviewStateFrom(problem, plan, meta);
  const [g1, g2, c1] = state.nodes;
  // g1: 2 vllm (8 cores, 64 GiB, 2 GPUs wanting 40 GiB each) and 1 gateway (0.5 core, 1 GiB).
  assert.deepEqual(g1, {
    name: 'g1',
    type: 'h100',
    costPerHour: 12,
    bars: [
      { resource: 'cpu', capacity: 64, used: 16.5, unit: 'cores', segments: [{ service: 'vllm', amount: 16 }, { service: 'gateway', amount: 0.5 }] },
      { resource: 'memory', capacity: 512, used: 129, unit: 'GiB', segments: [{ service: 'vllm', amount: 128 }, { service: 'gateway', amount: 1 }] },
      { resource: 'gpu', capacity: 8, used: 4, unit: 'GPUs', segments: [{ service: 'vllm', amount: 4 }] },
      { resource: 'gpuMemory', capacity: 640, used: 160, unit: 'GiB', segments: [{ service: 'vllm', amount: 160 }] },
    ],
  });
  // g2: trainer takes `all` GPUs, i.e. the one it has, and (declaring no GPU memory) all of its 24 GiB.
  assert.deepEqual(g2?.bars.map((b) => [b.resource, b.used, b.capacity]), [['cpu', 4, 16], ['memory', 32, 64], ['gpu', 1, 1], ['gpuMemory', 24, 24]]);
  // c1 has no GPU, so no GPU bars at all; no type and no cost either.
  assert.deepEqual(c1, {
    name: 'c1',
    bars: [
      { resource: 'cpu', capacity: 8, used: 0.5, unit: 'cores', segments: [{ service: 'gateway', amount: 0.5 }] },
      { resource: 'memory', capacity: 32, used: 1, unit: 'GiB', segments: [{ service: 'gateway', amount: 1 }] },
    ],
  });
});

test('the assignment rows total what all replicas of a row take', () => {
  const state = planPreviewStateFrom(problem, plan, meta);
  assert.deepEqual(state.assignments, [
    { service: 'vllm', node: 'g1', replicas: 2, cpuMillis: 16000, memoryBytes: 128 * GiB, gpus: 4 },
    { service: 'gateway', node: 'g1', replicas: 1, cpuMillis: 500, memoryBytes: GiB, gpus: 0 },
    { service: 'gateway', node: 'c1', replicas: 1, cpuMillis: 500, memoryBytes: GiB, gpus: 0 },
    { service: 'trainer', node: 'g2', replicas: 1, cpuMillis: 4000, memoryBytes: 32 * GiB, gpus: 1 },
  ]);
});

test('figures, unplaced services, what-if lists and meta reach the state, which passes its own guard', () => {
  const state = planPreviewStateFrom(problem, plan, { ...meta, whatIf: [{ kind: 'setReplicas', service: 'gateway', replicas: 2 }] });
  assert.equal(state.status, 'optimal');
  assert.deepEqual([state.objectiveValue, state.bound, state.gap, state.solveMillis], [12, 12, 0, 35]);
  assert.equal(state.planObjective, 'pack');
  assert.deepEqual(state.stages, ['heuristic', 'exact']);
  assert.deepEqual(state.unplaced, [{ service: 'batch', replicas: 1, reason: 'needs 1 GPU; every GPU is taken' }]);
  assert.deepEqual(state.services, [{ name: 'vllm', replicas: 2 }, { name: 'gateway', replicas: 2 }, { name: 'trainer', replicas: 1 }, { name: 'batch', replicas: 1 }]);
  assert.deepEqual(state.nodeTypes, [{ type: 'h100', count: 1 }, { type: 'a10', count: 1 }, { type: 'c1', count: 1 }]);
  assert.deepEqual(state.whatIf, [{ kind: 'setReplicas', service: 'gateway', replicas: 2 }]);
  assert.equal(state.canApply, false);
  assert.equal('message' in state, false);
  assert.equal('explanation' in state, false);
  assert.equal(isPlanPreviewState(state), true);
  // postMessage serialises: nothing is lost on the way.
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
});

test('node types of the original problem stay listed with 0 after all their nodes were removed', () => {
  const base: PlacementProblem = { ...problem, nodes: [...problem.nodes, { name: 'big-1', type: 'big', cpuMillis: 96000, memoryBytes: GiB, gpus: 0 }] };
  const state = planPreviewStateFrom(problem, plan, { ...meta, baseProblem: base });
  assert.deepEqual(state.nodeTypes.map((t) => `${t.type}:${t.count}`), ['h100:1', 'a10:1', 'c1:1', 'big:0']);
});

test('before the first plan: status solving, empty bars, no figures', () => {
  const state = planPreviewStateFrom(problem, undefined, meta);
  assert.equal(state.status, 'solving');
  assert.deepEqual(state.assignments, []);
  assert.deepEqual(state.unplaced, []);
  assert.deepEqual([state.objectiveValue, state.bound, state.gap, state.solveMillis], [null, null, null, null]);
  assert.equal(state.planObjective, null);
  assert.ok(state.nodes.every((n) => n.bars.every((b) => b.used === 0 && b.segments.length === 0)));
  assert.equal(state.nodes[0]?.bars[0]?.capacity, 64);
  assert.equal(isPlanPreviewState(state), true);
});

test('the meta status overrides the plan (old plan on screen while solving again; errors with a message)', () => {
  // The user switched to spread; the pack plan stays on screen, and its figures still say they measure pack.
  const resolving = planPreviewStateFrom(problem, plan, { ...meta, objective: 'spread', status: 'solving' });
  assert.deepEqual([resolving.status, resolving.objective, resolving.planObjective], ['solving', 'spread', 'pack']);
  const failed = planPreviewStateFrom(problem, undefined, { ...meta, status: 'error', message: 'The solver stopped: out of memory.' });
  assert.equal(failed.status, 'error');
  assert.equal(failed.message, 'The solver stopped: out of memory.');
});

test('an infeasible plan carries its explanation; non-finite figures become null', () => {
  const infeasible: Plan = { ...plan, status: 'infeasible', explanation: ['GPUs: need 13, have 9'], bound: Number.POSITIVE_INFINITY, gap: Number.NaN };
  const state = planPreviewStateFrom(problem, infeasible, meta);
  assert.deepEqual(state.explanation, ['GPUs: need 13, have 9']);
  assert.equal(state.bound, null);
  assert.equal(state.gap, null);
  assert.equal(isPlanPreviewState(state), true);
});

test('amounts are summed per service and rounded, so floating-point noise never shows', () => {
  const small: PlacementProblem = {
    services: [{ name: 'tiny', replicas: 3, cpuMillis: 100, memoryBytes: 0, gpus: 0 }],
    nodes: [{ name: 'n', cpuMillis: 1000, memoryBytes: GiB, gpus: 0 }],
  };
  // The plan lists the same pair twice: 1 + 2 replicas.
  const split: Plan = { ...plan, assignments: [{ service: 'tiny', node: 'n', replicas: 1 }, { service: 'tiny', node: 'n', replicas: 2 }, { service: 'ghost', node: 'n', replicas: 1 }] };
  const state = planPreviewStateFrom(small, split, meta);
  const cpu = state.nodes[0]?.bars[0];
  assert.deepEqual(cpu?.segments, [{ service: 'tiny', amount: 0.3 }]);
  assert.equal(cpu.used, 0.3);
  // A service the problem does not know (a stale plan) adds nothing to the bars.
  assert.equal(state.nodes[0]?.bars[1]?.used, 0);
});
