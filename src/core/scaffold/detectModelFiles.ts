// Walks a project breadth-first for model weights: single files by extension, and Triton repositories and TensorFlow
// SavedModels as whole folders. Bounded by file count, depth and a deadline; never follows symlinks, never throws.

import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { ModelFile, ModelFileKind } from './scaffoldTypes';

export interface ModelFileWalkLimits {
  readonly maxFiles: number;
  readonly maxDepth: number;
  /** Epoch milliseconds after which the walk stops. */
  readonly deadlineAt: number;
}

export interface DetectedModelFiles {
  readonly modelFiles: readonly ModelFile[];
  readonly filesSeen: number;
  readonly truncated: boolean;
  readonly warnings: readonly string[];
}

// Tool, environment and experiment-tracking folders: big, never the user's serving weights, and slow to walk.
const SKIPPED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  'env',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  '.tox',
  '.nox',
  'dist',
  'build',
  '.cache',
  'wandb',
  'mlruns',
]);

const FILE_KINDS: readonly (readonly [string, ModelFileKind])[] = [
  ['.safetensors', 'safetensors'],
  ['.bin', 'bin'],
  ['.pt', 'pt'],
  ['.pth', 'pt'],
  ['.onnx', 'onnx'],
  ['.gguf', 'gguf'],
];

// A small .bin is a vocabulary or an optimizer shard's index far more often than weights.
const MIN_LOOSE_BIN_BYTES = 1024 * 1024;
// Enough parallel readdir/stat calls to hide disk latency without exhausting file descriptors.
const CONCURRENCY = 32;

interface Candidate {
  readonly rel: string;
  readonly kind: ModelFileKind;
  /** For `.bin`: the folder also holds config.json, which makes it a Hugging Face weights file whatever its size. */
  readonly besideConfig: boolean;
}

interface Folder {
  readonly rel: string;
  readonly depth: number;
}

export async function detectModelFiles(root: string, limits: ModelFileWalkLimits): Promise<DetectedModelFiles> {
  const warnings: string[] = [];
  const candidates: Candidate[] = [];
  const containers = new Map<string, ModelFileKind>();
  // File names per folder, kept so that a container folder's size can be summed once the walk knows it is one.
  const filesByFolder = new Map<string, string[]>();
  let filesSeen = 0;
  let stopReason: 'files' | 'time' | undefined;
  let firstTooDeep: string | undefined;

  const readFolder = async (folder: Folder, next: Folder[]): Promise<void> => {
    if (stopReason) return;
    if (Date.now() > limits.deadlineAt) {
      stopReason = 'time';
      return;
    }
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(root, folder.rel), { withFileTypes: true });
    } catch (error) {
      const code = errorCode(error);
      // A folder that vanished mid-walk is not worth a warning; one the user cannot read is.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') warnings.push(`${folder.rel || '.'}: folder not searched for model files (${code ?? String(error)})`);
      return;
    }
    const prefix = folder.rel === '' ? '' : `${folder.rel}/`;
    const files: string[] = [];
    let hasConfigJson = false;
    for (const entry of entries) {
      if (entry.isFile()) {
        const name = entry.name;
        if (name === 'config.json') hasConfigJson = true;
        else if (name === 'saved_model.pb') containers.set(folder.rel, 'tf-saved-model');
        // Triton's layout is <repository>/<model>/config.pbtxt: the repository is the parent.
        else if (name === 'config.pbtxt' && folder.depth > 0) containers.set(parentOf(folder.rel), 'triton-repository');
      }
    }
    if (path.posix.basename(folder.rel) === 'model_repository') containers.set(folder.rel, 'triton-repository');

    for (const entry of entries) {
      // Dirent type comes from lstat semantics: a symlink is never a directory or file here, so it is never followed.
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        if (folder.depth + 1 > limits.maxDepth) {
          firstTooDeep ??= prefix + entry.name;
          continue;
        }
        next.push({ rel: prefix + entry.name, depth: folder.depth + 1 });
      } else if (entry.isFile()) {
        if (filesSeen >= limits.maxFiles) {
          stopReason = 'files';
          break;
        }
        filesSeen++;
        files.push(entry.name);
        const kind = kindOf(entry.name);
        if (kind) candidates.push({ rel: prefix + entry.name, kind, besideConfig: hasConfigJson });
      }
    }
    filesByFolder.set(folder.rel, files);
  };

  try {
    const rootStat = await fs.stat(root);
    if (!rootStat.isDirectory()) return { modelFiles: [], filesSeen: 0, truncated: false, warnings: [`${root} is not a folder`] };
  } catch (error) {
    return { modelFiles: [], filesSeen: 0, truncated: false, warnings: [`${root}: folder not readable (${errorCode(error) ?? String(error)})`] };
  }

  let level: Folder[] = [{ rel: '', depth: 0 }];
  while (level.length > 0 && !stopReason) {
    const next: Folder[] = [];
    await forEachLimited(level, (folder) => readFolder(folder, next));
    // Sorted so that each level starts in a stable order; parallel reads within a level still finish in any order,
    // so exactly which files a file limit leaves out can vary between runs (results are sorted at the end).
    level = next.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  const modelFiles = await sizeResults(root, candidates, outermost(containers), filesByFolder, warnings);
  if (stopReason === 'files') {
    warnings.push(`Stopped looking for model files after ${limits.maxFiles} files; files further in were not searched.`);
  } else if (stopReason === 'time') {
    warnings.push(`Stopped looking for model files after the time limit (${filesSeen} files searched); files further in were not searched.`);
  }
  if (firstTooDeep !== undefined) warnings.push(`Folders more than ${limits.maxDepth} levels deep were not searched for model files (${firstTooDeep}).`);
  return { modelFiles, filesSeen, truncated: stopReason !== undefined || firstTooDeep !== undefined, warnings };
}

