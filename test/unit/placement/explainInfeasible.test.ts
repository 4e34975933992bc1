// Problems nothing can place in full: status infeasible, an explanation a person can act on, and the best partial plan.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import type { NodeCapacity, Objective, PlacementProblem, Plan, ServiceDemand } from '../../../src/core/placement/placementProblem';
import { solvePlacement } from '../../../src/core/placement/solvePlacement';

const GiB = 1024 ** 3;
const node = (name: string, extra: Partial<NodeCapacity> = {}): NodeCapacity => ({ name, cpuMillis: 16_000, memoryBytes: 64 * GiB, gpus: 0, ...extra });
const service = (name: string, extra: Partial<ServiceDemand> = {}): ServiceDemand => ({ name, cpuMillis: 1000, memoryBytes: GiB, gpus: 0, ...extra });

function infeasible(problem: PlacementProblem, objective: Objective = 'pack'): Plan {
  const plan = solvePlacement(problem, { objective, timeLimitMs: 300 });
  assert.equal(plan.status, 'infeasible');
  assert.deepEqual(checkPlan(problem, plan), []);
  assert.ok((plan.explanation?.length ?? 0) > 0, 'an infeasible plan explains itself');
  return plan;
}

describe('infeasible problems', () => {
  test('a service bigger than any node: "llm needs 8 GPUs per replica; the largest node has 4"', () => {
    const problem: PlacementProblem = {
      services: [service('llm', { gpus: 8 }), service('web')],
      nodes: [node('g1', { gpus: 4 }), node('g2', { gpus: 2 })],
    };
    for (const objective of ['pack', 'spread'] as const) {
      const plan = infeasible(problem, objective);
      assert.deepEqual(plan.explanation, ['llm needs 8 GPUs per replica; the largest node it may use has 4.']);
      // The rest is still planned, so the preview has something to show.
      assert.deepEqual(plan.assignments.map((a) => a.service), ['web']);
      assert.deepEqual(plan.unplaced.map((u) => [u.service, u.replicas]), [['llm', 1]]);
      assert.match(plan.unplaced[0]?.reason ?? '', /needs 8 GPUs per replica/);
    }
  });

  test('CPU, memory and GPU memory that no node offers', () => {
    const problem: PlacementProblem = {
      services: [service('huge', { cpuMillis: 64_000 }), service('fat', { memoryBytes: 512 * GiB }), service('vram', { gpus: 1, gpuMemoryBytes: 80 * GiB })],
      nodes: [node('a', { gpus: 2, gpuMemoryBytes: 24 * GiB })],
    };
    const text = infeasible(problem).explanation?.join('\n') ?? '';
    assert.match(text, /huge needs 64 CPUs per replica; the largest node it may use has 16 CPUs\./);
    assert.match(text, /fat needs 512 GiB of memory per replica; the largest node it may use has 64 GiB\./);
    assert.match(text, /vram needs GPUs with 80 GiB of memory each; the largest GPUs on the nodes it may use have 24 GiB\./);
  });

  test('pins to nodes that are not in the inventory, and constraints no node meets', () => {
    const problem: PlacementProblem = {
      services: [service('lost', { pinnedNodes: ['gone'] }), service('picky', { constraints: [{ key: 'node.labels.zone', op: '==', value: 'mars' }] })],
      nodes: [node('a', { labels: { zone: 'earth' } })],
    };
    const text = infeasible(problem).explanation?.join('\n') ?? '';
    assert.match(text, /lost is pinned to "gone", which is not in the node inventory\./);
    assert.match(text, /picky requires node\.labels\.zone == mars, which none of the nodes meets\./);
  });

  test('a resource short in total, and by how much', () => {
    const problem: PlacementProblem = {
      services: [service('train', { replicas: 3, gpus: 4 })],
      nodes: [node('g1', { gpus: 4 }), node('g2', { gpus: 4 })],
    };
    const plan = infeasible(problem);
    assert.deepEqual(plan.explanation, [
      'train needs 3 replicas, but the nodes it may use hold at most 2 of them (1 CPU, 1 GiB of memory, 4 GPUs each, on 2 nodes).',
      'In total the services need 12 GPUs and the nodes have 8 GPUs: short by 4 GPUs.',
    ]);
    assert.equal(plan.assignments.reduce((n, a) => n + a.replicas, 0), 2);
  });

  test('a group of services short on the nodes they may use', () => {
    const problem: PlacementProblem = {
      services: [service('db', { replicas: 3, cpuMillis: 6000, constraints: [{ key: 'node.labels.disk', op: '==', value: 'ssd' }] }), service('web', { cpuMillis: 6000 })],
      nodes: [node('ssd1', { labels: { disk: 'ssd' } }), node('hdd1'), node('hdd2')],
    };
    const plan = infeasible(problem);
    assert.deepEqual(plan.explanation, [
      'db needs 3 replicas, but the nodes it may use hold at most 2 of them (6 CPUs, 1 GiB of memory each, on 1 node).',
      'db needs 18 CPUs in total, but the nodes it may use (ssd1) have 16 CPUs: short by 2 CPUs.',
    ]);
  });

  test('anti-affinity that needs more nodes than the service may use', () => {
    const problem: PlacementProblem = {
      services: [service('api', { replicas: 4, maxReplicasPerNode: 1 })],
      nodes: [node('a'), node('b'), node('c')],
    };
    const plan = infeasible(problem, 'spread');
    assert.match(plan.explanation?.[0] ?? '', /api needs 4 replicas with at most 1 per node, but only 3 nodes can take it/);
    assert.equal(plan.assignments.length, 3);
  });

  test('replicas too big to share a node, more of them than nodes', () => {
    // 3 replicas of 6 CPUs on two 10-CPU nodes: 18 <= 20 CPUs, yet only one fits per node.
    const problem: PlacementProblem = { services: [service('x', { replicas: 3, cpuMillis: 6000 })], nodes: [node('a', { cpuMillis: 10_000 }), node('b', { cpuMillis: 10_000 })] };
    const plan = infeasible(problem);
    assert.deepEqual(plan.explanation, ['x needs 3 replicas, but the nodes it may use hold at most 2 of them (6 CPUs, 1 GiB of memory each, on 2 nodes).']);
    assert.deepEqual(plan.unplaced.map((u) => [u.service, u.replicas]), [['x', 1]]);
  });

  test('replicas that do not pack, although every total fits: proven by the exact search', () => {
    // Three services of 6 CPUs on two 10-CPU nodes: each fits somewhere, 18 <= 20 CPUs, but no two share a node.
    const problem: PlacementProblem = {
      services: ['a', 'b', 'c'].map((name) => service(name, { cpuMillis: 6000 })),
      nodes: [node('n1', { cpuMillis: 10_000 }), node('n2', { cpuMillis: 10_000 })],
    };
    const plan = infeasible(problem);
    assert.match(plan.explanation?.[0] ?? '', /No placement fits every replica: the exact search tried them all/);
    assert.equal(plan.unplaced.length, 1);
    assert.match(plan.unplaced[0]?.reason ?? '', /no room left for another replica/);
  });
});
