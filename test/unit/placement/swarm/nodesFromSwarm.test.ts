import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { nodesFromSwarm, type SwarmNodeInfo } from '../../../../src/core/placement/swarm/nodesFromSwarm';
import type { GenericResourceLike } from '../../../../src/core/placement/swarm/swarmGpus';
import { GiB, swarm3, swarmNode } from './swarmNodes';

test('the three swarm3 nodes become capacities named by hostname, with CPUs in millis, labels, role, platform and GPUs', () => {
  const { nodes, warnings } = nodesFromSwarm(swarm3);
  assert.deepEqual(warnings, []);
  assert.deepEqual(nodes, [
    { name: 'berth-n1', hostname: 'berth-n1', cpuMillis: 2000, memoryBytes: 25_276_514_304, gpus: 8, labels: { gpu: 'h100', zone: 'a' }, role: 'manager', platform: { os: 'linux', arch: 'x86_64' } },
    { name: 'berth-n2', hostname: 'berth-n2', cpuMillis: 2000, memoryBytes: 25_276_514_304, gpus: 4, labels: { gpu: 'a100', zone: 'b' }, role: 'worker', platform: { os: 'linux', arch: 'x86_64' } },
    { name: 'berth-n3', hostname: 'berth-n3', cpuMillis: 2000, memoryBytes: 25_276_514_304, gpus: 0, labels: { zone: 'b' }, role: 'worker', platform: { os: 'linux', arch: 'x86_64' } },
  ]);
});

test('every GPU kind counts: gpu, GPU, nvidia.com/gpu, NVIDIA-GPU; named GPUs once per UUID; other resources not at all', () => {
  const resources = (GenericResources: GenericResourceLike[]) =>
    swarmNode('n', 'h', { Description: { Hostname: 'h', Resources: { NanoCPUs: 16e9, MemoryBytes: 64 * GiB, GenericResources } } });
  const gpusOf = (node: SwarmNodeInfo) => nodesFromSwarm([node]).nodes[0]?.gpus;
  assert.equal(gpusOf(resources([{ DiscreteResourceSpec: { Kind: 'GPU', Value: 2 } }])), 2);
  assert.equal(gpusOf(resources([{ DiscreteResourceSpec: { Kind: 'nvidia.com/gpu', Value: 4 } }])), 4);
  assert.equal(
    gpusOf(
      resources([
        { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-6a1f' } },
        { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-7b2e' } },
        { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-7b2e' } },
        { NamedResourceSpec: { Kind: 'fpga', Value: 'f0' } },
        { DiscreteResourceSpec: { Kind: 'ssd', Value: 3 } },
      ]),
    ),
    2,
  );
  assert.equal(gpusOf(resources([])), 0);
  assert.equal(nodesFromSwarm([swarmNode('x', 'h', { Description: { Hostname: 'h', Resources: { NanoCPUs: 1.5e9, MemoryBytes: 0, GenericResources: null } } })]).nodes[0]?.cpuMillis, 1500);
});

test('a node with GPUs of two kinds counts both and warns that one replica gets one kind', () => {
  const { nodes, warnings } = nodesFromSwarm([
    swarmNode('m', 'mixed', {
      Description: {
        Hostname: 'mixed',
        Resources: { NanoCPUs: 8e9, MemoryBytes: 0, GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 2 } }, { NamedResourceSpec: { Kind: 'NVIDIA-GPU', Value: 'GPU-1' } }] },
      },
    }),
  ]);
  assert.equal(nodes[0]?.gpus, 3);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /^mixed advertises GPUs of 2 kinds \(2 gpu, 1 NVIDIA-GPU\).*at most 2/);
});

test('nodes that are down, drained or paused are left out, each with a warning; the others stay in order', () => {
  const { nodes, warnings } = nodesFromSwarm([
    swarmNode('a', 'down-1', { Status: { State: 'down', Message: 'heartbeat failure' } }),
    swarmNode('b', 'ok-1'),
    swarmNode('c', 'drained-1', { Spec: { Role: 'worker', Availability: 'drain' } }),
    swarmNode('d', 'paused-1', { Spec: { Role: 'worker', Availability: 'pause' } }),
    swarmNode('e', 'unknown-1', { Status: { State: 'unknown' } }),
    swarmNode('f', 'ok-2'),
  ]);
  assert.deepEqual(nodes.map((n) => n.name), ['ok-1', 'ok-2']);
  assert.equal(warnings.length, 4);
  assert.match(warnings[0] ?? '', /^down-1 is down \(heartbeat failure\): left out/);
  assert.match(warnings[1] ?? '', /^drained-1 is drained: left out/);
  assert.match(warnings[2] ?? '', /^paused-1 is paused: left out/);
  assert.match(warnings[3] ?? '', /^unknown-1 is unknown: left out/);
});

test('nodes sharing a hostname are told apart by their ID; a node without a hostname is named by its ID; missing fields default', () => {
  const { nodes } = nodesFromSwarm([
    swarmNode('aaaaaaaaaaaa1111', 'gpu'),
    swarmNode('bbbbbbbbbbbb2222', 'gpu'),
    { ID: 'cccccccccccc3333', Status: { State: 'ready' } },
  ]);
  assert.deepEqual(nodes.map((n) => [n.name, n.hostname]), [['gpu-aaaaaaaaaaaa', 'gpu'], ['gpu-bbbbbbbbbbbb', 'gpu'], ['cccccccccccc', undefined]]);
  const bare = nodes[2];
  assert.deepEqual(bare, { name: 'cccccccccccc', cpuMillis: 0, memoryBytes: 0, gpus: 0, labels: {}, role: 'worker' });
});
