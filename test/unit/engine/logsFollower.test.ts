// ContainerLogFollower against a scripted engine, for what a real one cannot be made to do on cue: a log stream cut
// in the middle of a frame while the container keeps running.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { ContainerLogFollower } from '../../../src/core/engine/logs/containerLogFollower';

function ts(n: number): string {
  return `2024-11-29T17:06:40.${String(n).padStart(9, '0')}Z`;
}

function frame(n: number, text: string): Buffer {
  const payload = Buffer.from(`${ts(n)} ${text}`);
  const header = Buffer.alloc(8);
  header[0] = 1;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** An engine whose log requests answer with the streams the test scripts, one per request. */
function scriptedEngine(bodies: PassThrough[]) {
  const requests: Record<string, unknown>[] = [];
  const container = {
    inspect: () => Promise.resolve({ Id: 'c0ffee', State: { Running: true, StartedAt: ts(0), ExitCode: 0 } }),
    logs: (options: Record<string, unknown>) => {
      requests.push(options);
      const body = bodies.shift();
      return body ? Promise.resolve(body) : Promise.reject(new Error('no more scripted bodies'));
    },
  };
  const engine = {
    getContainer: () => container,
    getEvents: () => Promise.resolve(new PassThrough()),
  };
  return { engine: engine as unknown as Pick<Docker, 'getContainer' | 'getEvents'>, requests };
}

test('a log stream cut mid-frame: a notice, a reattach from `since`, and every line exactly once', async () => {
  const first = new PassThrough();
  const second = new PassThrough();
  const { engine, requests } = scriptedEngine([first, second]);
  const order: string[] = [];
  const follower = new ContainerLogFollower(
    engine,
    'c0ffee',
    { append: (lines) => order.push(...lines.map((l) => l.text)), notice: (message) => order.push(`── ${message}`) },
    { tail: 'all', timestamps: false, keepAnsi: false, batchMs: 50 },
  );
  await follower.start();
  assert.equal(follower.state, 'following');
  const cut = frame(3, 'c3\n');
  first.write(Buffer.concat([frame(1, 'a\n'), frame(2, 'b1\n'), frame(2, 'b2\n'), cut.subarray(0, 20)]));
  await new Promise((r) => setTimeout(r, 80));
  first.destroy(new Error('connection reset'));
  // The retry comes after a short backoff; the engine replays from `since` (inclusive).
  while (requests.length < 2) await new Promise((r) => setTimeout(r, 20));
  second.write(Buffer.concat([frame(2, 'b1\n'), frame(2, 'b2\n'), cut, frame(4, 'd\n')]));
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(order, ['a', 'b1', 'b2', '── lost the log stream (connection reset); reattaching', '── reattached', 'c3', 'd']);
  const [opening, reattach] = requests;
  assert.ok(opening && reattach);
  assert.equal(opening.since, undefined);
  assert.equal(reattach.since, '1732900000.000000002');
  assert.equal(reattach.tail, undefined);
  assert.equal(follower.state, 'following');
  follower.stop();
  assert.equal(follower.state, 'stopped');
});
