// bench/explorer: how long the sidebar waits for its tree data with 300 containers (loadEngineSnapshot: the list calls
// plus grouping by compose project), against the docker CLI listing the same containers (`docker ps -a --format json`,
// what a CLI-driven extension runs), both measured in the same run against the same engine.
//   DOCKER_HOST=unix:///tmp/berth-eng-h/docker.sock node out/bench/explorer.js [count]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { loadEngineSnapshot } from '../src/core/engine/engineSnapshot';
import { buildBusyboxImage } from '../test/support/busyboxImage';
import { median } from './median';

const run = promisify(execFile);
const BENCH_LABEL = 'dev.berth.bench';
const IMAGE = 'berth-bench/busybox:explorer';
const PROJECTS = 10;
const RUNS = 7;

export interface ExplorerBench {
  readonly containers: number;
  /** loadEngineSnapshot, median of RUNS: until the grouped tree data is ready. */
  readonly berthMs: number;
  /** `docker ps -a --format json` through execFile, output parsed; undefined without a docker CLI. */
  readonly cliMs: number | undefined;
  /** berthMs / cliMs: below 1 means Berth's tree data is ready sooner than the CLI's bare list. */
  readonly ratio: number | undefined;
  readonly note: string | undefined;
}

/** Runs `fn` over `items`, `width` at a time: 300 creates at once would measure the engine's lock contention. */
async function inBatches<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

/** The address the CLI must use to reach the same engine as `docker`. */
function dockerHostOf(docker: Docker): string | undefined {
  const modem = docker.modem as unknown as { socketPath?: unknown; host?: unknown; port?: unknown };
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  if (typeof modem.host === 'string') return `tcp://${modem.host}:${typeof modem.port === 'string' || typeof modem.port === 'number' ? modem.port : 2375}`;
  return process.env.DOCKER_HOST;
}

async function removeBenchContainers(docker: Docker): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=1`] } });
  await inBatches(leftovers, 16, (c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined));
}

export async function benchExplorer(docker: Docker, count = 300): Promise<ExplorerBench> {
  const env = { ...process.env };
  const host = dockerHostOf(docker);
  if (host) env.DOCKER_HOST = host;
  let cli = true;
  try {
    await run('docker', ['version', '--format', '{{.Client.Version}}'], { env });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    cli = false;
  }

  await removeBenchContainers(docker);
  await buildBusyboxImage(docker, IMAGE);
  try {
    // Created, never started: the list is what is measured, not running processes.
    await inBatches(
      Array.from({ length: count }, (_, i) => i),
      16,
      (i) =>
        docker.createContainer({
          Image: IMAGE,
          Cmd: ['sleep', '1'],
          Labels: { [BENCH_LABEL]: '1', 'com.docker.compose.project': `bench-${i % PROJECTS}`, 'com.docker.compose.service': `svc-${i % 3}` },
          HostConfig: { NetworkMode: 'none' },
        }),
    );

    const berth = async () => {
      const snapshot = await loadEngineSnapshot(docker);
      if (snapshot.containers.length < count) throw new Error(`the snapshot holds ${snapshot.containers.length} containers, expected ${count}`);
    };
    const dockerPs = async () => {
      const { stdout } = await run('docker', ['ps', '-a', '--format', 'json'], { env, maxBuffer: 64 * 1024 * 1024 });
      const rows = stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
      if (rows.length < count) throw new Error(`docker ps listed ${rows.length} containers, expected ${count}`);
    };
    // One unmeasured round each: the first call pays for connections and caches.
    await berth();
    if (cli) await dockerPs();

    const berthTimes: number[] = [];
    const cliTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so neither always finds the engine warmer.
      const order = i % 2 === 0 ? ['berth', 'cli'] : ['cli', 'berth'];
      for (const what of order) {
        if (what === 'cli' && !cli) continue;
        const started = performance.now();
        await (what === 'berth' ? berth() : dockerPs());
        (what === 'berth' ? berthTimes : cliTimes).push(performance.now() - started);
      }
    }
    const berthMs = median(berthTimes);
    const cliMs = cli ? median(cliTimes) : undefined;
    return {
      containers: count,
      berthMs,
      cliMs,
      ratio: cliMs === undefined ? undefined : berthMs / cliMs,
      note: cli ? undefined : 'the docker CLI is not installed: Berth measured alone',
    };
  } finally {
    await removeBenchContainers(docker);
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
  }
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 300);
  benchExplorer(new Docker(), count)
    .then((r) => {
      console.log(`bench/explorer (${r.containers} stopped containers in 10 compose projects, median of ${RUNS})`);
      console.log(`  Berth loadEngineSnapshot (grouped tree data ready): ${r.berthMs.toFixed(1)} ms`);
      if (r.cliMs === undefined) console.log(`  ${r.note ?? ''}`);
      else console.log(`  reference, docker ps -a --format json (execFile + parse): ${r.cliMs.toFixed(1)} ms; ratio ${(r.ratio ?? Number.NaN).toFixed(2)}×`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
