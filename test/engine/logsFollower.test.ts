// ContainerLogFollower against the real engine at DOCKER_HOST (scripts/engine.sh start): stream marking, TTY output,
// long lines, cut characters, restarts (every line exactly once), removal, and nothing left behind by stop().
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import Docker from 'dockerode';
import { ContainerLogFollower, type FollowLogsOptions } from '../../src/core/engine/logs/containerLogFollower';
import type { LogLine } from '../../src/core/engine/logs/logLine';
import { buildBusyboxImage, removeSuiteContainers, SUITE_LABEL, TEST_LABEL } from '../support/busyboxImage';

const SUITE = 'logs';
const IMAGE = 'berth-test/busybox:logs';
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

async function ensureImage(): Promise<void> {
  if (imageBuilt) return;
  await buildBusyboxImage(docker, IMAGE);
  imageBuilt = true;
}

async function container(script: string, options: { tty?: boolean; start?: boolean; logDriver?: string } = {}): Promise<Docker.Container> {
  await ensureImage();
  const created = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', script],
    Tty: options.tty ?? false,
    Labels: { [TEST_LABEL]: '1', [SUITE_LABEL]: SUITE },
    HostConfig: { NetworkMode: 'none', ...(options.logDriver ? { LogConfig: { Type: options.logDriver, Config: {} } } : {}) },
  });
  if (options.start ?? true) await created.start();
  return created;
}

/** Records what the follower delivers, in order, with the largest batch it was handed. */
function collectingSink(appendCostMs = 0) {
  const lines: LogLine[] = [];
  const notices: string[] = [];
  const order: string[] = [];
  let maxBatch = 0;
  return {
    lines,
    notices,
    order,
    get maxBatch() {
      return maxBatch;
    },
    sink: {
      append(batch: readonly LogLine[]) {
        maxBatch = Math.max(maxBatch, batch.length);
        for (const line of batch) {
          lines.push(line);
          order.push(line.text);
        }
        // A slow reader: the event loop is blocked meanwhile, as a busy extension host would be.
        const until = performance.now() + appendCostMs;
        while (performance.now() < until);
      },
      notice(message: string) {
        notices.push(message);
        order.push(`── ${message}`);
      },
    },
  };
}

async function follow(id: string, sink: ReturnType<typeof collectingSink>['sink'], options: Partial<FollowLogsOptions> = {}): Promise<ContainerLogFollower> {
  const follower = new ContainerLogFollower(docker, id, sink, { tail: 'all', timestamps: false, keepAnsi: false, ...options });
  followers.push(follower);
  await follower.start();
  return follower;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('stdout and stderr lines arrive marked with their stream; the exit is a notice and the follower waits', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const c = await container('sleep 0.5; echo out1; echo err1 >&2; echo out2; echo "err2 é" >&2; sleep 0.3; exit 3');
  const collected = collectingSink();
  const follower = await follow(c.id, collected.sink);
  assert.equal(follower.state, 'following');
  await waitFor('the exit notice', () => collected.notices.includes('exited with code 3'));
  const byStream = (stream: string) => collected.lines.filter((l) => l.stream === stream).map((l) => l.text);
  assert.deepEqual(byStream('stdout'), ['out1', 'out2']);
  assert.deepEqual(byStream('stderr'), ['err1', 'err2 é']);
  assert.ok(collected.lines.every((l) => typeof l.timestamp === 'string' && /^\d{4}-\d\d-\d\dT.*Z$/.test(l.timestamp)));
  assert.equal(collected.order.at(-1), '── exited with code 3', 'the exit notice comes after the last line');
  await waitFor('state waiting', () => follower.state === 'waiting');
  follower.stop();
  assert.equal(follower.state, 'stopped');
});

test('a TTY container: raw output, all stdout, no \\r, ANSI stripped (or kept on request), timestamps on request', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const c = await container("sleep 0.5; printf 'plain\\n'; printf 'a\\033[31mred\\033[0m\\n'; echo 'to stderr' >&2; sleep 0.3", { tty: true });
  const stripped = collectingSink();
  const kept = collectingSink();
  const f1 = await follow(c.id, stripped.sink);
  const f2 = await follow(c.id, kept.sink, { keepAnsi: true, timestamps: true });
  await waitFor('both exit notices', () => stripped.notices.includes('exited with code 0') && kept.notices.includes('exited with code 0'));
  assert.deepEqual(
    stripped.lines.map((l) => [l.stream, l.text]),
    [
      ['stdout', 'plain'],
      ['stdout', 'ared'],
      ['stdout', 'to stderr'],
    ],
  );
  const keptTexts = kept.lines.map((l) => l.text);
  assert.equal(keptTexts.length, 3);
  const [stamp, ...rest] = (keptTexts[1] ?? '').split(' ');
  assert.match(stamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  assert.equal(rest.join(' '), 'a\u001b[31mred\u001b[0m');
  assert.ok(keptTexts.every((text) => !text.includes('\r')));
  f1.stop();
  f2.stop();
});

