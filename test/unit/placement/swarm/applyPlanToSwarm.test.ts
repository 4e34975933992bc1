import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { Assignment, PlacementProblem, Plan } from '../../../../src/core/placement/placementProblem';
import { applyPlanToSwarm, type SwarmServiceTemplate } from '../../../../src/core/placement/swarm/applyPlanToSwarm';
import { nodesFromSwarm, type SwarmNodeInfo } from '../../../../src/core/placement/swarm/nodesFromSwarm';
import { swarm3, swarmNode } from './swarmNodes';

interface FakeService {
  ID: string;
  Version: { Index: number };
  Spec: { Name: string; Labels?: Record<string, string>; Mode?: { Replicated?: { Replicas?: number } }; TaskTemplate?: unknown };
}

/** The few Engine API calls applyPlanToSwarm makes, against an in-memory swarm; `calls` records them in order. */
class FakeSwarm {
  readonly calls: string[] = [];
  /** What listTasks answers, one entry per call (the last one repeats). */
  taskRounds: { ServiceID: string; Status: { State: string } }[][] = [];
  private taskCalls = 0;
  private next = 1;
  constructor(
    readonly nodes: readonly SwarmNodeInfo[],
    readonly services: FakeService[] = [],
  ) {}

  listNodes() {
    return Promise.resolve(this.nodes);
  }
  listTasks() {
    this.calls.push('listTasks');
    return Promise.resolve(this.taskRounds[Math.min(this.taskCalls++, this.taskRounds.length - 1)] ?? []);
  }
  listServices() {
    return Promise.resolve(this.services.map((s) => structuredClone(s)));
  }
  createService(spec: FakeService['Spec']) {
    const ID = `svc${this.next++}`;
    this.calls.push(`create ${spec.Name}`);
    this.services.push({ ID, Version: { Index: 1 }, Spec: spec });
    return Promise.resolve({ id: ID });
  }
  getService(id: string) {
    const find = () => {
      const s = this.services.find((x) => x.ID === id);
      if (!s) throw new Error(`no such service ${id}`);
      return s;
    };
    return {
      remove: () => {
        const s = find();
        this.calls.push(`remove ${s.Spec.Name}`);
        this.services.splice(this.services.indexOf(s), 1);
        return Promise.resolve();
      },
      update: (opts: { _query: { version: number }; _body: FakeService['Spec'] }) => {
        const s = find();
        // The engine refuses an update that does not name the current version.
        if (opts._query.version !== s.Version.Index) return Promise.reject(new Error('update out of sequence'));
        this.calls.push(`update ${s.Spec.Name} v${opts._query.version}`);
        s.Spec = opts._body;
        s.Version.Index += 1;
        return Promise.resolve();
      },
    };
  }
  replicas(name: string): number | undefined {
    return this.services.find((s) => s.Spec.Name === name)?.Spec.Mode?.Replicated?.Replicas;
  }
  asDocker(): Docker {
    return this as unknown as Docker;
  }
}

const MiB = 1024 ** 2;
const problem: PlacementProblem = {
  nodes: nodesFromSwarm(swarm3).nodes,
  services: [
    { name: 'llm', replicas: 2, cpuMillis: 100, memoryBytes: 32 * MiB, gpus: 4, maxReplicasPerNode: 1 },
    { name: 'gateway', replicas: 3, cpuMillis: 50, memoryBytes: 16 * MiB, gpus: 0 },
  ],
};
const template: SwarmServiceTemplate = { image: 'berth/busybox:1', command: ['sleep', '3600'] };
const templates = new Map([['llm', template], ['gateway', template]]);

function plan(assignments: Assignment[]): Plan {
  return { objective: 'spread', status: 'feasible', assignments, unplaced: [], objectiveValue: 0, bound: 0, gap: 0, solveMillis: 1, stages: [] };
}
const first = plan([
  { service: 'llm', node: 'berth-n1', replicas: 1 },
  { service: 'llm', node: 'berth-n2', replicas: 1 },
  { service: 'gateway', node: 'berth-n3', replicas: 3 },
]);

