// loadEngineSnapshot and containerStats against the real engine at DOCKER_HOST (scripts/engine.sh start).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { containerStats } from '../../src/core/engine/containerStats';
import type { ContainerView } from '../../src/core/engine/describeContainer';
import { loadEngineSnapshot, type EngineSnapshot } from '../../src/core/engine/engineSnapshot';
import { buildBusyboxImage, removeSuiteContainers, SUITE_LABEL, TEST_LABEL } from '../support/busyboxImage';

const SUITE = 'snapshot';
const RUN = `${process.pid}`;
const IMAGE = 'berth-test/busybox:engine-snapshot';
const SICK_IMAGE = 'berth-test/busybox:engine-unhealthy';
const DANGLING_TAG = 'berth-test/busybox:engine-dangling';
const NETWORK = `berth-test-snap-${RUN}`;
const ALPHA = `berth-alpha-${RUN}`;
const BETA = `berth-beta-${RUN}`;
const skip = process.env.DOCKER_HOST ? undefined : 'DOCKER_HOST is not set: run this layer after scripts/engine.sh start';

const docker = new Docker();
const ids = new Map<string, string>(); // short name -> container id
let danglingImageId = '';

function mine(snapshot: EngineSnapshot, name: string): ContainerView {
  const id = ids.get(name);
  const view = snapshot.containers.find((c) => c.id === id);
  assert.ok(view, `${name} is in the snapshot`);
  return view;
}

async function create(name: string, options: Partial<Docker.ContainerCreateOptions> & { start?: boolean; project?: string; service?: string }): Promise<Docker.Container> {
  const { start = true, project, service, ...rest } = options;
  const container = await docker.createContainer({
    name: `berth-snap-${name}-${RUN}`,
    Image: IMAGE,
    Cmd: ['sleep', '300'],
    ...rest,
    Labels: {
      [TEST_LABEL]: '1',
      [SUITE_LABEL]: SUITE,
      ...(project ? { 'com.docker.compose.project': project } : {}),
      ...(service ? { 'com.docker.compose.service': service } : {}),
    },
    HostConfig: { NetworkMode: 'none', ...rest.HostConfig },
  });
  ids.set(name, container.id);
  if (start) await container.start();
  return container;
}

/** Takes snapshots until `check` finds what it waits for (states such as unhealthy or restarting take a moment). */
async function until<T>(what: string, check: (s: EngineSnapshot) => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check(await loadEngineSnapshot(docker));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function cleanUp(): Promise<void> {
  await removeSuiteContainers(docker, SUITE);
  const networks = await docker.listNetworks({ filters: { label: [`${SUITE_LABEL}=${SUITE}`] } });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
  for (const image of [IMAGE, SICK_IMAGE, DANGLING_TAG, danglingImageId]) {
    if (image) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  }
}

before(async () => {
  if (skip) return;
  await docker.ping();
  await cleanUp();
  await buildBusyboxImage(docker, IMAGE);
  await buildBusyboxImage(docker, SICK_IMAGE, ['HEALTHCHECK --interval=1s --retries=1 CMD false']);
  // Building a tag twice leaves the first image without a tag: a dangling image, as after a rebuild.
  await buildBusyboxImage(docker, DANGLING_TAG, [`LABEL dev.berth.test.build=${RUN}-1`]);
  danglingImageId = (await docker.getImage(DANGLING_TAG).inspect()).Id;
  await buildBusyboxImage(docker, DANGLING_TAG, [`LABEL dev.berth.test.build=${RUN}-2`]);

  await create('a-web', { project: ALPHA, service: 'web' });
  const job = await create('a-job', { project: ALPHA, service: 'job', Cmd: ['true'] });
  const crash = await create('b-crash', { project: BETA, service: 'worker', Cmd: ['sh', '-c', 'exit 3'] });
  await create('b-loop', { project: BETA, service: 'loop', Cmd: ['sh', '-c', 'exit 3'], HostConfig: { RestartPolicy: { Name: 'always' } } });
  await create('s-sick', { Image: SICK_IMAGE });
  await create('s-fine', { Healthcheck: { Test: ['CMD', 'true'], Interval: 250e6, Timeout: 1e9, Retries: 1 } });
  const paused = await create('s-paused', {});
  await paused.pause();
  await create('s-new', { start: false });
  await Promise.all([job.wait(), crash.wait()]);

  await docker.createNetwork({ Name: NETWORK, Internal: true, Labels: { [TEST_LABEL]: '1', [SUITE_LABEL]: SUITE } });
  for (const name of ['n-one', 'n-two']) {
    await create(name, { HostConfig: { NetworkMode: NETWORK }, NetworkingConfig: { EndpointsConfig: { [NETWORK]: {} } } });
  }
});

after(async () => {
  if (!skip) await cleanUp();
});

test('containers are grouped by compose project, projects by name, the ungrouped last', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const snapshot = await loadEngineSnapshot(docker);
  const names = (project: string | undefined) =>
    snapshot.containerGroups
      .find((g) => g.project === project)
      ?.containers.filter((c) => [...ids.values()].includes(c.id))
      .map((c) => c.name.replace(`-${RUN}`, '').replace('berth-snap-', ''));
  assert.deepEqual(names(ALPHA), ['a-job', 'a-web']);
  assert.deepEqual(names(BETA), ['b-crash', 'b-loop']);
  assert.deepEqual(names(undefined), ['n-one', 'n-two', 's-fine', 's-new', 's-paused', 's-sick']);
  assert.equal(snapshot.containerGroups.at(-1)?.project, undefined, 'the ungrouped containers come last');
  const projects = snapshot.containerGroups.map((g) => g.project).filter((p): p is string => p !== undefined);
  assert.deepEqual(projects, [...projects].sort((a, b) => a.localeCompare(b)));
  const alpha = snapshot.containerGroups.find((g) => g.project === ALPHA);
  assert.equal(alpha?.description, '1/2 running');
  assert.equal(mine(snapshot, 'a-web').composeService, 'web');
});