test('a 40,000-byte line (three engine entries) arrives whole, TTY or not; a character cut between entries decodes', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  // 16,383 y then é: the engine's 16 KiB cut falls between the two bytes of é. The `local` log driver keeps both halves
  // (two frames); json-file stores each half as U+FFFD (Go's JSON encoding), so there is nothing left to decode.
  // The last line is the classic "é written in two pieces": the engine's copier holds the first byte for its newline.
  const script = "sleep 0.5; head -c 40000 /dev/zero | tr '\\0' x; echo; head -c 16383 /dev/zero | tr '\\0' y; printf '\\303\\251 end\\n'; printf '\\303'; sleep 0.3; printf '\\251\\n'; sleep 0.2";
  const shape = (text: string | undefined) => (text === undefined ? 'missing' : `${text.length} chars: ${JSON.stringify(text.slice(0, 3))}…${JSON.stringify(text.slice(-8))}`);
  for (const setup of [{ tty: false }, { tty: true }, { tty: false, logDriver: 'local' }]) {
    const c = await container(script, setup);
    const collected = collectingSink();
    const follower = await follow(c.id, collected.sink);
    await waitFor('the exit notice', () => collected.notices.includes('exited with code 0'));
    const texts = collected.lines.map((l) => l.text);
    const label = `${JSON.stringify(setup)}: ${texts.map(shape).join(' | ')}`;
    assert.equal(texts.length, 3, label);
    assert.ok(texts[0] === 'x'.repeat(40_000), label);
    const cut = texts[1]?.slice(16_383);
    assert.ok(texts[1]?.startsWith('y'.repeat(16_383)), label);
    if (setup.logDriver === 'local') assert.equal(cut, 'é end', label);
    else assert.ok(cut === 'é end' || cut === '\ufffd\ufffd end', label);
    assert.equal(texts[2], 'é', label);
    follower.stop();
  }
});

test('restarted twice while followed: every line exactly once, in order, with exit and restart notices', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  // Each life counts itself in a file of the container's own layer (kept across restarts) and numbers its lines.
  const script = 'n=$(cat /life 2>/dev/null || echo 0); n=$((n+1)); echo $n > /life; i=1; while [ $i -le 300 ]; do echo "life $n line $i"; i=$((i+1)); usleep 5000; done';
  const c = await container(script);
  const collected = collectingSink();
  const follower = await follow(c.id, collected.sink);
  const linesOf = (life: number) => collected.lines.filter((l) => l.text.startsWith(`life ${life} `)).length;
  await waitFor('life 1 to print 40 lines', () => linesOf(1) >= 40);
  await c.restart({ t: 0 });
  await waitFor('life 2 to print 40 lines', () => linesOf(2) >= 40);
  await c.restart({ t: 0 });
  await waitFor('life 3 to finish', () => linesOf(3) === 300 && collected.notices.includes('exited with code 0'), 30_000);
  assert.equal(follower.state, 'waiting');

  // In order, no gap and no repeat within a life; lives in order; the last life complete.
  const seen = collected.lines.map((l) => /^life (\d+) line (\d+)$/.exec(l.text)).map((m) => (m ? [Number(m[1]), Number(m[2])] : [0, 0]));
  let previous = [1, 0];
  for (const [life = 0, line = 0] of seen) {
    const [pLife = 0, pLine = 0] = previous;
    assert.ok((life === pLife && line === pLine + 1) || (life === pLife + 1 && line === 1), `life ${life} line ${line} after life ${pLife} line ${pLine}`);
    previous = [life, line];
  }
  assert.deepEqual(previous, [3, 300]);
  t.diagnostic(`lines per life: ${[1, 2, 3].map(linesOf).join(', ')}; notices: ${collected.notices.join(' | ')}`);
  assert.deepEqual(
    collected.notices.map((n) => n.replace(/at .*/, 'at …')),
    ['exited with code 137', 'restarted at …', 'exited with code 137', 'restarted at …', 'exited with code 0'],
  );
  // Each notice sits between the lives it separates.
  const order = collected.order;
  const firstOf = (life: number) => order.findIndex((o) => o.startsWith(`life ${life} `));
  const lastOf = (life: number) => order.length - 1 - [...order].reverse().findIndex((o) => o.startsWith(`life ${life} `));
  for (const life of [1, 2]) {
    const between = order.slice(lastOf(life) + 1, firstOf(life + 1));
    assert.deepEqual(
      between.map((n) => n.replace(/at .*/, 'at …')),
      ['── exited with code 137', '── restarted at …'],
    );
  }
  follower.stop();
});