test('a first apply creates one service per group and reports each with its ID', async () => {
  const swarm = new FakeSwarm(swarm3);
  const progress: string[] = [];
  const result = await applyPlanToSwarm(swarm.asDocker(), first, problem, templates, { prefix: 'b-', onProgress: (m) => progress.push(m) });
  assert.deepEqual(swarm.calls, ['create b-llm-berth-n1', 'create b-llm-berth-n2', 'create b-gateway']);
  assert.deepEqual(result.services.map((s) => [s.name, s.id, s.service, s.node, s.replicas, s.action]), [
    ['b-llm-berth-n1', 'svc1', 'llm', 'berth-n1', 1, 'created'],
    ['b-llm-berth-n2', 'svc2', 'llm', 'berth-n2', 1, 'created'],
    ['b-gateway', 'svc3', 'gateway', 'berth-n3', 3, 'created'],
  ]);
  assert.deepEqual(result.serviceIds, ['svc1', 'svc2', 'svc3']);
  assert.deepEqual(result.removed, []);
  assert.equal(progress.length, 3);
  assert.match(progress[2] ?? '', /creating b-gateway: 3 × gateway on berth-n3/);
});

test('a second apply updates by version, removes only its own stale services first, and leaves other plans and foreign services alone', async () => {
  const foreign: FakeService = { ID: 'user1', Version: { Index: 7 }, Spec: { Name: 'b-cache', Labels: {} } };
  const otherPlan: FakeService = { ID: 'other1', Version: { Index: 3 }, Spec: { Name: 'x-llm', Labels: { 'berth.plan': 'x-', 'berth.service': 'llm' } } };
  const swarm = new FakeSwarm(swarm3, [foreign, otherPlan]);
  await applyPlanToSwarm(swarm.asDocker(), first, problem, templates, { prefix: 'b-' });
  swarm.calls.length = 0;

  // gateway moves from 3 on n3 to 2 on n1 + 2 on n2; llm keeps its nodes.
  const second = plan([
    { service: 'llm', node: 'berth-n1', replicas: 1 },
    { service: 'llm', node: 'berth-n2', replicas: 1 },
    { service: 'gateway', node: 'berth-n1', replicas: 2 },
    { service: 'gateway', node: 'berth-n2', replicas: 2 },
  ]);
  const result = await applyPlanToSwarm(swarm.asDocker(), second, { ...problem, services: problem.services.map((s) => (s.name === 'gateway' ? { ...s, replicas: 4 } : s)) }, templates, {
    prefix: 'b-',
  });
  assert.deepEqual(swarm.calls, ['remove b-gateway', 'listTasks', 'update b-llm-berth-n1 v1', 'update b-llm-berth-n2 v1', 'create b-gateway-berth-n1', 'create b-gateway-berth-n2']);
  assert.deepEqual(result.removed, ['b-gateway']);
  assert.deepEqual(result.services.map((s) => [s.name, s.action]), [
    ['b-llm-berth-n1', 'updated'],
    ['b-llm-berth-n2', 'updated'],
    ['b-gateway-berth-n1', 'created'],
    ['b-gateway-berth-n2', 'created'],
  ]);
  assert.equal(swarm.replicas('b-gateway-berth-n2'), 2);
  assert.ok(swarm.services.includes(foreign) && swarm.services.includes(otherPlan));

  // A third apply with fewer llm replicas on n1: an update of the new version, not a re-creation.
  swarm.calls.length = 0;
  await applyPlanToSwarm(swarm.asDocker(), plan([{ service: 'llm', node: 'berth-n1', replicas: 1 }, { service: 'llm', node: 'berth-n2', replicas: 1 }]), problem, templates, { prefix: 'b-' });
  assert.deepEqual(swarm.calls, ['remove b-gateway-berth-n1', 'remove b-gateway-berth-n2', 'listTasks', 'update b-llm-berth-n1 v2', 'update b-llm-berth-n2 v2']);
});

test('a service of the same name that is not this plan is refused before anything changes', async () => {
  const foreign: FakeService = { ID: 'user1', Version: { Index: 7 }, Spec: { Name: 'b-gateway', Labels: { owner: 'ops' } } };
  const swarm = new FakeSwarm(swarm3, [foreign]);
  await assert.rejects(applyPlanToSwarm(swarm.asDocker(), first, problem, templates, { prefix: 'b-' }), /b-gateway exists and was not made by this Berth plan \(prefix "b-"\)/);
  assert.deepEqual(swarm.calls, []);
});

