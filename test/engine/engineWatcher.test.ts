// EngineWatcher against the real engine at DOCKER_HOST, against a second engine that is stopped and started again,
// and against a scripted engine for what a real one cannot be made to do on cue (split chunks, refused pings).
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { EngineWatcher, type EngineChange } from '../../src/core/engine/engineWatcher';
import { buildBusyboxImage, removeSuiteContainers, SUITE_LABEL, TEST_LABEL } from '../support/busyboxImage';
import { IsolatedEngine } from './isolatedEngine';

const SUITE = 'watcher';
const IMAGE = 'berth-test/busybox:engine-watch';
const skip = process.env.DOCKER_HOST ? undefined : 'DOCKER_HOST is not set: run this layer after scripts/engine.sh start';
const docker = new Docker();
const watchers: EngineWatcher[] = [];
let engineW: IsolatedEngine | undefined;
let imageBuilt = false;

function watch(engine: ConstructorParameters<typeof EngineWatcher>[0], options?: ConstructorParameters<typeof EngineWatcher>[1]): EngineWatcher {
  const watcher = new EngineWatcher(engine, options);
  watchers.push(watcher);
  return watcher;
}

/** Resolves with the next emission of `event` (and how long it took), rejects after `timeoutMs`. */
function next(watcher: EngineWatcher, event: 'changed' | 'connected' | 'disconnected', timeoutMs: number, accept: (value: unknown) => boolean = () => true) {
  const started = performance.now();
  return new Promise<{ value: unknown; ms: number }>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${timeoutMs} ms (state ${watcher.state})`));
    }, timeoutMs);
    const off = watcher.on(event, (value: unknown) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      off();
      resolvePromise({ value, ms: performance.now() - started });
    });
  });
}

async function ensureImage(): Promise<void> {
  if (imageBuilt) return;
  await buildBusyboxImage(docker, IMAGE);
  imageBuilt = true;
}

function createTestContainer(name?: string): Promise<Docker.Container> {
  return docker.createContainer({
    ...(name ? { name } : {}),
    Image: IMAGE,
    Cmd: ['true'],
    Labels: { [TEST_LABEL]: '1', [SUITE_LABEL]: SUITE },
    HostConfig: { NetworkMode: 'none' },
  });
}

after(async () => {
  for (const w of watchers) w.stop();
  if (!skip) {
    await removeSuiteContainers(docker, SUITE);
    if (imageBuilt) await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
  }
  await engineW?.stop();
});

test('a container created after start() is a `changed` within a second', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  await ensureImage();
  const watcher = watch(docker);
  const connected = next(watcher, 'connected', 5000);
  watcher.start();
  await connected;
  assert.equal(watcher.state, 'connected');
  const changed = next(watcher, 'changed', 5000, (c) => (c as EngineChange).types.has('container'));
  await createTestContainer();
  const { value, ms } = await changed;
  t.diagnostic(`event-to-change latency (createContainer call to changed, 75 ms debounce included): ${ms.toFixed(1)} ms`);
  assert.ok(ms < 1000, `changed after ${ms.toFixed(0)} ms`);
  assert.equal((value as EngineChange).reconnected, false);
  watcher.stop();
  assert.equal(watcher.state, 'stopped');
});

test('a burst of 20 creates coalesces into a few `changed`', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  await ensureImage();
  const watcher = watch(docker);
  const connected = next(watcher, 'connected', 5000);
  watcher.start();
  await connected;
  const changes: EngineChange[] = [];
  watcher.on('changed', (c) => changes.push(c));
  const started = performance.now();
  await Promise.all(Array.from({ length: 20 }, () => createTestContainer()));
  const burstMs = performance.now() - started;
  // Wait until the stream has been quiet for a while: every event of the burst is in.
  let seen = -1;
  while (seen !== changes.length) {
    seen = changes.length;
    await new Promise((r) => setTimeout(r, 400));
  }
  const events = changes.reduce((sum, c) => sum + c.events, 0);
  t.diagnostic(`20 creates in ${burstMs.toFixed(0)} ms: ${events} events -> ${changes.length} changed`);
  assert.ok(events >= 20, `saw ${events} container events`);
  assert.ok(changes.length >= 1 && changes.length <= 5, `${changes.length} changed events`);
  watcher.stop();
});

test('stop() leaves no timer, request or socket behind: the process exits by itself', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const watcherModule = resolve(__dirname, '..', '..', 'src', 'core', 'engine', 'engineWatcher.js');
  const script = `
    const Docker = require('dockerode');
    const { EngineWatcher } = require(${JSON.stringify(watcherModule)});
    const watcher = new EngineWatcher(new Docker(), { heartbeatMs: 50 });
    watcher.on('connected', () => setTimeout(() => { watcher.stop(); console.log('stopped ' + watcher.state); }, 200));
    watcher.start();
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: resolve(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(signal, null, 'the child had to be killed: something kept it alive after stop()');
  assert.equal(code, 0);
  assert.equal(output.trim(), 'stopped stopped');
});