test('running, exited with its code, created and paused', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const snapshot = await loadEngineSnapshot(docker);
  const web = mine(snapshot, 'a-web');
  assert.equal(web.state, 'running');
  assert.equal(web.description, 'running', 'no published ports: the state alone');
  assert.deepEqual(web.ports, []);
  assert.deepEqual(web.icon, { id: 'vm-running', color: 'charts.green' });
  assert.equal(web.image, IMAGE);
  assert.ok(web.startedAtMs !== undefined && Math.abs(web.startedAtMs - Date.now()) < 120_000, 'started a moment ago');
  assert.ok(Math.abs(web.createdMs - Date.now()) < 120_000);
  assert.ok(web.tooltip.some((l) => l.startsWith('Status: Up')));

  const crash = mine(snapshot, 'b-crash');
  assert.equal(crash.state, 'exited');
  assert.equal(crash.exitCode, 3);
  assert.equal(crash.description, 'exited (3)');
  assert.deepEqual(crash.icon, { id: 'error', color: 'charts.red' });

  const job = mine(snapshot, 'a-job');
  assert.equal(job.exitCode, 0);
  assert.deepEqual(job.icon, { id: 'vm-outline' });

  assert.equal(mine(snapshot, 's-new').state, 'created');
  assert.equal(mine(snapshot, 's-paused').description, 'paused');
});

test('a container in a restart loop reads as restarting', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const loop = await until('b-loop to be restarting', (s) => {
    const c = mine(s, 'b-loop');
    return c.state === 'restarting' ? c : undefined;
  });
  assert.equal(loop.description, 'restarting');
  assert.equal(loop.icon.id, 'sync~spin');
  assert.equal(loop.exitCode, 3);
  // A restart loop floods the event stream: end it here, so that it cannot blur the watcher's tests beside this file.
  await docker.getContainer(ids.get('b-loop') ?? '').remove({ force: true });
});

test('a failing HEALTHCHECK reads as unhealthy, a passing one as healthy', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const sick = await until('s-sick to be unhealthy', (s) => {
    const c = mine(s, 's-sick');
    return c.health === 'unhealthy' ? c : undefined;
  });
  assert.equal(sick.description, 'unhealthy');
  assert.deepEqual(sick.icon, { id: 'warning', color: 'charts.yellow' });
  const fine = await until('s-fine to be healthy', (s) => {
    const c = mine(s, 's-fine');
    return c.health === 'healthy' ? c : undefined;
  });
  assert.equal(fine.description, 'healthy');
  assert.equal(fine.icon.id, 'vm-running');
});

