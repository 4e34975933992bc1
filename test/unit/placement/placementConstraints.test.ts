// Each kind of rule the solver must respect, on small problems where the answer can be seen by hand.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import type { NodeCapacity, Objective, PlacementProblem, Plan, ServiceDemand } from '../../../src/core/placement/placementProblem';
import { solvePlacement } from '../../../src/core/placement/solvePlacement';

const GiB = 1024 ** 3;
const OBJECTIVES: readonly Objective[] = ['pack', 'spread', 'priority'];

const node = (name: string, extra: Partial<NodeCapacity> = {}): NodeCapacity => ({ name, cpuMillis: 16_000, memoryBytes: 64 * GiB, gpus: 0, ...extra });
const service = (name: string, extra: Partial<ServiceDemand> = {}): ServiceDemand => ({ name, cpuMillis: 1000, memoryBytes: GiB, gpus: 0, ...extra });

/** Solves with every objective and returns the plans, each checked independently. */
function solveAll(problem: PlacementProblem): Plan[] {
  return OBJECTIVES.map((objective) => {
    const plan = solvePlacement(problem, { objective, timeLimitMs: 300 });
    assert.deepEqual(checkPlan(problem, plan), [], `${objective} plan breaks a rule`);
    return plan;
  });
}

function nodesOf(plan: Plan, serviceName: string): string[] {
  return plan.assignments.filter((a) => a.service === serviceName).map((a) => a.node).sort();
}

