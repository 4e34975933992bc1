// Measures what a build would send before it is sent: total size, the largest files and any model weights, walking
// the context with the same `.dockerignore` pruning as the tar stream, within a file count and time budget.
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ContextFilter } from './contextFilter';

/** Above this, Berth warns before sending (decimal, as `docker build` prints sizes). */
export const CONTEXT_WARNING_BYTES = 500_000_000;

export interface ContextScan {
  readonly bytes: number;
  readonly files: number;
  /** Files that look like model weights (by extension, at least 1 MiB), relative with forward slashes. */
  readonly weightFiles: string[];
  readonly weightBytes: number;
  /** The largest files, biggest first. */
  readonly largest: { readonly path: string; readonly bytes: number }[];
  /** The walk stopped at its file or time budget: the totals are lower bounds. */
  readonly truncated: boolean;
  /** More than CONTEXT_WARNING_BYTES, or any weights: show the warning and its fix. */
  readonly shouldWarn: boolean;
}

export interface ScanContextOptions {
  /** The Dockerfile relative to the context, kept even when ignored (as the build does). */
  readonly dockerfile?: string;
  readonly maxFiles?: number;
  readonly timeBudgetMs?: number;
  readonly largestCount?: number;
}

const WEIGHT_EXTENSIONS = new Set([
  '.safetensors', '.bin', '.pt', '.pth', '.ckpt', '.onnx', '.gguf', '.ggml', '.h5', '.hdf5', '.keras', '.tflite',
  '.msgpack', '.npz', '.npy', '.pkl', '.joblib', '.engine', '.plan', '.caffemodel', '.params', '.nemo', '.llamafile',
]);
/** TensorFlow checkpoint and SavedModel shards: `variables.data-00000-of-00001`. */
const TF_SHARD = /\.data-\d{5}-of-\d{5}$/u;
const MIN_WEIGHT_BYTES = 1024 * 1024;
const STAT_BATCH = 64;

export function isWeightFile(name: string, bytes: number): boolean {
  if (bytes < MIN_WEIGHT_BYTES) return false;
  return WEIGHT_EXTENSIONS.has(path.extname(name).toLowerCase()) || TF_SHARD.test(name);
}

export async function scanContext(contextDir: string, ignoreText: string, options: ScanContextOptions = {}): Promise<ContextScan> {
  const root = path.resolve(contextDir);
  const filter = new ContextFilter(ignoreText, [options.dockerfile ?? 'Dockerfile', '.dockerignore']);
  const maxFiles = options.maxFiles ?? 200_000;
  const deadline = performance.now() + (options.timeBudgetMs ?? 5000);
  const largestCount = options.largestCount ?? 10;
  const largest: { path: string; bytes: number }[] = [];
  const weightFiles: string[] = [];
  let bytes = 0;
  let files = 0;
  let weightBytes = 0;
  let truncated = false;

  const keepLargest = (relative: string, size: number) => {
    if (largest.length === largestCount && (largest[largest.length - 1]?.bytes ?? 0) >= size) return;
    largest.push({ path: relative, bytes: size });
    largest.sort((a, b) => b.bytes - a.bytes);
    if (largest.length > largestCount) largest.pop();
  };

  const queue: string[] = [''];
  while (queue.length > 0) {
    if (files >= maxFiles || performance.now() > deadline) {
      truncated = true;
      break;
    }
    const dir = queue.shift() ?? '';
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue; // unreadable folder: the build itself will say so
    }
    const toStat: string[] = [];
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      const ignored = filter.ignores(relative);
      if (entry.isDirectory()) {
        if (!ignored || (filter.hasExceptions && filter.mustWalkIgnoredDir(relative))) queue.push(relative);
      } else if (!ignored && entry.isFile()) {
        toStat.push(relative);
      }
    }
    for (let i = 0; i < toStat.length; i += STAT_BATCH) {
      const batch = toStat.slice(i, i + STAT_BATCH);
      const sizes = await Promise.all(batch.map((relative) => lstat(path.join(root, relative)).then((s) => s.size, () => 0)));
      batch.forEach((relative, j) => {
        const size = sizes[j] ?? 0;
        files++;
        bytes += size;
        keepLargest(relative, size);
        if (isWeightFile(relative, size)) {
          weightFiles.push(relative);
          weightBytes += size;
        }
      });
    }
  }
  return { bytes, files, weightFiles, weightBytes, largest, truncated, shouldWarn: bytes > CONTEXT_WARNING_BYTES || weightFiles.length > 0 };
}
