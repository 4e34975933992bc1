// ContainerLogFollower under volume, against the real engine at DOCKER_HOST: 100,000 lines in a burst reach a slow
// sink complete and in order while the lines held stay within maxBufferedLines; with a tiny bound, the oldest lines
// are dropped and a notice says so.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import Docker from 'dockerode';
import { ContainerLogFollower, type FollowLogsOptions } from '../../src/core/engine/logs/containerLogFollower';
import type { LogLine } from '../../src/core/engine/logs/logLine';
import { buildBusyboxImage, removeSuiteContainers, SUITE_LABEL, TEST_LABEL } from '../support/busyboxImage';

const SUITE = 'logs-volume';
const IMAGE = 'berth-test/busybox:logs-volume';
const LINES = 100_000;
const skip = process.env.DOCKER_HOST ? undefined : 'DOCKER_HOST is not set: run this layer after scripts/engine.sh start';
const docker = new Docker();
const followers: ContainerLogFollower[] = [];
let imageBuilt = false;

after(async () => {
  for (const f of followers) f.stop();
  if (skip) return;
  await removeSuiteContainers(docker, SUITE);
  if (imageBuilt) await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
});

async function burstContainer(start: boolean): Promise<Docker.Container> {
  if (!imageBuilt) {
    await buildBusyboxImage(docker, IMAGE);
    imageBuilt = true;
  }
  const container = await docker.createContainer({
    Image: IMAGE,
    // The pause lets the follower attach first: the burst is followed live, not read back.
    Cmd: ['sh', '-c', `sleep 0.5; seq 1 ${LINES}`],
    Labels: { [TEST_LABEL]: '1', [SUITE_LABEL]: SUITE },
    HostConfig: { NetworkMode: 'none' },
  });
  if (start) await container.start();
  return container;
}

/** A sink that costs `appendCostMs` per call (the event loop blocked, as in a busy extension host). */
function slowSink(appendCostMs: number) {
  const state = { lines: [] as string[], notices: [] as string[], maxBatch: 0, calls: 0 };
  return {
    state,
    sink: {
      append(batch: readonly LogLine[]) {
        state.calls++;
        state.maxBatch = Math.max(state.maxBatch, batch.length);
        for (const line of batch) state.lines.push(line.text);
        const until = performance.now() + appendCostMs;
        while (performance.now() < until);
      },
      notice(message: string) {
        state.notices.push(message);
      },
    },
  };
}

async function follow(id: string, sink: ReturnType<typeof slowSink>['sink'], options: Partial<FollowLogsOptions>): Promise<ContainerLogFollower> {
  const follower = new ContainerLogFollower(docker, id, sink, { tail: 'all', timestamps: false, keepAnsi: false, ...options });
  followers.push(follower);
  await follower.start();
  return follower;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test(`${LINES.toLocaleString('en')} lines in a burst reach a slow sink complete and in order; no batch exceeds maxBufferedLines`, async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const container = await burstContainer(true);
  const { state, sink } = slowSink(15);
  const started = performance.now();
  const follower = await follow(container.id, sink, {});
  await waitFor('the exit notice', () => state.notices.includes('exited with code 0'), 60_000);
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`${state.lines.length} lines in ${seconds.toFixed(2)} s over ${state.calls} appends (15 ms each); largest batch ${state.maxBatch}`);
  assert.equal(state.lines.length, LINES);
  for (let i = 0; i < LINES; i++) if (state.lines[i] !== String(i + 1)) assert.fail(`line ${i + 1} is ${state.lines[i] ?? 'missing'}`);
  assert.ok(state.maxBatch <= 10_000, `a batch of ${state.maxBatch} lines`);
  assert.ok(!state.notices.some((n) => n.includes('dropped')), state.notices.join(' | '));
  follower.stop();
});

test('with a tiny maxBufferedLines the oldest lines are dropped, a notice says how many, and memory stays bounded', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const container = await burstContainer(true);
  await container.wait();
  const { state, sink } = slowSink(5);
  // Read back after the fact: the engine sends the whole log as fast as it can, 64 KiB reads of ~1,400 lines.
  const follower = await follow(container.id, sink, { maxBufferedLines: 100 });
  await waitFor('the whole log', () => state.notices.some((n) => n.startsWith('exited with code 0')), 60_000);
  const dropped = state.notices.map((n) => /^(\d+) lines? dropped \(reader too slow\)$/.exec(n)).reduce((sum, m) => sum + (m ? Number(m[1]) : 0), 0);
  t.diagnostic(`${state.lines.length} lines delivered, ${dropped} dropped (${state.notices.filter((n) => n.includes('dropped')).length} notices); largest batch ${state.maxBatch}`);
  assert.ok(dropped > 0, 'some lines were dropped');
  assert.ok(state.maxBatch <= 100, `a batch of ${state.maxBatch} lines`);
  assert.equal(state.lines.length + dropped, LINES, 'every line is delivered or counted as dropped');
  // What is delivered stays in order, and the newest line always arrives.
  const numbers = state.lines.map(Number);
  assert.ok(
    numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0)),
    'delivered lines are in order',
  );
  assert.equal(numbers.at(-1), LINES);
  follower.stop();
});
