// bench/context: streaming a 1 GiB build context (2,000+ files of mixed sizes, real data, in the page cache) with
// createContextStream into a sink that only counts, against `tar -cf - . | cat > /dev/null` on the same files in the
// same run (GNU tar skips reading when the archive is /dev/null itself, so it writes to a pipe). Median of RUNS,
// order alternating; memory sampled every 50 ms during Berth's runs.
//   node out/bench/context.js
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createContextStream } from '../src/core/build/createContextStream';
import { median } from './median';

const MiB = 1024 * 1024;
const TOTAL_BYTES = 1024 * MiB;
const RUNS = 3;

export interface ContextBench {
  readonly files: number;
  readonly bytes: number;
  readonly berthMs: number;
  readonly tarMs: number;
  /** berth / tar: at most 1.2 is the aim. */
  readonly ratio: number;
  /** tar's output read by this process instead of cat: the same last hop as Berth's. */
  readonly tarIntoNodeMs: number;
  readonly berthMiBPerSecond: number;
  readonly peakRssGrowth: number;
}

/** Small sources, a middle band and a few large files, like a project with a dataset sample: 1 GiB in all. */
function makeContext(): { dir: string; files: number } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-context-'));
  // Incompressible data, written for real (no sparse files): the reads must hit the page cache, not holes.
  const block = randomBytes(4 * MiB);
  const sizes: number[] = [];
  for (let i = 0; i < 1500; i++) sizes.push(1024 + ((i * 7919) % (32 * 1024))); // 1-33 KiB: sources
  for (let i = 0; i < 500; i++) sizes.push(256 * 1024 + ((i * 104729) % (768 * 1024))); // 0.25-1 MiB
  let sum = sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; sum < TOTAL_BYTES; i++) {
    const size = Math.min(64 * MiB, TOTAL_BYTES - sum);
    sizes.push(size);
    sum += size;
  }
  sizes.forEach((size, i) => {
    const folder = join(dir, `pkg${i % 20}`, `mod${i % 7}`);
    mkdirSync(folder, { recursive: true });
    const fd = openSync(join(folder, `file${i}.dat`), 'w');
    try {
      for (let written = 0; written < size; ) {
        const n = Math.min(block.length, size - written);
        writeSync(fd, block, (i * 4096) % (block.length - n + 1), n);
        written += n;
      }
    } finally {
      closeSync(fd);
    }
  });
  return { dir, files: sizes.length };
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc === 'function') (gc as () => void)();
}

async function berth(dir: string): Promise<number> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  const context = createContextStream(dir, { ignoreText: '' });
  await pipeline(context.stream, sink);
  await context.stats;
  return bytes;
}

async function tar(dir: string): Promise<void> {
  // A fixed command line: no user data in it.
  const child = spawn('sh', ['-c', 'tar -cf - . | cat > /dev/null'], { cwd: dir, stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`tar exited with ${String(code)}`);
}

/** GNU tar's archive read by Node, counted like Berth's: the reference that pays the same pipe into this process. */
async function tarIntoNode(dir: string): Promise<void> {
  const child = spawn('tar', ['-cf', '-', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0 || bytes === 0) throw new Error(`tar exited with ${String(code)} after ${bytes} bytes`);
}

export async function benchContext(): Promise<ContextBench> {
  const { dir, files } = makeContext();
  try {
    // One unmeasured round each: the page cache holds every file afterwards.
    const tarBytes = await berth(dir);
    await tar(dir);
    const berthMs: number[] = [];
    const tarMs: number[] = [];
    const tarIntoNodeMs: number[] = [];
    let peakRssGrowth = 0;
    for (let i = 0; i < RUNS; i++) {
      for (const which of i % 2 === 0 ? ['berth', 'tar', 'tarIntoNode'] : ['tarIntoNode', 'tar', 'berth']) {
        if (which !== 'berth') {
          const started = performance.now();
          await (which === 'tar' ? tar(dir) : tarIntoNode(dir));
          (which === 'tar' ? tarMs : tarIntoNodeMs).push(performance.now() - started);
          continue;
        }
        collectGarbage();
        const base = process.memoryUsage.rss();
        let peak = base;
        const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
        const started = performance.now();
        try {
          await berth(dir);
        } finally {
          clearInterval(timer);
        }
        berthMs.push(performance.now() - started);
        peakRssGrowth = Math.max(peakRssGrowth, Math.max(peak, process.memoryUsage.rss()) - base);
      }
    }
    const b = median(berthMs);
    const t = median(tarMs);
    const n = median(tarIntoNodeMs);
    return { files, bytes: tarBytes, berthMs: b, tarMs: t, ratio: b / t, tarIntoNodeMs: n, berthMiBPerSecond: tarBytes / MiB / (b / 1000), peakRssGrowth };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printContextBench(r: ContextBench): void {
  console.log(`bench/context (a ${(r.bytes / MiB).toFixed(0)} MiB tar of ${r.files.toLocaleString('en')} files of mixed sizes, page cache warm; median of ${RUNS}, order alternating)`);
  console.log(`  Berth createContextStream → counting sink: ${(r.berthMs / 1000).toFixed(2)} s, ${r.berthMiBPerSecond.toFixed(0)} MiB/s; peak RSS growth ${(r.peakRssGrowth / MiB).toFixed(1)} MiB (aim < 100 MB)`);
  console.log(`  reference, tar -cf - . | cat > /dev/null: ${(r.tarMs / 1000).toFixed(2)} s; ratio Berth / tar ${r.ratio.toFixed(2)}× (aim ≤ 1.2×)`);
  console.log(`  second reference, tar -cf - . read by Node (the same last hop as Berth): ${(r.tarIntoNodeMs / 1000).toFixed(2)} s; ratio ${(r.berthMs / r.tarIntoNodeMs).toFixed(2)}×`);
}

if (require.main === module) {
  benchContext()
    .then(printContextBench)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