test('a stopped container: its tail is shown, then the follower waits; a start follows the new life without repeats', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const c = await container('n=$(cat /life 2>/dev/null || echo 0); n=$((n+1)); echo $n > /life; for i in 1 2 3 4 5; do echo "life $n line $i"; done');
  await c.wait();
  const collected = collectingSink();
  const follower = await follow(c.id, collected.sink, { tail: 2 });
  assert.equal(follower.state, 'waiting');
  await waitFor('the waiting notice', () => collected.notices.length > 0);
  assert.deepEqual(collected.order, ['life 1 line 4', 'life 1 line 5', '── exited with code 0; waiting for it to start']);
  await c.start();
  await waitFor('the second life to end', () => collected.notices.includes('exited with code 0') && collected.lines.length === 7);
  assert.deepEqual(
    collected.order.map((n) => n.replace(/at .*/, 'at …')),
    ['life 1 line 4', 'life 1 line 5', '── exited with code 0; waiting for it to start', '── restarted at …', ...[1, 2, 3, 4, 5].map((i) => `life 2 line ${i}`), '── exited with code 0'],
  );
  follower.stop();
});

test('tail 0 shows nothing of the past, and a restart after it repeats nothing', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const c = await container('n=$(cat /life 2>/dev/null || echo 0); n=$((n+1)); echo $n > /life; echo "life $n"');
  await c.wait();
  const collected = collectingSink();
  const follower = await follow(c.id, collected.sink, { tail: 0 });
  await c.start();
  await waitFor('the second life to end', () => collected.notices.includes('exited with code 0') && collected.lines.length > 0);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    collected.order.map((n) => n.replace(/at .*/, 'at …')),
    ['── exited with code 0; waiting for it to start', '── restarted at …', 'life 2', '── exited with code 0'],
  );
  follower.stop();
});

test('a container removed while followed: the lines read so far, a "removed" notice, state removed', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const c = await container('echo before; sleep 30');
  const collected = collectingSink();
  // The adapter lets go of the follower when it hears "removed": the state must already say so then.
  let stateAtNotice = '';
  const sink = {
    append: (lines: readonly LogLine[]) => {
      collected.sink.append(lines);
    },
    notice: (message: string) => {
      collected.sink.notice(message);
      if (message === 'removed') stateAtNotice = follower.state;
    },
  };
  const follower = await follow(c.id, sink);
  await waitFor('the first line', () => collected.lines.length === 1);
  await c.remove({ force: true });
  await waitFor('state removed', () => follower.state === 'removed');
  assert.equal(stateAtNotice, 'removed');
  assert.deepEqual(collected.order.at(-1), '── removed');
  assert.deepEqual(
    collected.lines.map((l) => l.text),
    ['before'],
  );
});

test('a container that does not exist: start() rejects and leaves nothing open', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const collected = collectingSink();
  const follower = new ContainerLogFollower(docker, 'berth-no-such-container', collected.sink, { tail: 10, timestamps: false, keepAnsi: false });
  await assert.rejects(follower.start(), /no such container/i);
  assert.equal(follower.state, 'stopped');
});

test('stop() leaves no timer, stream or socket behind: the process exits by itself', async (t) => {
  if (skip) {
    t.skip(skip);
    return;
  }
  const c = await container('while true; do echo tick; usleep 20000; done');
  const followerModule = resolve(__dirname, '..', '..', 'src', 'core', 'engine', 'logs', 'containerLogFollower.js');
  const script = `
    const Docker = require('dockerode');
    const { ContainerLogFollower } = require(${JSON.stringify(followerModule)});
    let lines = 0;
    const sink = { append: (batch) => { lines += batch.length; }, notice: () => {} };
    const follower = new ContainerLogFollower(new Docker(), ${JSON.stringify(c.id)}, sink, { tail: 'all', timestamps: false, keepAnsi: false });
    follower.start().then(() => setTimeout(() => { follower.stop(); console.log(follower.state + ' ' + (lines > 0)); }, 300));
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: resolve(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(signal, null, 'the child had to be killed: something kept it alive after stop()');
  assert.equal(code, 0);
  assert.equal(output.trim(), 'stopped true');
  await c.remove({ force: true });
});
