// ContainerLogFollower when the engine itself goes away: a second, isolated dockerd is stopped (its containers with
// it) and started again (a restart policy brings the container back). The follower must not throw: notices, retries,
// then the new life, every line exactly once.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ContainerLogFollower } from '../../src/core/engine/logs/containerLogFollower';
import type { LogLine } from '../../src/core/engine/logs/logLine';
import { buildBusyboxImage, TEST_LABEL } from '../support/busyboxImage';
import { IsolatedEngine } from './isolatedEngine';

const ENGINE_DIR = '/tmp/berth-eng-lr';
const IMAGE = 'berth-test/busybox:logs-reconnect';
let engine: IsolatedEngine | undefined;
let follower: ContainerLogFollower | undefined;

after(async () => {
  follower?.stop();
  await engine?.stop();
});

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Stops dockerd as a host shutdown would (SIGTERM: it stops its containers), keeping its data for the next start. */
async function stopDaemon(dir: string): Promise<void> {
  const pid = Number(readFileSync(`${dir}/dockerd.pid`, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  const deadline = performance.now() + 30_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (performance.now() > deadline) throw new Error(`dockerd ${pid} did not stop`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the engine stops and starts again: notices instead of exceptions, then the new life, every line once', async (t) => {
  const reason = IsolatedEngine.skipReason();
  if (reason) {
    t.skip(reason);
    return;
  }
  engine = await IsolatedEngine.start(ENGINE_DIR);
  const docker = engine.docker();
  await buildBusyboxImage(docker, IMAGE);
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', 'n=$(cat /life 2>/dev/null || echo 0); n=$((n+1)); echo $n > /life; i=1; while [ $i -le 100000 ]; do echo "life $n line $i"; i=$((i+1)); usleep 20000; done'],
    Labels: { [TEST_LABEL]: '1' },
    StopTimeout: 1,
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'always' } },
  });
  await container.start();

  const lines: LogLine[] = [];
  const notices: string[] = [];
  follower = new ContainerLogFollower(docker, container.id, { append: (batch) => lines.push(...batch), notice: (message) => notices.push(message) }, { tail: 'all', timestamps: false, keepAnsi: false });
  await follower.start();
  const linesOf = (life: number) => lines.filter((l) => l.text.startsWith(`life ${life} `)).length;
  await waitFor('life 1 to print 20 lines', () => linesOf(1) >= 20);

  await stopDaemon(ENGINE_DIR);
  await waitFor('a notice about the lost engine', () => notices.some((n) => n.startsWith('lost ')));
  await new Promise((r) => setTimeout(r, 1000));
  // The container died with its engine (waiting), or the follower is still trying to reach the engine (attaching).
  assert.ok(['waiting', 'attaching'].includes(follower.state), `state ${follower.state}; notices: ${notices.join(' | ')}`);
  await engine.startAgain();
  await waitFor('life 2 to print 20 lines', () => linesOf(2) >= 20);
  t.diagnostic(`lines per life: ${linesOf(1)}, ${linesOf(2)}; notices: ${notices.join(' | ')}`);

  const seen = lines.map((l) => /^life (\d+) line (\d+)$/.exec(l.text)).map((m) => (m ? [Number(m[1]), Number(m[2])] : [0, 0]));
  let previous = [1, 0];
  for (const [life = 0, line = 0] of seen) {
    const [pLife = 0, pLine = 0] = previous;
    assert.ok((life === pLife && line === pLine + 1) || (life === pLife + 1 && line === 1), `life ${life} line ${line} after life ${pLife} line ${pLine}`);
    previous = [life, line];
  }
  assert.ok(notices.some((n) => n.startsWith('restarted at ')), notices.join(' | '));
  assert.equal(follower.state, 'following');
  follower.stop();
});