test('nodes are pinned by hostname, or by ID when the hostname is not unique in the swarm; a node missing from the swarm is an error', async () => {
  const twins = [swarmNode('aaaaaaaaaaaa1', 'twin'), swarmNode('bbbbbbbbbbbb2', 'twin'), swarmNode('cccccccccccc3', 'solo')];
  const p: PlacementProblem = { nodes: nodesFromSwarm(twins).nodes, services: [{ name: 'gateway', cpuMillis: 0, memoryBytes: 0, gpus: 0 }] };
  const swarm = new FakeSwarm(twins);
  await applyPlanToSwarm(swarm.asDocker(), plan([{ service: 'gateway', node: 'twin-bbbbbbbbbbbb', replicas: 1 }, { service: 'gateway', node: 'solo', replicas: 1 }]), p, templates);
  const constraints = swarm.services.map((s) => (s.Spec.TaskTemplate as { Placement: { Constraints: string[] } }).Placement.Constraints[0]);
  assert.deepEqual(constraints, ['node.id == bbbbbbbbbbbb2', 'node.hostname == solo']);

  const gone = new FakeSwarm(swarm3.slice(0, 2));
  await assert.rejects(applyPlanToSwarm(gone.asDocker(), first, problem, templates), /berth-n3 of the plan is not in this swarm/);
  assert.deepEqual(gone.calls, []);
});

test('an aborted apply stops before the next change', async () => {
  const swarm = new FakeSwarm(swarm3);
  const controller = new AbortController();
  const onProgress = (m: string) => {
    if (m.startsWith('creating b-llm-berth-n2')) controller.abort();
  };
  await assert.rejects(applyPlanToSwarm(swarm.asDocker(), first, problem, templates, { prefix: 'b-', signal: controller.signal, onProgress }), { name: 'AbortError' });
  assert.deepEqual(swarm.calls, ['create b-llm-berth-n1']);
});

test('before creating anything, waits until the tasks of removed services have stopped, or gives up after the timeout', async () => {
  const swarm = new FakeSwarm(swarm3);
  await applyPlanToSwarm(swarm.asDocker(), first, problem, templates, { prefix: 'b-' });
  const gatewayId = swarm.services.find((s) => s.Spec.Name === 'b-gateway')?.ID ?? '';
  swarm.calls.length = 0;
  swarm.taskRounds = [
    [{ ServiceID: gatewayId, Status: { State: 'running' } }, { ServiceID: 'svc1', Status: { State: 'running' } }],
    [{ ServiceID: gatewayId, Status: { State: 'shutdown' } }, { ServiceID: 'svc1', Status: { State: 'running' } }],
  ];
  const progress: string[] = [];
  const moved = plan([
    { service: 'llm', node: 'berth-n1', replicas: 1 },
    { service: 'llm', node: 'berth-n2', replicas: 1 },
    { service: 'gateway', node: 'berth-n1', replicas: 2 },
    { service: 'gateway', node: 'berth-n2', replicas: 1 },
  ]);
  await applyPlanToSwarm(swarm.asDocker(), moved, problem, templates, { prefix: 'b-', onProgress: (m) => progress.push(m) });
  assert.deepEqual(swarm.calls.slice(0, 4), ['remove b-gateway', 'listTasks', 'listTasks', 'update b-llm-berth-n1 v1']);
  assert.ok(progress.includes('waiting for 1 task(s) of removed services to stop'), progress.join('\n'));

  swarm.calls.length = 0;
  swarm.taskRounds = [[{ ServiceID: swarm.services.find((s) => s.Spec.Name === 'b-gateway-berth-n2')?.ID ?? '', Status: { State: 'running' } }]];
  const stuck: string[] = [];
  await applyPlanToSwarm(swarm.asDocker(), first, problem, templates, { prefix: 'b-', stopTimeoutMs: 1, onProgress: (m) => stuck.push(m) });
  assert.ok(stuck.some((m) => /1 task\(s\) of removed services still stopping after 1 ms; going on/.test(m)), stuck.join('\n'));
  assert.ok(swarm.calls.includes('create b-gateway'));
});
