import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeNode, type SwarmNodeLike } from '../../../src/core/engine/describeNode';

const GiB = 1024 ** 3;

function node(over: Partial<SwarmNodeLike> = {}): SwarmNodeLike {
  return {
    ID: 'nbwwaxkcyxuz78pla9wgcww6q',
    Spec: { Role: 'manager', Availability: 'active', Labels: { gpu: 'h100' } },
    Description: {
      Hostname: 'gpu-1',
      Resources: {
        NanoCPUs: 8e9,
        MemoryBytes: 16 * GiB,
        GenericResources: [
          { DiscreteResourceSpec: { Kind: 'gpu', Value: 2 } },
          { NamedResourceSpec: { Kind: 'fpga', Value: 'a' } },
          { NamedResourceSpec: { Kind: 'fpga', Value: 'b' } },
        ],
      },
      Engine: { EngineVersion: '20.10.24' },
    },
    Status: { State: 'ready', Addr: '127.0.0.1' },
    ManagerStatus: { Leader: true, Reachability: 'reachable' },
    ...over,
  };
}

test('a manager with two discrete GPUs', () => {
  const view = describeNode(node());
  assert.equal(view.hostname, 'gpu-1');
  assert.equal(view.role, 'manager');
  assert.equal(view.leader, true);
  assert.equal(view.cpus, 8);
  assert.equal(view.memoryBytes, 16 * GiB);
  assert.equal(view.gpus, 2);
  assert.deepEqual(view.genericResources, [
    { kind: 'fpga', value: 2, names: ['a', 'b'] },
    { kind: 'gpu', value: 2, names: [] },
  ]);
  assert.deepEqual(view.labels, { gpu: 'h100' });
  assert.equal(view.description, 'manager · active · 8 CPU · 16 GiB · 2 GPU');
  assert.deepEqual(view.icon, { id: 'server', color: 'charts.green' });
  assert.ok(view.tooltip.includes('Label: `gpu=h100`'));
});

test('GPU kinds: gpu, GPU, nvidia.com/gpu and named NVIDIA-GPU UUIDs all count', () => {
  const view = describeNode(
    node({
      Description: {
        Hostname: 'w',
        Resources: {
          NanoCPUs: 5e8,
          MemoryBytes: 0,
          GenericResources: [
            { DiscreteResourceSpec: { Kind: 'GPU', Value: 1 } },
            { DiscreteResourceSpec: { Kind: 'nvidia.com/gpu', Value: 4 } },
            { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-1b2c' } },
            { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-3d4e' } },
            { DiscreteResourceSpec: { Kind: 'gpus-per-rack', Value: 100 } },
          ],
        },
      },
    }),
  );
  assert.equal(view.gpus, 7);
  assert.equal(view.cpus, 0.5);
});

test('a worker that is down says so instead of its availability; no GPUs, no GPU part', () => {
  const view = describeNode(
    node({
      Spec: { Role: 'worker', Availability: 'drain' },
      Description: { Hostname: 'cpu-1', Resources: { NanoCPUs: 2e9, MemoryBytes: 4 * GiB, GenericResources: null } },
      Status: { State: 'down', Message: 'heartbeat failure' },
      ManagerStatus: null,
    }),
  );
  assert.equal(view.description, 'worker · down · 2 CPU · 4 GiB');
  assert.equal(view.gpus, 0);
  assert.equal(view.leader, false);
  assert.deepEqual(view.icon, { id: 'server', color: 'charts.red' });
  assert.deepEqual(view.labels, {});
});
