// Workload services -> placement demands: GPU counts, constraints without ranges, pins and x-berth.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCompose } from '../../../src/core/compose/readCompose';
import { servicesToDemands } from '../../../src/core/placement/servicesToDemands';

const GiB = 1024 ** 3;

describe('servicesToDemands', () => {
  test('each compose form becomes the demand the planner reads', () => {
    const text = `services:
  llm:
    image: vllm
    deploy:
      replicas: 2
      resources:
        reservations:
          cpus: "8"
          memory: 32g
          devices: [{ capabilities: [gpu], count: 2 }]
      placement:
        constraints: ["node.labels.gpu == h100"]
        max_replicas_per_node: 1
    x-berth: { priority: 10, gang: rag, pin: [gpu-a, gpu-b], gpu-memory: 80GB }
  pinned:
    image: x
    gpus: [{ device_ids: ["0", "1", "2"] }]
  everything:
    image: x
    gpus: all
  web:
    image: nginx
`;
    const demands = servicesToDemands(readCompose({ files: [{ path: 'c.yaml', text }] }).workload);
    assert.deepEqual(demands, [
      {
        name: 'llm',
        replicas: 2,
        cpuMillis: 8000,
        memoryBytes: 32 * GiB,
        gpus: 2,
        gpuMemoryBytes: 80 * GiB,
        constraints: [{ key: 'node.labels.gpu', op: '==', value: 'h100' }],
        maxReplicasPerNode: 1,
        pinnedNodes: ['gpu-a', 'gpu-b'],
        priority: 10,
        gang: 'rag',
      },
      { name: 'pinned', replicas: 1, cpuMillis: 0, memoryBytes: 0, gpus: 3 },
      { name: 'everything', replicas: 1, cpuMillis: 0, memoryBytes: 0, gpus: 'all' },
      { name: 'web', replicas: 1, cpuMillis: 0, memoryBytes: 0, gpus: 0 },
    ]);
  });

  test('inactive services are not placed', () => {
    const text = 'services:\n  a: { image: a }\n  b: { image: b, profiles: [debug] }\n';
    assert.deepEqual(servicesToDemands(readCompose({ files: [{ path: 'c.yaml', text }] }).workload).map((d) => d.name), ['a']);
  });
});