test('the engine stops: `disconnected` at once; it starts again: `connected`, then `changed`', async (t) => {
  const reason = IsolatedEngine.skipReason();
  if (reason) {
    t.skip(reason);
    return;
  }
  engineW = await IsolatedEngine.start('/tmp/berth-eng-w');
  const watcher = watch(engineW.docker(), { backoff: { initialMs: 100, maxMs: 1000 } });
  const connected = next(watcher, 'connected', 5000);
  watcher.start();
  await connected;

  const disconnected = next(watcher, 'disconnected', 10_000);
  const stopping = engineW.stop();
  const lost = await disconnected;
  t.diagnostic(`disconnected ${lost.ms.toFixed(0)} ms after scripts/engine.sh stop began: ${(lost.value as Error).message}`);
  assert.ok(lost.ms < 2000, `disconnected after ${lost.ms.toFixed(0)} ms`);
  assert.ok(lost.value instanceof Error);
  assert.equal(watcher.state, 'disconnected');
  await stopping;
  // While the engine is away the watcher keeps trying, without announcing `disconnected` again.
  let repeats = 0;
  const offRepeat = watcher.on('disconnected', () => repeats++);
  await new Promise((r) => setTimeout(r, 500));

  const order: string[] = [];
  const offOrder = [watcher.on('connected', () => order.push('connected')), watcher.on('changed', (c) => order.push(c.reconnected ? 'changed(reconnected)' : 'changed'))];
  const reconnected = next(watcher, 'changed', 15_000, (c) => (c as EngineChange).reconnected);
  const restarted = performance.now();
  await engineW.startAgain();
  const back = await reconnected;
  t.diagnostic(`reconnected ${(performance.now() - restarted).toFixed(0)} ms after scripts/engine.sh start began (backoff capped at 1 s)`);
  assert.deepEqual(order.slice(0, 2), ['connected', 'changed(reconnected)']);
  assert.deepEqual([...(back.value as EngineChange).types].sort(), ['container', 'image', 'network', 'node', 'service']);
  assert.equal(watcher.state, 'connected');
  assert.equal(repeats, 0);
  offRepeat();
  for (const off of offOrder) off();
  watcher.stop();
});