function kindOf(name: string): ModelFileKind | undefined {
  const lower = name.toLowerCase();
  return FILE_KINDS.find(([ext]) => lower.endsWith(ext))?.[1];
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

function isInside(rel: string, folder: string): boolean {
  return folder === '' || rel.startsWith(`${folder}/`);
}

/** A SavedModel inside a Triton repository is part of it: only the outermost container is reported. */
function outermost(containers: ReadonlyMap<string, ModelFileKind>): Map<string, ModelFileKind> {
  const result = new Map<string, ModelFileKind>();
  for (const [rel, kind] of containers) {
    if (![...containers.keys()].some((other) => other !== rel && isInside(rel, other))) result.set(rel, kind);
  }
  return result;
}

async function sizeResults(
  root: string,
  candidates: readonly Candidate[],
  containers: ReadonlyMap<string, ModelFileKind>,
  filesByFolder: ReadonlyMap<string, readonly string[]>,
  warnings: string[],
): Promise<ModelFile[]> {
  const results: ModelFile[] = [];
  const sizeOf = async (rel: string): Promise<number | undefined> => {
    try {
      return (await fs.lstat(path.join(root, rel))).size;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') warnings.push(`${rel}: size not read (${errorCode(error) ?? String(error)})`);
      return undefined;
    }
  };

  const loose = candidates.filter((c) => ![...containers.keys()].some((folder) => isInside(c.rel, folder)));
  await forEachLimited(loose, async (c) => {
    const bytes = await sizeOf(c.rel);
    if (bytes === undefined) return;
    if (c.kind === 'bin' && !c.besideConfig && bytes <= MIN_LOOSE_BIN_BYTES) return;
    results.push({ path: c.rel, kind: c.kind, bytes });
  });

  for (const [folder, kind] of containers) {
    const inside: string[] = [];
    for (const [rel, names] of filesByFolder) {
      if (rel === folder || isInside(rel, folder)) for (const name of names) inside.push(rel === '' ? name : `${rel}/${name}`);
    }
    let bytes = 0;
    await forEachLimited(inside, async (rel) => {
      // Awaited before the addition: `bytes += await …` would read `bytes` first and lose concurrent sums.
      const size = await sizeOf(rel);
      bytes += size ?? 0;
    });
    results.push({ path: folder === '' ? '.' : folder, kind, bytes });
  }
  return results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function forEachLimited<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const worker = async (): Promise<void> => {
    while (index < items.length) {
      const item = items[index++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
