// The sample project's stack (test/fixtures/sample-model-project/compose.stack.yaml) as a placement problem on its
// berth.nodes.yaml, and a plan for it worked out by hand: the GPU services on the two L40S nodes, qdrant on the NVMe node.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNodeInventory } from '../../../../src/core/placement/nodes/readNodeInventory';
import type { PlacementProblem, Plan, ServiceDemand } from '../../../../src/core/placement/placementProblem';

const GiB = 1024 ** 3;
const root = resolve(__dirname, '..', '..', '..', '..', '..');
const project = resolve(root, 'test', 'fixtures', 'sample-model-project');

/** compose.stack.yaml's reservations, read by eye (the compose reader has its own tests). */
const services: ServiceDemand[] = [
  { name: 'llm', replicas: 2, cpuMillis: 8000, memoryBytes: 64 * GiB, gpus: 2, gpuMemoryBytes: 40 * GiB, maxReplicasPerNode: 1, priority: 10 },
  { name: 'embeddings', cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 1, priority: 5 },
  { name: 'reranker', cpuMillis: 4000, memoryBytes: 8 * GiB, gpus: 0 },
  { name: 'qdrant', cpuMillis: 4000, memoryBytes: 32 * GiB, gpus: 0, constraints: [{ key: 'node.labels.nvme', op: '==', value: 'true' }] },
  { name: 'gateway', replicas: 3, cpuMillis: 1000, memoryBytes: 1 * GiB, gpus: 0 },
  { name: 'redis', cpuMillis: 500, memoryBytes: 2 * GiB, gpus: 0 },
  { name: 'etl', cpuMillis: 8000, memoryBytes: 16 * GiB, gpus: 0, priority: 1 },
];

export function sampleProblem(): PlacementProblem {
  const path = resolve(project, 'berth.nodes.yaml');
  const { nodes } = readNodeInventory(path, readFileSync(path, 'utf8'));
  return { services, nodes };
}

export const samplePlan: Plan = {
  objective: 'pack',
  status: 'optimal',
  assignments: [
    { service: 'llm', node: 'l40s-1', replicas: 1 },
    { service: 'llm', node: 'l40s-2', replicas: 1 },
    { service: 'embeddings', node: 'l40s-1', replicas: 1 },
    { service: 'reranker', node: 'l40s-2', replicas: 1 },
    { service: 'qdrant', node: 'mem-1', replicas: 1 },
    { service: 'gateway', node: 'l40s-1', replicas: 2 },
    { service: 'gateway', node: 'l40s-2', replicas: 1 },
    { service: 'redis', node: 'l40s-2', replicas: 1 },
    { service: 'etl', node: 'l40s-2', replicas: 1 },
  ],
  unplaced: [],
  objectiveValue: 2 * 10.49 + 2.42,
  bound: 2 * 10.49 + 2.42,
  gap: 0,
  solveMillis: 12,
  stages: ['heuristic', 'exact'],
};
