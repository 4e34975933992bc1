import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { kubeScheduler, nodeResourcesFitScore } from '../../../bench/placement/kubeScheduler';
import type { PlacementProblem } from '../../../src/core/placement/placementProblem';
import { sampleProblem } from '../../../src/core/placement/sampleProblem';

const GiB = 1024 ** 3;
const where = (s: ReturnType<typeof kubeScheduler>) => s.assignments.map((a) => `${a.service}@${a.node}×${a.replicas}`);

// The seed, by hand (memory requests are 0, so memory scores 0 packing and 100 spreading):
// MostAllocated: C1 on N1 scores (40+0)/2=20, on N2 (50+0)/2=25 -> N2. C2 (3) no longer fits N2 -> N1.
//   C3 on N1 (3+1)/5 -> 80 -> 40, on N2 (2+1)/4 -> 75 -> 37 -> N1.
// LeastAllocated: C1 on N1 (60+100)/2=80, N2 (50+100)/2=75 -> N1. C2 on N1 (0+100)/2=50, N2 (25+100)/2=62 -> N2.
//   C3 on N1 (40+100)/2=70, on N2 (0+100)/2=50 -> N1.
test('the seed example, scored by hand with MostAllocated and LeastAllocated', () => {
  assert.deepEqual(where(kubeScheduler(sampleProblem, { scoring: 'MostAllocated' })), ['C1@N2×1', 'C2@N1×1', 'C3@N1×1']);
  assert.deepEqual(where(kubeScheduler(sampleProblem, { scoring: 'LeastAllocated' })), ['C1@N1×1', 'C2@N2×1', 'C3@N1×1']);
});

test('scores are integer means over the resources a node has, counting the replica being placed', () => {
  const node = { name: 'g', cpuMillis: 10_000, memoryBytes: 100, gpus: 4 };
  const svc = { name: 's', cpuMillis: 3_000, memoryBytes: 30, gpus: 1 };
  // Already used: 2 cores, 20 bytes, 1 GPU. With the replica: cpu 50 %, memory 50 %, GPUs 2/4 = 50 %.
  const state = { cpu: 8_000, memory: 80, gpus: 3 };
  assert.equal(nodeResourcesFitScore('MostAllocated', svc, node, state), 50);
  assert.equal(nodeResourcesFitScore('LeastAllocated', svc, node, state), 50);
  // A CPU node: GPUs are not averaged in. cpu 1/3 -> 33, memory 2/3 -> 66: MostAllocated floor(99/2) = 49;
  // LeastAllocated cpu 2/3 free -> 66, memory 1/3 free -> 33: also 49.
  const cpuNode = { name: 'c', cpuMillis: 3_000, memoryBytes: 3, gpus: 0 };
  assert.equal(nodeResourcesFitScore('MostAllocated', { name: 's', cpuMillis: 1_000, memoryBytes: 2, gpus: 0 }, cpuNode, { cpu: 3_000, memory: 3, gpus: 0 }), 49);
  assert.equal(nodeResourcesFitScore('LeastAllocated', { name: 's', cpuMillis: 1_000, memoryBytes: 2, gpus: 0 }, cpuNode, { cpu: 3_000, memory: 3, gpus: 0 }), 49);
});

const cluster: PlacementProblem['nodes'] = [
  { name: 'l40s', cpuMillis: 48_000, memoryBytes: 384 * GiB, gpus: 4, gpuMemoryBytes: 48 * GiB, labels: { gpu: 'l40s' } },
  { name: 'h100', cpuMillis: 96_000, memoryBytes: 1024 * GiB, gpus: 8, gpuMemoryBytes: 80 * GiB, labels: { gpu: 'h100' } },
  { name: 'cpu', cpuMillis: 64_000, memoryBytes: 256 * GiB, gpus: 0, labels: { nvme: 'true' } },
];

test('filters: GPU memory, anti-affinity, constraints and pins; what cannot be placed says why, and its gang is broken', () => {
  const problem: PlacementProblem = {
    nodes: cluster,
    services: [
      // Needs 80 GB GPUs: only h100; the second replica may not share it.
      { name: 'llm-70b', replicas: 2, maxReplicasPerNode: 1, cpuMillis: 16_000, memoryBytes: 200 * GiB, gpus: 4, gpuMemoryBytes: 80 * GiB, gang: 'rag' },
      { name: 'vectordb', cpuMillis: 8_000, memoryBytes: 64 * GiB, gpus: 0, constraints: [{ key: 'node.labels.nvme', op: '==', value: 'true' }], gang: 'rag' },
      { name: 'gateway', cpuMillis: 1_000, memoryBytes: GiB, gpus: 0, pinnedNodes: ['l40s'] },
    ],
  };
  const s = kubeScheduler(problem, { scoring: 'LeastAllocated' });
  assert.deepEqual(where(s), ['llm-70b@h100×1', 'vectordb@cpu×1', 'gateway@l40s×1']);
  assert.equal(s.placedAll, false);
  assert.deepEqual(s.unplaced.map((u) => [u.service, u.replicas]), [['llm-70b', 1]]);
  assert.equal(s.unplaced[0]?.reason, '0/3 nodes are available: 1 GPU memory too small, 1 already 1 replica(s) on the node, 1 not enough free GPUs');
  assert.deepEqual(s.gangsBroken, ['rag']);
});

test('input order takes the GPUs first come first served; the PrioritySort queue gives them to the higher priority', () => {
  const problem: PlacementProblem = {
    nodes: [cluster[0] as PlacementProblem['nodes'][number]],
    services: [
      { name: 'etl', cpuMillis: 1_000, memoryBytes: GiB, gpus: 4, priority: 1 },
      { name: 'llm', cpuMillis: 1_000, memoryBytes: GiB, gpus: 4, priority: 10 },
    ],
  };
  assert.deepEqual(where(kubeScheduler(problem, { scoring: 'MostAllocated' })), ['etl@l40s×1']);
  const byPriority = kubeScheduler(problem, { scoring: 'MostAllocated', order: 'priority' });
  assert.deepEqual(where(byPriority), ['llm@l40s×1']);
  assert.deepEqual(byPriority.unplaced.map((u) => u.service), ['etl']);
  assert.deepEqual(byPriority.gangsBroken, []);
});

test("'all' GPUs needs a node with GPUs, none of them taken", () => {
  const problem: PlacementProblem = {
    nodes: cluster,
    services: [
      { name: 'small', cpuMillis: 1_000, memoryBytes: GiB, gpus: 1, pinnedNodes: ['l40s'] },
      { name: 'trainer', replicas: 2, maxReplicasPerNode: 1, cpuMillis: 1_000, memoryBytes: GiB, gpus: 'all' },
    ],
  };
  const s = kubeScheduler(problem, { scoring: 'MostAllocated' });
  assert.deepEqual(where(s), ['small@l40s×1', 'trainer@h100×1']);
  assert.equal(s.unplaced[0]?.replicas, 1);
});