describe('placement constraints', () => {
  test('node.labels == and !=', () => {
    const problem: PlacementProblem = {
      services: [
        service('db', { replicas: 2, constraints: [{ key: 'node.labels.disk', op: '==', value: 'ssd' }] }),
        service('batch', { replicas: 2, constraints: [{ key: 'node.labels.disk', op: '!=', value: 'ssd' }] }),
      ],
      nodes: [node('fast', { labels: { disk: 'ssd' } }), node('slow', { labels: { disk: 'hdd' } }), node('bare')],
    };
    for (const plan of solveAll(problem)) {
      assert.deepEqual(new Set(nodesOf(plan, 'db')), new Set(['fast']));
      // A missing label reads as "" in Swarm, so != ssd matches the unlabelled node too.
      assert.ok(nodesOf(plan, 'batch').every((n) => n === 'slow' || n === 'bare'));
    }
  });

  test('label values compare without case, label names with it', () => {
    const problem: PlacementProblem = {
      services: [service('a', { constraints: [{ key: 'node.labels.Disk', op: '==', value: 'SSD' }] })],
      nodes: [node('lower', { labels: { disk: 'ssd' } }), node('upper', { labels: { Disk: 'ssd' } })],
    };
    for (const plan of solveAll(problem)) assert.deepEqual(nodesOf(plan, 'a'), ['upper']);
  });

  test('node.role and node.hostname', () => {
    const problem: PlacementProblem = {
      services: [
        service('ctl', { constraints: [{ key: 'node.role', op: '==', value: 'manager' }] }),
        service('edge', { constraints: [{ key: 'node.hostname', op: '==', value: 'edge-host' }] }),
        service('work', { replicas: 2, constraints: [{ key: 'node.role', op: '!=', value: 'manager' }] }),
      ],
      nodes: [node('m', { role: 'manager' }), node('w1', { role: 'worker', hostname: 'edge-host' }), node('w2', { role: 'worker' })],
    };
    for (const plan of solveAll(problem)) {
      assert.deepEqual(nodesOf(plan, 'ctl'), ['m']);
      assert.deepEqual(nodesOf(plan, 'edge'), ['w1']);
      assert.ok(!nodesOf(plan, 'work').includes('m'));
    }
  });

  test('pins keep a service on the named nodes', () => {
    const problem: PlacementProblem = {
      services: [service('pinned', { replicas: 3, pinnedNodes: ['b', 'c'] }), service('free', { replicas: 2 })],
      nodes: [node('a', { costPerHour: 1 }), node('b', { costPerHour: 9 }), node('c', { costPerHour: 9 })],
    };
    for (const plan of solveAll(problem)) assert.ok(nodesOf(plan, 'pinned').every((n) => n === 'b' || n === 'c'));
  });

  test('maxReplicasPerNode spreads replicas even when packing', () => {
    const problem: PlacementProblem = {
      services: [service('api', { replicas: 3, maxReplicasPerNode: 1 })],
      nodes: [node('a'), node('b'), node('c'), node('d')],
    };
    for (const plan of solveAll(problem)) {
      assert.equal(nodesOf(plan, 'api').length, 3);
      assert.ok(plan.assignments.every((a) => a.replicas === 1));
    }
    const pack = solvePlacement(problem, { objective: 'pack', timeLimitMs: 300 });
    assert.equal(pack.objectiveValue, 3);
    assert.equal(pack.status, 'optimal');
  });

  test('GPU memory: a service needing 80 GB GPUs only goes where the GPUs have 80 GB', () => {
    const problem: PlacementProblem = {
      services: [
        service('llm', { gpus: 2, gpuMemoryBytes: 80 * GiB }),
        service('small', { replicas: 2, gpus: 1, gpuMemoryBytes: 20 * GiB }),
      ],
      nodes: [
        node('l40s', { gpus: 4, gpuMemoryBytes: 48 * GiB, costPerHour: 30 }),
        node('h100', { gpus: 8, gpuMemoryBytes: 80 * GiB, costPerHour: 100 }),
        node('unknown', { gpus: 4, costPerHour: 1 }),
      ],
    };
    for (const plan of solveAll(problem)) {
      assert.deepEqual(nodesOf(plan, 'llm'), ['h100']);
      // A GPU of unknown memory cannot be shown to have 20 GB.
      assert.ok(!nodesOf(plan, 'small').includes('unknown'));
    }
  });

  test("'all' GPUs takes a whole GPU node, one replica per node, none on CPU nodes", () => {
    const problem: PlacementProblem = {
      services: [service('trainer', { replicas: 2, gpus: 'all' }), service('helper', { gpus: 1 })],
      nodes: [node('cpu', { costPerHour: 1 }), node('g2', { gpus: 2, costPerHour: 5 }), node('g4', { gpus: 4, costPerHour: 5 }), node('g1', { gpus: 1, costPerHour: 5 })],
    };
    for (const plan of solveAll(problem)) {
      const trainers = nodesOf(plan, 'trainer');
      assert.equal(trainers.length, 2);
      assert.ok(!trainers.includes('cpu'));
      // The helper's GPU must be on a node no trainer took.
      assert.ok(!trainers.includes(nodesOf(plan, 'helper')[0] ?? ''));
    }
  });

  test('gangs are placed together', () => {
    const problem: PlacementProblem = {
      services: [
        service('rag-llm', { gpus: 1, gang: 'rag' }),
        service('rag-db', { replicas: 2, gang: 'rag', constraints: [{ key: 'node.labels.disk', op: '==', value: 'ssd' }] }),
      ],
      nodes: [node('gpu', { gpus: 1 }), node('ssd', { labels: { disk: 'ssd' } })],
    };
    for (const plan of solveAll(problem)) {
      assert.deepEqual(nodesOf(plan, 'rag-llm'), ['gpu']);
      assert.deepEqual(nodesOf(plan, 'rag-db'), ['ssd']);
    }
  });

  test('gangs are left out together, with the reason, when one member cannot fit', () => {
    const problem: PlacementProblem = {
      services: [
        service('rag-llm', { gpus: 1, gang: 'rag', priority: 10 }),
        service('rag-db', { replicas: 3, maxReplicasPerNode: 1, gang: 'rag', priority: 10 }),
        service('web', { priority: 1 }),
      ],
      nodes: [node('gpu', { gpus: 1 }), node('plain')],
    };
    const plan = solvePlacement(problem, { objective: 'priority', timeLimitMs: 300 });
    assert.deepEqual(checkPlan(problem, plan), []);
    assert.deepEqual(plan.assignments.map((a) => a.service), ['web']);
    const llm = plan.unplaced.find((u) => u.service === 'rag-llm');
    assert.match(llm?.reason ?? '', /gang "rag"/);
    // pack cannot place everything either: infeasible, with the same whole-gang partial plan.
    const pack = solvePlacement(problem, { objective: 'pack', timeLimitMs: 300 });
    assert.equal(pack.status, 'infeasible');
    assert.deepEqual(checkPlan(problem, pack), []);
    assert.deepEqual(pack.assignments.map((a) => a.service), ['web']);
  });

  test('an unknown constraint key matches no node, as in Swarm', () => {
    const problem: PlacementProblem = {
      services: [service('odd', { constraints: [{ key: 'engine.labels.x', op: '!=', value: 'y' }] })],
      nodes: [node('a')],
    };
    const plan = solvePlacement(problem, { objective: 'pack', timeLimitMs: 200 });
    assert.equal(plan.status, 'infeasible');
    assert.match(plan.explanation?.join(' ') ?? '', /engine\.labels\.x != y, a key Swarm does not know/);
  });
});
