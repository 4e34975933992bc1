import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { observeSwarmPlacement } from '../../../../src/core/placement/swarm/observeSwarmPlacement';
import { swarm3 } from './swarmNodes';

const [N1, N2, N3] = swarm3.map((n) => n.ID);

interface Task {
  ServiceID: string;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string; Err?: string; Message?: string; Timestamp?: string };
}

const services = {
  a: { ID: 'sa', Spec: { Name: 'b-llm-berth-n1', Labels: { 'berth.service': 'llm' }, Mode: { Replicated: { Replicas: 1 } } } },
  b: { ID: 'sb', Spec: { Name: 'b-llm-berth-n2', Labels: { 'berth.service': 'llm' }, Mode: { Replicated: { Replicas: 2 } } } },
  c: { ID: 'sc', Spec: { Name: 'plain', Mode: { Replicated: { Replicas: 1 } } } },
};

/** A manager whose task list is the next of `rounds` at each listTasks call (the last one repeats). */
function manager(rounds: Task[][]): { docker: Docker; polls: () => number } {
  let polls = 0;
  const fake = {
    getService: (id: string) => ({ inspect: () => Promise.resolve(Object.values(services).find((s) => s.ID === id)) }),
    listNodes: () => Promise.resolve(swarm3),
    listTasks: (opts: { filters: { service: string[] } }) => {
      const round = rounds[Math.min(polls, rounds.length - 1)] ?? [];
      polls += 1;
      return Promise.resolve(round.filter((t) => opts.filters.service.includes(t.ServiceID)));
    },
  };
  return { docker: fake as unknown as Docker, polls: () => polls };
}

const running = (ServiceID: string, NodeID: string | undefined): Task => ({ ServiceID, NodeID, DesiredState: 'running', Status: { State: 'running' } });

test('waits until every task runs, counting per plan service and node hostname; ended tasks do not count', async () => {
  const { docker, polls } = manager([
    [{ ServiceID: 'sa', NodeID: N1, DesiredState: 'running', Status: { State: 'preparing' } }, running('sb', N2)],
    [
      running('sa', N1),
      running('sb', N2),
      running('sb', N2),
      { ServiceID: 'sb', NodeID: N2, DesiredState: 'shutdown', Status: { State: 'shutdown' } },
      { ServiceID: 'sb', NodeID: N3, DesiredState: 'shutdown', Status: { State: 'failed', Err: 'task: non-zero exit (1)' } },
      { ServiceID: 'sb', DesiredState: 'shutdown', Status: { State: 'pending', Err: 'no suitable node' } },
      running('sc', N3),
    ],
  ]);
  const observed = await observeSwarmPlacement(docker, ['sa', 'sb', 'sc'], 5000, { pollMs: 1 });
  assert.equal(observed.settled, true);
  assert.equal(polls(), 2);
  assert.deepEqual(
    [...observed.running].map(([s, m]) => [s, [...m]]),
    [
      ['llm', [['berth-n1', 1], ['berth-n2', 2]]],
      ['plain', [['berth-n3', 1]]],
    ],
  );
  assert.deepEqual(observed.pending, []);
  assert.equal(observed.stopping, 0);
});

test('a scaled-down or replaced task that still runs keeps the placement unsettled until it has stopped', async () => {
  const stopping: Task = { ServiceID: 'sa', NodeID: N2, DesiredState: 'shutdown', Status: { State: 'running' } };
  const { docker, polls } = manager([[running('sa', N1), stopping], [running('sa', N1), stopping], [running('sa', N1), { ...stopping, Status: { State: 'shutdown' } }]]);
  const observed = await observeSwarmPlacement(docker, ['sa'], 5000, { pollMs: 1 });
  assert.equal(polls(), 3);
  assert.equal(observed.settled, true);
  assert.equal(observed.stopping, 0);
  assert.deepEqual([...(observed.running.get('llm') ?? [])], [['berth-n1', 1]]);

  const stuck = await observeSwarmPlacement(manager([[running('sa', N1), stopping]]).docker, ['sa'], 20, { pollMs: 1 });
  assert.equal(stuck.settled, false);
  assert.equal(stuck.stopping, 1);
  assert.deepEqual(stuck.pending, []);
});

test("a task pending with the scheduler's message counts as pending once it has stayed so", async () => {
  const err = 'no suitable node (insufficient resources on 3 nodes)';
  const pendingTask: Task = { ServiceID: 'sb', DesiredState: 'running', Status: { State: 'pending', Err: err } };
  const { docker, polls } = manager([[running('sb', N2), pendingTask]]);
  const started = Date.now();
  const observed = await observeSwarmPlacement(docker, ['sb'], 5000, { pollMs: 5, pendingStableMs: 50 });
  assert.equal(observed.settled, true);
  assert.ok(Date.now() - started >= 50, 'waited for the pending task to stay pending');
  assert.ok(polls() >= 3);
  assert.deepEqual(observed.pending, [{ service: 'llm', swarmService: 'b-llm-berth-n2', replicas: 1, reason: err }]);
  assert.deepEqual([...(observed.running.get('llm') ?? [])], [['berth-n2', 1]]);
});

test('a pending task that gets placed before it is stable is reported running', async () => {
  const err = 'no suitable node (insufficient resources on 1 node)';
  const { docker } = manager([[{ ServiceID: 'sa', DesiredState: 'running', Status: { State: 'pending', Err: err } }], [running('sa', N1)]]);
  const observed = await observeSwarmPlacement(docker, ['sa'], 5000, { pollMs: 1, pendingStableMs: 1000 });
  assert.equal(observed.settled, true);
  assert.deepEqual(observed.pending, []);
  assert.ok(observed.millis < 1000);
});

test('when time runs out, tasks still on their way and missing ones are reported with what they are doing', async () => {
  const { docker } = manager([
    [
      { ServiceID: 'sb', NodeID: N2, DesiredState: 'running', Status: { State: 'preparing', Message: 'preparing' } },
      { ServiceID: 'sb', NodeID: N2, DesiredState: 'shutdown', Status: { State: 'rejected', Err: 'No such image: nope:1', Timestamp: '2026-01-01T00:00:02Z' } },
      { ServiceID: 'sb', NodeID: N2, DesiredState: 'shutdown', Status: { State: 'rejected', Err: 'older error', Timestamp: '2026-01-01T00:00:01Z' } },
    ],
  ]);
  const observed = await observeSwarmPlacement(docker, ['sb'], 30, { pollMs: 5 });
  assert.equal(observed.settled, false);
  assert.deepEqual(observed.pending, [
    { service: 'llm', swarmService: 'b-llm-berth-n2', replicas: 1, reason: 'still preparing (preparing)' },
    { service: 'llm', swarmService: 'b-llm-berth-n2', replicas: 1, reason: 'not started: No such image: nope:1' },
  ]);
  assert.equal(observed.running.size, 0);
});

test('no services: settled at once', async () => {
  const { docker } = manager([]);
  const observed = await observeSwarmPlacement(docker, [], 1000);
  assert.equal(observed.settled, true);
  assert.equal(observed.running.size, 0);
});
