import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Assignment, PlacementProblem, Plan } from '../../../../src/core/placement/placementProblem';
import { swarmServiceSpecs, type SwarmNodeTarget, type SwarmServiceTemplate } from '../../../../src/core/placement/swarm/swarmServiceSpecs';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const problem: PlacementProblem = {
  nodes: [
    { name: 'gpu-a', cpuMillis: 16000, memoryBytes: 64 * GiB, gpus: 8 },
    { name: 'gpu-b', cpuMillis: 16000, memoryBytes: 64 * GiB, gpus: 4 },
    { name: 'cpu-c', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 0, hostname: 'cpu-c.example.com' },
  ],
  services: [
    { name: 'llm', replicas: 2, cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 4, maxReplicasPerNode: 1 },
    { name: 'vector-db', cpuMillis: 500, memoryBytes: 512 * MiB, gpus: 0, constraints: [{ key: 'node.labels.zone', op: '==', value: 'b' }] },
    { name: 'trainer', cpuMillis: 0, memoryBytes: 0, gpus: 'all' },
  ],
};

const targets = new Map<string, SwarmNodeTarget>([
  ['gpu-a', { constraint: 'node.hostname == gpu-a', gpuKind: 'gpu' }],
  ['gpu-b', { constraint: 'node.hostname == gpu-b', gpuKind: 'NVIDIA-GPU' }],
  ['cpu-c', { constraint: 'node.hostname == cpu-c.example.com', gpuKind: 'gpu' }],
]);

const templates = new Map<string, SwarmServiceTemplate>([
  ['llm', { image: 'vllm/vllm-openai:v0.6.3', command: ['--model', 'x'], env: { HF_HOME: '/cache', A: 'b=c' }, stopGracePeriodMillis: 1500 }],
  ['vector-db', { image: 'qdrant/qdrant:v1.12.1' }],
  ['trainer', { image: 'trainer:1' }],
]);

function plan(assignments: Assignment[], over: Partial<Plan> = {}): Plan {
  return { objective: 'pack', status: 'optimal', assignments, unplaced: [], objectiveValue: 0, bound: 0, gap: 0, solveMillis: 1, stages: ['exact'], ...over };
}

test('a service split over two nodes becomes one pinned service per node, with reservations per replica in Swarm units', () => {
  const specs = swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1 }, { service: 'llm', node: 'gpu-b', replicas: 1 }]), problem, templates, targets, 'berth-');
  assert.deepEqual(specs.map((s) => [s.name, s.service, s.node, s.replicas]), [
    ['berth-llm-gpu-a', 'llm', 'gpu-a', 1],
    ['berth-llm-gpu-b', 'llm', 'gpu-b', 1],
  ]);
  const labels = { 'berth.plan': 'berth-', 'berth.service': 'llm', 'berth.plan.node': 'gpu-a' };
  assert.deepEqual(specs[0]?.spec, {
    Name: 'berth-llm-gpu-a',
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: { Image: 'vllm/vllm-openai:v0.6.3', Labels: labels, Args: ['--model', 'x'], Env: ['HF_HOME=/cache', 'A=b=c'], StopGracePeriod: 1_500_000_000 },
      Resources: { Reservations: { NanoCPUs: 4_000_000_000, MemoryBytes: 16 * GiB, GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 4 } }] } },
      Placement: { Constraints: ['node.hostname == gpu-a'], MaxReplicas: 1 },
    },
    Mode: { Replicated: { Replicas: 1 } },
    UpdateConfig: { Parallelism: 1, Order: 'stop-first', FailureAction: 'pause' },
  });
  // The second node advertises its GPUs as NVIDIA-GPU: the reservation must name that kind or Swarm never places it.
  assert.deepEqual(specs[1]?.spec.TaskTemplate && 'Resources' in specs[1].spec.TaskTemplate ? specs[1].spec.TaskTemplate.Resources : undefined, {
    Reservations: { NanoCPUs: 4_000_000_000, MemoryBytes: 16 * GiB, GenericResources: [{ DiscreteResourceSpec: { Kind: 'NVIDIA-GPU', Value: 4 } }] },
  });
});

test('all replicas on one node: one service named after the service, the service constraints kept, no GPU reservation without GPUs', () => {
  const [spec, ...rest] = swarmServiceSpecs(plan([{ service: 'vector-db', node: 'cpu-c', replicas: 2 }]), problem, templates, targets);
  assert.equal(rest.length, 0);
  assert.ok(spec);
  assert.equal(spec.name, 'vector-db');
  assert.deepEqual(spec.spec.Labels, { 'berth.plan': '', 'berth.service': 'vector-db', 'berth.plan.node': 'cpu-c' });
  assert.deepEqual(spec.spec.Mode, { Replicated: { Replicas: 2 } });
  const task = spec.spec.TaskTemplate;
  assert.ok(task && 'ContainerSpec' in task);
  assert.deepEqual(task.ContainerSpec, { Image: 'qdrant/qdrant:v1.12.1', Labels: spec.spec.Labels });
  assert.deepEqual(task.Resources, { Reservations: { NanoCPUs: 500_000_000, MemoryBytes: 512 * MiB } });
  assert.deepEqual(task.Placement, { Constraints: ['node.hostname == cpu-c.example.com', 'node.labels.zone == b'] });
});

