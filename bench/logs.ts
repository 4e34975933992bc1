// bench/logs: how fast "Berth: Follow Logs" reads a big log, and what memory it takes. A container writes 1,000,000
// lines of about 100 bytes and exits; then, median of RUNS with the order alternating, Berth's pipeline (engine ->
// demux -> lines -> batched sink that only counts) reads the whole log, against `docker logs <id>` into /dev/null on
// the same engine. Memory is sampled every 50 ms during Berth's runs.
//   DOCKER_HOST=unix:///tmp/berth-eng-l/docker.sock node out/bench/logs.js
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Docker from 'dockerode';
import { ContainerLogFollower, type FollowLogsOptions } from '../src/core/engine/logs/containerLogFollower';
import { buildBusyboxImage } from '../test/support/busyboxImage';
import { median } from './median';

const BENCH_LABEL = 'dev.berth.bench';
const IMAGE = 'berth-bench/busybox:logs';
const LINES = 1_000_000;
const RUNS = 3;
/** 93 x's after the line number and a space: about 100 bytes a line with its newline. */
const PADDING = 'x'.repeat(93);

/**
 * What the benchmark asks of the follower. Lines reach the sink at most maxBufferedLines per batchMs, so the reading
 * rate is capped at maxBufferedLines / batchMs: 133,000 lines/s with the defaults (10,000 per 75 ms), plenty for an
 * output channel but below a bulk read. The bench raises the bound to measure the pipeline, not the cap.
 */
const BENCH_OPTIONS: FollowLogsOptions = { tail: 'all', timestamps: false, keepAnsi: false, batchMs: 50, maxBufferedLines: 100_000 };

export interface LogsBench {
  readonly lines: number;
  readonly bytes: number;
  /** Writing the log: the container's run, start to exit. */
  readonly writeMs: number;
  readonly berthLinesPerSecond: number;
  /** Berth's own CPU time (user + system, this process) per run, median: how much of the wall time is Berth's. */
  readonly berthCpuMs: number;
  readonly berthMs: number;
  readonly cliLinesPerSecond: number | undefined;
  /** berth / cli: above 1 means Berth reads the log faster than the docker CLI does. */
  readonly ratio: number | undefined;
  /** Largest growth over the run's starting point, in bytes, of any Berth run. */
  readonly peakRssGrowth: number;
  readonly peakHeapGrowth: number;
  readonly options: FollowLogsOptions;
  readonly note: string | undefined;
}

/** The address the CLI must use to reach the same engine as `docker`. */
function dockerHostOf(docker: Docker): string | undefined {
  const modem = docker.modem as unknown as { socketPath?: unknown; host?: unknown; port?: unknown };
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  if (typeof modem.host === 'string') return `tcp://${modem.host}:${typeof modem.port === 'string' || typeof modem.port === 'number' ? modem.port : 2375}`;
  return process.env.DOCKER_HOST;
}

/** Garbage collection on demand, so that each run starts from the same heap (no --expose-gc needed). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc === 'function') (gc as () => void)();
}

/** Runs `fn` while sampling memory every 50 ms; returns its duration and the peak growth over the start. */
async function measured(fn: () => Promise<void>): Promise<{ ms: number; cpuMs: number; rssGrowth: number; heapGrowth: number }> {
  collectGarbage();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  sample();
  return { ms, cpuMs: (used.user + used.system) / 1000, rssGrowth: peakRss - base.rss, heapGrowth: peakHeap - base.heapUsed };
}

/** Berth reads the whole log of the stopped container: resolves when the sink has counted every line. */
function readWithBerth(docker: Docker, id: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let count = 0;
    let last = '';
    const follower = new ContainerLogFollower(
      docker,
      id,
      {
        append: (lines) => {
          count += lines.length;
          last = lines[lines.length - 1]?.text ?? last;
          if (count < LINES) return;
          follower.stop();
          if (count === LINES && last.startsWith(`${LINES} `)) resolve();
          else reject(new Error(`Berth counted ${count} lines, the last one "${last.slice(0, 20)}…"`));
        },
        notice: (message) => {
          if (message.includes('dropped')) {
            follower.stop();
            reject(new Error(`Berth dropped lines: ${message}`));
          }
        },
      },
      BENCH_OPTIONS,
    );
    follower.start().catch(reject);
  });
}

async function readWithCli(id: string, env: NodeJS.ProcessEnv): Promise<void> {
  const devNull = openSync('/dev/null', 'w');
  try {
    const child = spawn('docker', ['logs', id], { stdio: ['ignore', devNull, 'ignore'], env });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`docker logs exited with ${String(code)}`);
  } finally {
    closeSync(devNull);
  }
}

