// Runs inside the real extension host: follows a container that writes a burst of log lines into Berth's output
// channel, and measures the host's event-loop delay while it streams (monitorEventLoopDelay, 10 ms resolution).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import { buildBusyboxImage, removeTestObjects, TEST_LABEL } from '../../test/support/busyboxImage';

const IMAGE = 'berth-test/busybox:logs-host';
const LINES = 200_000;

export async function run(): Promise<void> {
  const docker = new Docker();
  await vscode.extensions.getExtension('berth.berth')?.activate();
  await buildBusyboxImage(docker, IMAGE);
  const name = `berth-bench-logs-${process.pid}`;
  // Sleep first so that Berth is attached before the burst: the lines arrive live, as in a real incident.
  const container = await docker.createContainer({
    name,
    Image: IMAGE,
    Cmd: ['sh', '-c', `sleep 2; seq 1 ${LINES} | sed 's/$/ the quick brown fox jumps over the lazy dog, again and again, line after line/'; sleep 600`],
    Labels: { [TEST_LABEL]: '1' },
    HostConfig: { NetworkMode: 'none' },
    StopTimeout: 1,
  });
  await container.start();
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  try {
    await vscode.commands.executeCommand('berth.logs.follow', { id: container.id, name, composeProject: undefined, composeService: undefined });
    histogram.enable();
    // The burst takes a few seconds to write and to stream; measure across all of it.
    await new Promise((r) => setTimeout(r, 12_000));
    histogram.disable();
    const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10;
    console.log(`BERTH-BENCH ${JSON.stringify({ lines: LINES, p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) })}`);
  } finally {
    await vscode.commands.executeCommand('berth.logs.stop');
    await removeTestObjects(docker, [IMAGE]);
  }
}
