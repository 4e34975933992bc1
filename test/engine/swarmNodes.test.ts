// The Nodes data of a swarm manager that advertises GPUs: a third, isolated engine started with
// --node-generic-resource gpu=2, made a one-node swarm.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { loadEngineSnapshot } from '../../src/core/engine/engineSnapshot';
import { IsolatedEngine } from './isolatedEngine';

let engine: IsolatedEngine | undefined;

/** A free loopback port for the swarm listener: 2377 may already serve another test engine's swarm. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

after(async () => {
  if (!engine) return;
  await engine.docker().swarmLeave({ force: true }).catch(() => undefined);
  await engine.stop();
});

test('a swarm manager with --node-generic-resource gpu=2 shows as a node with 2 GPUs', async (t) => {
  const reason = IsolatedEngine.skipReason();
  if (reason) {
    t.skip(reason);
    return;
  }
  engine = await IsolatedEngine.start('/tmp/berth-eng-s', '--node-generic-resource gpu=2');
  const docker = engine.docker();

  const before = await loadEngineSnapshot(docker);
  assert.deepEqual(before.nodes, [], 'no swarm, no nodes');
  assert.equal(before.swarmState, 'inactive');
  assert.equal(before.swarmManager, false);

  await docker.swarmInit({ ListenAddr: `127.0.0.1:${await freePort()}`, AdvertiseAddr: '127.0.0.1' });
  const snapshot = await loadEngineSnapshot(docker);
  assert.equal(snapshot.swarmState, 'active');
  assert.equal(snapshot.swarmManager, true);
  assert.equal(snapshot.nodes.length, 1);
  const node = snapshot.nodes[0];
  assert.ok(node);
  t.diagnostic(`node: ${node.label} — ${node.description}`);
  assert.equal(node.role, 'manager');
  assert.equal(node.leader, true);
  assert.equal(node.state, 'ready');
  assert.equal(node.availability, 'active');
  assert.equal(node.gpus, 2);
  assert.deepEqual(node.genericResources, [{ kind: 'gpu', value: 2, names: [] }]);
  assert.ok(node.cpus >= 1);
  assert.ok(node.memoryBytes > 0);
  assert.match(node.description, /^manager · active · \d+(\.\d+)? CPU · [\d.]+ [KMGT]iB · 2 GPU$/);
  assert.ok(snapshot.networks.some((n) => n.name === 'ingress' && n.builtIn && n.scope === 'swarm'), 'swarm adds its ingress network');
});