async function hasCli(env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    const child = spawn('docker', ['version', '--format', '{{.Client.Version}}'], { stdio: 'ignore', env });
    const [code] = (await once(child, 'exit')) as [number | null];
    return code === 0;
  } catch {
    return false;
  }
}

async function removeBenchContainers(docker: Docker): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=logs`] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

export async function benchLogs(docker: Docker): Promise<LogsBench> {
  const env = { ...process.env };
  const host = dockerHostOf(docker);
  if (host) env.DOCKER_HOST = host;
  const cli = await hasCli(env);

  await removeBenchContainers(docker);
  await buildBusyboxImage(docker, IMAGE);
  try {
    const container = await docker.createContainer({
      Image: IMAGE,
      Cmd: ['sh', '-c', `seq 1 ${LINES} | sed 's/$/ ${PADDING}/'`],
      Labels: { [BENCH_LABEL]: 'logs' },
      HostConfig: { NetworkMode: 'none' },
    });
    const writeStarted = performance.now();
    await container.start();
    await container.wait();
    const writeMs = performance.now() - writeStarted;

    // One unmeasured round each: the first read pays for the page cache and connections.
    await readWithBerth(docker, container.id);
    if (cli) await readWithCli(container.id, env);

    const berthMs: number[] = [];
    const berthCpuMs: number[] = [];
    const cliMs: number[] = [];
    let peakRssGrowth = 0;
    let peakHeapGrowth = 0;
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so neither always finds the engine warmer.
      const order = i % 2 === 0 ? ['berth', 'cli'] : ['cli', 'berth'];
      for (const what of order) {
        if (what === 'cli') {
          if (!cli) continue;
          const started = performance.now();
          await readWithCli(container.id, env);
          cliMs.push(performance.now() - started);
        } else {
          const run = await measured(() => readWithBerth(docker, container.id));
          berthMs.push(run.ms);
          berthCpuMs.push(run.cpuMs);
          peakRssGrowth = Math.max(peakRssGrowth, run.rssGrowth);
          peakHeapGrowth = Math.max(peakHeapGrowth, run.heapGrowth);
        }
      }
    }
    const berthLinesPerSecond = LINES / (median(berthMs) / 1000);
    const cliLinesPerSecond = cli ? LINES / (median(cliMs) / 1000) : undefined;
    return {
      lines: LINES,
      bytes: LINES * (PADDING.length + 2) + String(LINES).length * LINES,
      writeMs,
      berthLinesPerSecond,
      berthCpuMs: median(berthCpuMs),
      berthMs: median(berthMs),
      cliLinesPerSecond,
      ratio: cliLinesPerSecond === undefined ? undefined : berthLinesPerSecond / cliLinesPerSecond,
      peakRssGrowth,
      peakHeapGrowth,
      options: BENCH_OPTIONS,
      note: cli ? undefined : 'the docker CLI is not installed: Berth measured alone',
    };
  } finally {
    await removeBenchContainers(docker);
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
  }
}

const MB = 1024 * 1024;

function print(r: LogsBench): void {
  const k = (n: number) => `${Math.round(n / 1000).toLocaleString('en')}k`;
  console.log(`bench/logs (${r.lines.toLocaleString('en')} lines of ~100 bytes, written in ${(r.writeMs / 1000).toFixed(1)} s; median of ${RUNS}, order alternating)`);
  console.log(`  Berth ContainerLogFollower, whole log to a counting sink: ${k(r.berthLinesPerSecond)} lines/s (batchMs ${r.options.batchMs ?? 75}, maxBufferedLines ${(r.options.maxBufferedLines ?? 10_000).toLocaleString('en')})`);
  console.log(`  Berth's own CPU time: ${(r.berthCpuMs / 1000).toFixed(2)} s of ${(r.berthMs / 1000).toFixed(2)} s wall (the rest is waiting for the engine)`);
  if (r.cliLinesPerSecond === undefined) console.log(`  ${r.note ?? ''}`);
  else console.log(`  reference, docker logs <id> > /dev/null: ${k(r.cliLinesPerSecond)} lines/s; ratio Berth / CLI ${(r.ratio ?? Number.NaN).toFixed(2)}× (aim ≥ 1×)`);
  console.log(`  Berth peak growth while reading (sampled every 50 ms): RSS ${(r.peakRssGrowth / MB).toFixed(1)} MB, heap ${(r.peakHeapGrowth / MB).toFixed(1)} MB (aim < 64 MB)`);
}

if (require.main === module) {
  benchLogs(new Docker())
    .then(print)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
