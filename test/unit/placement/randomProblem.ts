// Test helper: seeded random placement problems with every feature the model has (labels, roles, pins, GPU memory,
// 'all' GPUs, anti-affinity, gangs, priorities, costs), small enough for bruteForce when asked to be tiny.
import { seededRandom } from '../../../src/core/placement/seededRandom';
import type { NodeCapacity, NodeConstraint, PlacementProblem, ServiceDemand } from '../../../src/core/placement/placementProblem';

const GiB = 1024 ** 3;

/** The solver's own seeded generator (mulberry32), so a test's instance depends only on its seed. */
export const seeded = seededRandom;

export interface RandomProblemSize {
  readonly services: number;
  readonly nodes: number;
  /** Cap on replicas per service (default 3). */
  readonly maxReplicas?: number;
  /** Cap on all replicas together (for brute force). */
  readonly totalReplicas?: number;
}

export function randomProblem(seed: number, size: RandomProblemSize): PlacementProblem {
  const random = seeded(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nodes: NodeCapacity[] = [];
  for (let n = 0; n < size.nodes; n += 1) {
    const gpus = pick([0, 0, 2, 4]);
    nodes.push({
      name: `n${n + 1}`,
      cpuMillis: int(2, 16) * 1000,
      memoryBytes: int(4, 64) * GiB,
      gpus,
      ...(gpus > 0 ? { gpuMemoryBytes: pick([24, 48, 80]) * GiB } : {}),
      labels: { zone: pick(['a', 'b']), ...(random() < 0.5 ? { disk: 'ssd' } : {}) },
      role: n === 0 ? 'manager' : 'worker',
      costPerHour: gpus > 0 ? gpus * 10 : int(1, 5),
    });
  }
  const services: ServiceDemand[] = [];
  let total = 0;
  for (let s = 0; s < size.services; s += 1) {
    const room = (size.totalReplicas ?? Infinity) - total;
    if (room <= 0) break;
    const replicas = Math.min(room, int(1, size.maxReplicas ?? 3));
    total += replicas;
    const wantsGpu = random() < 0.3;
    const constraints: NodeConstraint[] = [];
    if (random() < 0.25) constraints.push({ key: 'node.labels.zone', op: pick(['==', '!=']), value: pick(['a', 'b']) });
    if (random() < 0.15) constraints.push({ key: 'node.labels.disk', op: '==', value: 'ssd' });
    if (random() < 0.1) constraints.push({ key: 'node.role', op: '==', value: 'worker' });
    const service: ServiceDemand = {
      name: `s${s + 1}`,
      replicas,
      cpuMillis: int(1, 8) * 500,
      memoryBytes: int(1, 16) * GiB,
      gpus: wantsGpu ? (random() < 0.15 ? 'all' : int(1, 2)) : 0,
      ...(wantsGpu && random() < 0.5 ? { gpuMemoryBytes: pick([16, 40, 64]) * GiB } : {}),
      ...(constraints.length > 0 ? { constraints } : {}),
      ...(replicas > 1 && random() < 0.4 ? { maxReplicasPerNode: 1 } : {}),
      ...(random() < 0.15 ? { pinnedNodes: [pick(nodes).name, pick(nodes).name].filter((v, i, a) => a.indexOf(v) === i) } : {}),
      priority: int(1, 5),
      ...(random() < 0.15 ? { gang: pick(['g1', 'g2']) } : {}),
    };
    services.push(service);
  }
  return { services, nodes };
}
