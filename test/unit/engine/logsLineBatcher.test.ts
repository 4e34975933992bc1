// Delivery cadence, drop-oldest bound, notices in order with lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineBatcher } from '../../../src/core/engine/logs/lineBatcher';
import type { LogLine } from '../../../src/core/engine/logs/logLine';

type Call = { append: string[]; atMs: number } | { notice: string; atMs: number };

function recordingSink() {
  const calls: Call[] = [];
  const started = performance.now();
  return {
    calls,
    sink: {
      append: (lines: readonly LogLine[]) => calls.push({ append: lines.map((l) => l.text), atMs: performance.now() - started }),
      notice: (message: string) => calls.push({ notice: message, atMs: performance.now() - started }),
    },
  };
}

const line = (text: string): LogLine => ({ text, stream: 'stdout', timestamp: undefined });
const shape = (calls: readonly Call[]) => calls.map((c) => ('append' in c ? c.append : `notice: ${c.notice}`));

test('a burst is one delivery; deliveries are at least batchMs apart', async () => {
  const { calls, sink } = recordingSink();
  const batcher = new LineBatcher(sink, { batchMs: 50, maxBufferedLines: 1000 });
  for (let i = 0; i < 5; i++) batcher.push(line(`a${i}`));
  await sleep(10);
  assert.deepEqual(shape(calls), [['a0', 'a1', 'a2', 'a3', 'a4']]);
  for (let round = 0; round < 4; round++) {
    batcher.push(line(`b${round}`));
    await sleep(20);
  }
  await sleep(80);
  const times = calls.map((c) => c.atMs);
  for (let i = 1; i < times.length; i++) assert.ok((times[i] ?? 0) - (times[i - 1] ?? 0) >= 48, `deliveries at ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  assert.deepEqual(calls.flatMap((c) => ('append' in c ? c.append : [])), ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3']);
  batcher.dispose();
});

test('past maxBufferedLines the oldest lines go, and one notice says how many', async () => {
  const { calls, sink } = recordingSink();
  const batcher = new LineBatcher(sink, { batchMs: 50, maxBufferedLines: 5 });
  for (let i = 0; i < 12; i++) {
    batcher.push(line(String(i)));
    assert.ok(batcher.bufferedLines <= 5);
  }
  await sleep(10);
  assert.deepEqual(shape(calls), ['notice: 7 lines dropped (reader too slow)', ['7', '8', '9', '10', '11']]);
  batcher.dispose();
});

test('notices keep their place among the lines', async () => {
  const { calls, sink } = recordingSink();
  const batcher = new LineBatcher(sink, { batchMs: 50, maxBufferedLines: 100 });
  batcher.notice('first');
  batcher.push(line('a'));
  batcher.push(line('b'));
  batcher.notice('exited with code 0');
  batcher.notice('restarted at T');
  batcher.push(line('c'));
  await sleep(10);
  assert.deepEqual(shape(calls), ['notice: first', ['a', 'b'], 'notice: exited with code 0', 'notice: restarted at T', ['c']]);
  batcher.dispose();
});

test('shouldPause asks the reader to wait before the bound is reached; a delivery lets it resume', async () => {
  let resumed = 0;
  const { sink } = recordingSink();
  const batcher = new LineBatcher(sink, { batchMs: 50, maxBufferedLines: 10 }, () => resumed++);
  for (let i = 0; i < 4; i++) batcher.push(line(String(i)));
  assert.equal(batcher.shouldPause, false);
  batcher.push(line('4'));
  assert.equal(batcher.shouldPause, true);
  await sleep(10);
  assert.equal(batcher.shouldPause, false);
  assert.equal(resumed, 1);
  batcher.dispose();
});

test('after dispose() the sink is never called, even by a pending delivery', async () => {
  const { calls, sink } = recordingSink();
  const batcher = new LineBatcher(sink, { batchMs: 50, maxBufferedLines: 10 });
  batcher.push(line('x'));
  batcher.dispose();
  batcher.push(line('y'));
  batcher.notice('z');
  await sleep(70);
  assert.deepEqual(calls, []);
});

test('a reader behind for longer than maxLagMs is not paused any more: the oldest lines go, until it catches up', async () => {
  const { calls, sink } = recordingSink();
  const batcher = new LineBatcher(sink, { batchMs: 50, maxBufferedLines: 10, maxLagMs: 120 });
  let next = 0;
  const fill = () => {
    while (!batcher.shouldPause && next < 1000 && batcher.bufferedLines < 10) batcher.push(line(String(next++)));
  };
  // A source faster than the sink: refill to the pause point after every delivery, as a paused stream resumes.
  const started = performance.now();
  let sawDropping = false;
  while (performance.now() - started < 400) {
    fill();
    if (!batcher.shouldPause && batcher.bufferedLines >= 5) {
      sawDropping = true;
      for (let i = 0; i < 30; i++) batcher.push(line(String(next++)));
    }
    await sleep(5);
  }
  await sleep(60);
  assert.ok(sawDropping, 'the batcher stopped asking for a pause');
  const notices = calls.filter((c) => 'notice' in c).map((c) => ('notice' in c ? c.notice : ''));
  assert.ok(notices.some((n) => /^\d+ lines dropped \(reader too slow\)$/.test(n)), notices.join(' | '));
  // Quiet again: deliveries below the pause point end the dropping.
  batcher.push(line('late'));
  await sleep(60);
  assert.equal(batcher.shouldPause, false);
  batcher.dispose();
});
