import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlacementProblem } from '../../../../src/core/placement/placementProblem';
import { applyWhatIf, nodeTypeOf } from '../../../../src/core/placement/whatIf';

const GiB = 1024 ** 3;

const problem: PlacementProblem = {
  services: [
    { name: 'vllm', replicas: 2, cpuMillis: 8000, memoryBytes: 64 * GiB, gpus: 2, gpuMemoryBytes: 40 * GiB },
    { name: 'gateway', cpuMillis: 500, memoryBytes: GiB, gpus: 0 },
  ],
  nodes: [
    { name: 'h100-1', type: 'h100', cpuMillis: 64000, memoryBytes: 512 * GiB, gpus: 8, gpuMemoryBytes: 80 * GiB, costPerHour: 12, labels: { zone: 'a' } },
    { name: 'cpu-1', type: 'cpu', cpuMillis: 16000, memoryBytes: 64 * GiB, gpus: 0, costPerHour: 0.5 },
    { name: 'h100-2', type: 'h100', cpuMillis: 64000, memoryBytes: 512 * GiB, gpus: 8, gpuMemoryBytes: 80 * GiB, costPerHour: 12, labels: { zone: 'b' } },
    { name: 'manager', cpuMillis: 4000, memoryBytes: 8 * GiB, gpus: 0, hostname: 'mgr.local', role: 'manager' },
  ],
};

const names = (p: PlacementProblem): string[] => p.nodes.map((n) => n.name);

test('no edits give back the very same problem', () => {
  assert.equal(applyWhatIf(problem, []), problem);
});

test('adding a node copies the last node of that type under the next free <type>-<n> name', () => {
  const edited = applyWhatIf(problem, [{ kind: 'addNode', type: 'h100' }]);
  assert.deepEqual(names(edited), ['h100-1', 'cpu-1', 'h100-2', 'manager', 'h100-3']);
  // The copy is of h100-2 (the last one), so it has that node's labels, capacity and cost.
  assert.deepEqual(edited.nodes[4], { ...problem.nodes[2], name: 'h100-3', type: 'h100' });
  assert.equal(edited.nodes[4].labels?.zone, 'b');
  // The original problem is left alone.
  assert.equal(problem.nodes.length, 4);
});

test('a new name skips names already taken', () => {
  const crowded: PlacementProblem = {
    services: [],
    nodes: [
      { name: 'a100-3', type: 'a100', cpuMillis: 1000, memoryBytes: GiB, gpus: 1 },
      { name: 'a100-2', cpuMillis: 1000, memoryBytes: GiB, gpus: 0 },
    ],
  };
  // One node of type a100, so the first candidate is a100-2: taken by another node; a100-3 is taken too.
  const edited = applyWhatIf(crowded, [{ kind: 'addNode', type: 'a100' }, { kind: 'addNode', type: 'a100' }]);
  assert.deepEqual(names(edited), ['a100-3', 'a100-2', 'a100-4', 'a100-5']);
});

test('a node without a type is a type of its own; its copy gets a hostname of its own', () => {
  const manager = problem.nodes[3];
  assert.ok(manager);
  assert.equal(nodeTypeOf(manager), 'manager');
  const edited = applyWhatIf(problem, [{ kind: 'addNode', type: 'manager' }]);
  const copy = edited.nodes[4];
  assert.equal(copy?.name, 'manager-2');
  assert.equal(copy.type, 'manager');
  assert.equal(copy.hostname, 'manager-2');
  assert.equal(copy.role, 'manager');
  // Both now count as type `manager`.
  assert.equal(edited.nodes.filter((n) => nodeTypeOf(n) === 'manager').length, 2);
});

test('removing a node takes away the last node of that type', () => {
  const edited = applyWhatIf(problem, [{ kind: 'removeNode', type: 'h100' }]);
  assert.deepEqual(names(edited), ['h100-1', 'cpu-1', 'manager']);
  const twice = applyWhatIf(problem, [{ kind: 'removeNode', type: 'h100' }, { kind: 'removeNode', type: 'h100' }, { kind: 'removeNode', type: 'h100' }]);
  assert.deepEqual(names(twice), ['cpu-1', 'manager']);
});

test('after every node of a type is gone, adding one brings back a copy of the original', () => {
  const edited = applyWhatIf(problem, [{ kind: 'removeNode', type: 'cpu' }, { kind: 'addNode', type: 'cpu' }]);
  assert.deepEqual(names(edited), ['h100-1', 'h100-2', 'manager', 'cpu-1']);
  assert.equal(edited.nodes[3]?.cpuMillis, 16000);
});

test('setting replicas changes only that service', () => {
  const edited = applyWhatIf(problem, [{ kind: 'setReplicas', service: 'gateway', replicas: 3 }]);
  assert.equal(edited.services[1]?.replicas, 3);
  assert.equal(edited.services[0], problem.services[0]);
  assert.equal(edited.nodes, problem.nodes);
  assert.equal(applyWhatIf(problem, [{ kind: 'setReplicas', service: 'vllm', replicas: 0 }]).services[0]?.replicas, 0);
});

test('reset drops the edits before it, and later edits apply to the original', () => {
  const edited = applyWhatIf(problem, [
    { kind: 'addNode', type: 'h100' },
    { kind: 'setReplicas', service: 'vllm', replicas: 5 },
    { kind: 'reset' },
    { kind: 'removeNode', type: 'cpu' },
  ]);
  assert.deepEqual(names(edited), ['h100-1', 'h100-2', 'manager']);
  assert.equal(edited.services, problem.services);
  assert.equal(applyWhatIf(problem, [{ kind: 'addNode', type: 'h100' }, { kind: 'reset' }]), problem);
});

test('edits that match nothing (a service or type that is gone) are skipped', () => {
  const edited = applyWhatIf(problem, [
    { kind: 'addNode', type: 'tpu' },
    { kind: 'removeNode', type: 'tpu' },
    { kind: 'setReplicas', service: 'nope', replicas: 4 },
  ]);
  assert.deepEqual(edited, problem);
});