test("gpus 'all' reserves every GPU of the node it lands on; nothing is reserved for zero CPU and memory", () => {
  const specs = swarmServiceSpecs(plan([{ service: 'trainer', node: 'gpu-b', replicas: 1 }]), problem, templates, targets);
  const task = specs[0]?.spec.TaskTemplate;
  assert.ok(task && 'Resources' in task);
  assert.deepEqual(task.Resources, { Reservations: { GenericResources: [{ DiscreteResourceSpec: { Kind: 'NVIDIA-GPU', Value: 4 } }] } });
});

test('assignments of the same service and node add up; zero-replica assignments make no service', () => {
  const specs = swarmServiceSpecs(
    plan([
      { service: 'llm', node: 'gpu-a', replicas: 1 },
      { service: 'vector-db', node: 'gpu-b', replicas: 0 },
      { service: 'llm', node: 'gpu-a', replicas: 1 },
    ]),
    problem,
    templates,
    targets,
  );
  assert.deepEqual(specs.map((s) => [s.name, s.replicas]), [['llm', 2]]);
});

test('names become valid Swarm service names: other characters turn into -, long ones keep a stable hash', () => {
  const dotted = { ...problem, nodes: [...problem.nodes, { name: 'gpu.d.example.com', cpuMillis: 1000, memoryBytes: GiB, gpus: 4 }] };
  const withD = new Map([...targets, ['gpu.d.example.com', { constraint: 'node.hostname == gpu.d.example.com', gpuKind: 'gpu' }]]);
  const specs = swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1 }, { service: 'llm', node: 'gpu.d.example.com', replicas: 1 }]), dotted, templates, withD, '.x/');
  assert.deepEqual(specs.map((s) => s.name), ['x-llm-gpu-a', 'x-llm-gpu-d-example-com']);
  const long = 'p'.repeat(70) + '-';
  const a = swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1 }]), problem, templates, targets, long)[0]?.name ?? '';
  const b = swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1 }]), problem, templates, targets, long)[0]?.name ?? '';
  const c = swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-b', replicas: 1 }]), problem, templates, targets, long + 'q')[0]?.name ?? '';
  assert.ok(a.length <= 63, a);
  assert.match(a, /^p+-[0-9a-z]{7}$/);
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('plans that cannot be applied as they stand are refused with the reason', () => {
  assert.throws(() => swarmServiceSpecs(plan([], { status: 'infeasible', explanation: ['needs 16 GPUs; the largest node has 8.'] }), problem, templates, targets), /infeasible.*needs 16 GPUs/);
  assert.throws(() => swarmServiceSpecs(plan([{ service: 'ghost', node: 'gpu-a', replicas: 1 }]), problem, templates, targets), /ghost, which the problem does not have/);
  assert.throws(() => swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-z', replicas: 1 }]), problem, templates, targets), /node gpu-z, which the problem does not have/);
  assert.throws(() => swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1.5 }]), problem, templates, targets), /not a count/);
  assert.throws(() => swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1 }]), problem, new Map(), targets), /No image for llm/);
  const tiny: PlacementProblem = { ...problem, services: [{ name: 'tiny', cpuMillis: 10, memoryBytes: MiB, gpus: 0 }] };
  assert.throws(() => swarmServiceSpecs(plan([{ service: 'tiny', node: 'gpu-a', replicas: 1 }]), tiny, new Map([['tiny', { image: 'i' }]]), targets), /below 4 MiB/);
  assert.throws(() => swarmServiceSpecs(plan([{ service: 'llm', node: 'gpu-a', replicas: 1 }]), problem, templates, new Map()), /gpu-a of the plan is not a node of this swarm/);
  // `a` split onto node `b-c` and `a-b` on node `c` would share a name.
  const clash: PlacementProblem = {
    nodes: [{ name: 'b-c', cpuMillis: 1, memoryBytes: 1, gpus: 0 }, { name: 'c', cpuMillis: 1, memoryBytes: 1, gpus: 0 }, { name: 'd', cpuMillis: 1, memoryBytes: 1, gpus: 0 }],
    services: [{ name: 'a', cpuMillis: 0, memoryBytes: 0, gpus: 0 }, { name: 'a-b', cpuMillis: 0, memoryBytes: 0, gpus: 0 }],
  };
  const t = { image: 'i' };
  const clashTargets = new Map(['b-c', 'c', 'd'].map((n) => [n, { constraint: `node.hostname == ${n}`, gpuKind: 'gpu' }]));
  assert.throws(
    () =>
      swarmServiceSpecs(
        plan([{ service: 'a', node: 'b-c', replicas: 1 }, { service: 'a', node: 'd', replicas: 1 }, { service: 'a-b', node: 'c', replicas: 1 }, { service: 'a-b', node: 'd', replicas: 1 }]),
        clash,
        new Map([['a', t], ['a-b', t]]),
        clashTargets,
      ),
    /a on b-c and a-b on c would both be the Swarm service a-b-c/,
  );
});