/** A scripted engine: its event streams are PassThroughs the test writes to; ping answers as told. */
function scriptedEngine() {
  const streams: PassThrough[] = [];
  const calls = { getEvents: 0, ping: 0 };
  const pingTimes: number[] = [];
  let pingFails = true;
  const engine = {
    getEvents: () => {
      calls.getEvents++;
      const stream = new PassThrough();
      streams.push(stream);
      return Promise.resolve(stream);
    },
    ping: () => {
      calls.ping++;
      pingTimes.push(performance.now());
      return pingFails ? Promise.reject(Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' })) : Promise.resolve('OK');
    },
  };
  return {
    engine: engine as unknown as Pick<Docker, 'getEvents' | 'ping'>,
    streams,
    calls,
    pingTimes,
    answerPings: (yes: boolean) => {
      pingFails = !yes;
    },
  };
}

test('events split across chunks (mid-line, mid-character) are read whole; health-check noise is not a change', async () => {
  const scripted = scriptedEngine();
  const watcher = watch(scripted.engine, { debounceMs: 30 });
  const connected = next(watcher, 'connected', 1000);
  watcher.start();
  await connected;
  const stream = scripted.streams[0];
  assert.ok(stream);
  const noise = next(watcher, 'changed', 200);
  stream.write('{"Type":"container","Action":"exec_start: /bin/sh -c true"}\n{"Type":"container","Action":"exec_die"}\n');
  await assert.rejects(noise, /no changed/);

  const line1 = Buffer.from('{"Type":"container","Action":"create","Actor":{"Attributes":{"name":"café"}}}\n');
  const line2 = Buffer.from('{"Type":"image","Action":"tag"}\n{"Type":"volume","Action":"create"}\n');
  const all = Buffer.concat([line1, line2]);
  const cut1 = line1.indexOf('é') + 1; // inside the two bytes of "é"
  const cut2 = line1.length + 10; // inside the second line
  const changed = next(watcher, 'changed', 1000);
  stream.write(all.subarray(0, cut1));
  stream.write(all.subarray(cut1, cut2));
  stream.write(all.subarray(cut2));
  const { value } = await changed;
  const change = value as EngineChange;
  assert.deepEqual([...change.types].sort(), ['container', 'image'], 'volumes are not shown: no change for them');
  assert.equal(change.events, 2);
  watcher.stop();
});

test('a lost stream retries with exponential backoff, capped; stop() ends every request', async () => {
  const scripted = scriptedEngine();
  const watcher = watch(scripted.engine, { backoff: { initialMs: 20, maxMs: 80 } });
  const connected = next(watcher, 'connected', 1000);
  watcher.start();
  await connected;
  const disconnected = next(watcher, 'disconnected', 1000);
  scripted.streams[0]?.end();
  const lost = await disconnected;
  assert.ok(lost.ms < 50, `disconnected ${lost.ms.toFixed(1)} ms after the stream ended`);
  assert.match((lost.value as Error).message, /closed the events stream/);
  while (scripted.calls.ping < 6) await new Promise((r) => setTimeout(r, 10));
  const gaps = scripted.pingTimes.slice(1).map((time, i) => time - (scripted.pingTimes[i] ?? 0));
  // 20, 40, 80, 80, 80 ms (plus timer slack): doubling, then the cap.
  assert.ok((gaps[0] ?? 0) >= 35 && (gaps[1] ?? 0) >= 75, `gaps ${gaps.map((g) => g.toFixed(0)).join(', ')}`);
  assert.ok(gaps.slice(2).every((g) => g >= 75 && g < 400), `gaps ${gaps.map((g) => g.toFixed(0)).join(', ')}`);

  const back = next(watcher, 'changed', 2000);
  scripted.answerPings(true);
  await back;
  assert.equal(scripted.calls.getEvents, 2);
  assert.equal(watcher.state, 'connected');

  scripted.answerPings(false);
  scripted.streams[1]?.destroy(new Error('socket hang up'));
  while (scripted.calls.ping < 8) await new Promise((r) => setTimeout(r, 10));
  watcher.stop();
  const before = { ...scripted.calls };
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(scripted.calls, before, 'no request while stopped');
  assert.equal(watcher.state, 'stopped');
});

test('a failed heartbeat ping while connected is a disconnect', async () => {
  const scripted = scriptedEngine();
  const watcher = watch(scripted.engine, { heartbeatMs: 30, backoff: { initialMs: 1000 } });
  const connected = next(watcher, 'connected', 1000);
  watcher.start();
  await connected;
  const lost = await next(watcher, 'disconnected', 1000);
  assert.match((lost.value as Error).message, /ENOENT/);
  assert.equal(scripted.streams[0]?.destroyed, true, 'the old stream is closed');
  watcher.stop();
});