test('images: tags, size, age, the containers using them; dangling ones apart', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const snapshot = await loadEngineSnapshot(docker);
  const image = snapshot.images.find((i) => i.repoTags.includes(IMAGE));
  assert.ok(image, `${IMAGE} is listed`);
  assert.deepEqual(image.tags, [{ repository: 'berth-test/busybox', tag: 'engine-snapshot' }]);
  assert.equal(image.dangling, false);
  assert.equal(image.inUseBy, 8, 'every container of this suite but s-sick and the removed b-loop');
  assert.ok(image.sizeBytes > 500_000, `busybox is about 2 MB, got ${image.sizeBytes}`);
  assert.match(image.description, /^\d+(\.\d+)? MB · (less than a second|\d+ seconds|about a minute|\d+ minutes) ago · 8 containers$/);
  assert.equal(snapshot.images.find((i) => i.repoTags.includes(SICK_IMAGE))?.inUseBy, 1);

  const dangling = snapshot.danglingImages.find((i) => i.id === danglingImageId);
  assert.ok(dangling, 'the image that lost its tag to a rebuild is dangling');
  assert.equal(dangling.dangling, true);
  assert.deepEqual(dangling.repoTags, []);
  assert.ok(!snapshot.images.some((i) => i.id === danglingImageId));
  assert.ok(snapshot.images.some((i) => i.repoTags.includes(DANGLING_TAG)), 'the rebuilt image keeps the tag');
});

test('an internal network lists the two containers attached to it', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const snapshot = await loadEngineSnapshot(docker);
  const network = snapshot.networks.find((n) => n.name === NETWORK);
  assert.ok(network, `${NETWORK} is listed`);
  assert.equal(network.internal, true);
  assert.equal(network.driver, 'bridge');
  assert.equal(network.scope, 'local');
  assert.equal(network.builtIn, false);
  assert.deepEqual(
    network.containers.map((c) => c.id),
    [ids.get('n-one'), ids.get('n-two')],
  );
  for (const member of network.containers) {
    assert.equal(member.attached, true);
    assert.match(member.ipv4 ?? '', /^\d+\.\d+\.\d+\.\d+$/, `${member.name} has an address`);
  }
  assert.equal(network.description, 'bridge · internal · 2 containers');
  const none = snapshot.networks.find((n) => n.name === 'none');
  assert.ok(none?.builtIn);
  assert.ok(none.containers.some((c) => c.id === ids.get('a-web')), 'containers on network "none" are listed under it');
});

test('containerStats of a running sleep container', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const started = performance.now();
  const stats = await containerStats(docker, ids.get('a-web') ?? '', 10_000);
  t.diagnostic(`containerStats: ${(performance.now() - started).toFixed(0)} ms, cpu ${stats.cpuPercent?.toFixed(3) ?? '?'} %, memory ${stats.memoryBytes} of ${stats.memoryLimitBytes} bytes`);
  assert.equal(typeof stats.cpuPercent, 'number');
  assert.ok((stats.cpuPercent ?? -1) >= 0 && (stats.cpuPercent ?? 101) < 100, 'a sleeping process uses almost no CPU');
  assert.ok(stats.memoryBytes > 0);
  assert.ok(stats.memoryLimitBytes >= stats.memoryBytes);
  const stopped = await containerStats(docker, ids.get('b-crash') ?? '', 10_000);
  assert.equal(stopped.cpuPercent, undefined, 'a stopped container has no CPU reading');
});

test('a silent engine: every call has a deadline, and the error names the call', async (t) => {
  // Accepts connections and never answers: what a hung engine looks like from here.
  const dir = mkdtempSync(join(tmpdir(), 'berth-silent-'));
  const socketPath = join(dir, 'docker.sock');
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    s.resume(); // read requests (and the client's close), answer nothing
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
  try {
    const silent = new Docker({ socketPath });
    const started = performance.now();
    await assert.rejects(loadEngineSnapshot(silent, undefined, { timeoutMs: 300 }), (error: Error) => {
      assert.match(error.message, /^The Docker Engine did not answer (listContainers|listImages|listNetworks|info) within 300 ms\.$/);
      return true;
    });
    const elapsed = performance.now() - started;
    t.diagnostic(`silent engine rejected after ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < 1000, `rejected after ${elapsed.toFixed(0)} ms`);
    // The timed-out requests are aborted, not left hanging on open sockets.
    const deadline = Date.now() + 2000;
    while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sockets.size, 0, 'no connection left open');

    const controller = new AbortController();
    const pending = loadEngineSnapshot(silent, controller.signal, { timeoutMs: 60_000 });
    setTimeout(() => controller.abort(new Error('the view closed')), 50);
    await assert.rejects(pending, /the view closed/);
    await assert.rejects(containerStats(silent, 'x', 200), /did not answer stats within 200 ms/);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});
