// Looks at a project folder the way the scaffolder needs it: requirements (pip, PEP 621, Poetry, conda), the Python
// version, the entry point and the model files. Reads only; bad input becomes a warning, never an exception.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DetectedPython, ProjectDetection, PythonRequirement, SourceRef } from './scaffoldTypes';
import { detectModelFiles } from './detectModelFiles';
import { parseCondaEnvironment } from './parseCondaEnvironment';
import { parsePyproject } from './parsePyproject';
import { parsePythonVersionFile } from './parsePythonVersionFile';
import { parseRequirementsTxt } from './parseRequirementsTxt';
import { suggestPythonMinor } from './suggestPythonMinor';

export interface DetectProjectLimits {
  /** Files the model-file walk may look at; default 20,000. */
  readonly maxFiles?: number;
  /** Folder levels below the root the walk may enter; default 8. */
  readonly maxDepth?: number;
  /** Wall-clock budget of the walk from the call; default 250 ms. */
  readonly deadlineMs?: number;
}

const ENTRY_POINTS = ['app.py', 'main.py', 'serve.py', 'server.py', 'predict.py', 'src/app.py', 'src/main.py'];
// Requirement files are small; a huge one is generated data or a mistake, and is not worth the memory.
const MAX_TEXT_BYTES = 1024 * 1024;
// Guards against runaway include chains that are not cycles (generated files including the next one).
const MAX_INCLUDE_DEPTH = 16;

type ReadResult = { readonly text: string } | { readonly missing: true } | { readonly problem: string };

export async function detectProject(root: string, limits: DetectProjectLimits = {}): Promise<ProjectDetection> {
  const deadlineAt = Date.now() + (limits.deadlineMs ?? 250);
  const absRoot = path.resolve(root);
  try {
    if (!(await fs.stat(absRoot)).isDirectory()) return emptyDetection(`${root} is not a folder; nothing was detected.`);
  } catch (error) {
    return emptyDetection(`${root} could not be opened (${errorCode(error)}); nothing was detected.`);
  }

  const [files, entryPoint, walk] = await Promise.all([
    readProjectFiles(absRoot),
    findEntryPoint(absRoot),
    detectModelFiles(absRoot, { maxFiles: limits.maxFiles ?? 20_000, maxDepth: limits.maxDepth ?? 8, deadlineAt }),
  ]);
  return {
    requirementFiles: files.requirementFiles,
    requirements: firstPerName(files.requirements),
    entryPoint,
    modelFiles: walk.modelFiles,
    python: files.python,
    warnings: [...files.warnings, ...walk.warnings],
    truncated: walk.truncated,
    filesSeen: walk.filesSeen,
  };
}

function emptyDetection(warning: string): ProjectDetection {
  return { requirementFiles: [], requirements: [], entryPoint: undefined, modelFiles: [], python: undefined, warnings: [warning], truncated: false, filesSeen: 0 };
}

interface ProjectFiles {
  readonly requirementFiles: string[];
  readonly requirements: PythonRequirement[];
  readonly python: DetectedPython | undefined;
  readonly warnings: string[];
}

async function readProjectFiles(root: string): Promise<ProjectFiles> {
  const requirementFiles: string[] = [];
  const requirements: PythonRequirement[] = [];
  const warnings: string[] = [];
  const visited = new Set<string>();
  const read = (rel: string): Promise<ReadResult> => readText(root, rel);

  /** Reads a pip requirements file and, depth first, what it includes, each file once. */
  const readRequirementsTree = async (rel: string, stack: readonly string[], includedFrom?: SourceRef): Promise<void> => {
    const from = includedFrom ? `${includedFrom.file}:${includedFrom.line ?? '?'}: ` : '';
    if (stack.includes(rel)) {
      warnings.push(`${from}-r ${rel} is already being read (an include cycle); skipped`);
      return;
    }
    if (visited.has(rel)) return;
    // pip in the image can only read what the build context holds, and the context is the project folder.
    if (rel.startsWith('../') || rel === '..' || path.posix.isAbsolute(rel)) {
      warnings.push(`${from}-r ${rel} is outside the project folder; not read`);
      return;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      warnings.push(`${from}-r ${rel} skipped: includes nest more than ${MAX_INCLUDE_DEPTH} deep`);
      return;
    }
    visited.add(rel);
    const result = await read(rel);
    if ('missing' in result) {
      if (includedFrom) warnings.push(`${from}included file ${rel} not found`);
      return;
    }
    if ('problem' in result) {
      warnings.push(result.problem);
      return;
    }
    requirementFiles.push(rel);
    const parsed = parseRequirementsTxt(result.text, rel);
    requirements.push(...parsed.requirements);
    warnings.push(...parsed.warnings);
    for (const include of parsed.includes) {
      await readRequirementsTree(resolveInclude(rel, include.path), [...stack, rel], { file: rel, line: include.line });
    }
  };

  await readRequirementsTree('requirements.txt', []);
  for (const rel of await listRequirementsFolder(root)) await readRequirementsTree(rel, []);

  const pythonCandidates: { specifier: string; source: SourceRef; exact: boolean }[] = [];
  const pyproject = await read('pyproject.toml');
  if ('text' in pyproject) {
    requirementFiles.push('pyproject.toml');
    const parsed = await parsePyproject(pyproject.text, 'pyproject.toml');
    requirements.push(...parsed.requirements);
    warnings.push(...parsed.warnings);
    pythonCandidates.push(...parsed.pythonRanges.map((r) => ({ ...r, exact: false })));
  } else if ('problem' in pyproject) {
    warnings.push(pyproject.problem);
  }

  for (const rel of ['environment.yml', 'environment.yaml']) {
    const env = await read(rel);
    if ('problem' in env) warnings.push(env.problem);
    if (!('text' in env)) continue;
    requirementFiles.push(rel);
    const parsed = parseCondaEnvironment(env.text, rel);
    requirements.push(...parsed.requirements);
    warnings.push(...parsed.warnings);
    for (const include of parsed.includes) {
      await readRequirementsTree(resolveInclude(rel, include.path), [rel], { file: rel, line: include.line });
    }
    if (parsed.python) {
      // conda's `python=3.11` names the interpreter the environment runs: trust it above a range's guess.
      const exact = /^==\d+\.\d+(?:\.[\d*]+)*$/.test(parsed.python.specifier);
      if (exact) pythonCandidates.unshift({ ...parsed.python, exact });
      else pythonCandidates.push({ ...parsed.python, exact });
    }
    break;
  }

  const python = await choosePython(read, pythonCandidates, warnings);
  return { requirementFiles, requirements, python, warnings };
}

/** `.python-version`, then `runtime.txt`, then the candidates from pyproject.toml and environment.yml in order. */
async function choosePython(
  read: (rel: string) => Promise<ReadResult>,
  candidates: readonly { specifier: string; source: SourceRef }[],
  warnings: string[],
): Promise<DetectedPython | undefined> {
  for (const rel of ['.python-version', 'runtime.txt']) {
    const result = await read(rel);
    if ('problem' in result) warnings.push(result.problem);
    if (!('text' in result)) continue;
    const found = parsePythonVersionFile(result.text);
    if (found) return { version: found.version, source: { file: rel, line: found.line } };
    warnings.push(`${rel}: no Python version found in it`);
  }
  for (const candidate of candidates) {
    const version = suggestPythonMinor(candidate.specifier);
    if (version) return { version, source: candidate.source };
    warnings.push(`${candidate.source.file}:${candidate.source.line ?? '?'}: Python "${candidate.specifier}" allows none of 3.8–3.13`);
  }
  return undefined;
}

async function findEntryPoint(root: string): Promise<string | undefined> {
  const exists = await Promise.all(
    ENTRY_POINTS.map(async (rel) => {
      try {
        return (await fs.stat(path.join(root, rel))).isFile();
      } catch {
        return false;
      }
    }),
  );
  return ENTRY_POINTS[exists.indexOf(true)];
}

/** `requirements/*.txt`, sorted so that `base.txt` is read before `dev.txt` and results are stable. */
async function listRequirementsFolder(root: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(path.join(root, 'requirements'), { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.txt'))
      .map((e) => `requirements/${e.name}`)
      .sort();
  } catch {
    return [];
  }
}

/** `-r` paths are relative to the including file; the result is project-relative and '/'-separated. */
function resolveInclude(includer: string, include: string): string {
  const target = include.replace(/\\/g, '/');
  return path.posix.isAbsolute(target) ? target : path.posix.normalize(path.posix.join(path.posix.dirname(includer), target));
}

async function readText(root: string, rel: string): Promise<ReadResult> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path.resolve(root, rel), 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return { problem: `${rel}: not a regular file; not read` };
    if (stat.size > MAX_TEXT_BYTES) return { problem: `${rel}: not read, larger than ${MAX_TEXT_BYTES / 1024} KiB` };
    return { text: await handle.readFile('utf8') };
  } catch (error) {
    const code = errorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { missing: true } : { problem: `${rel}: could not be read (${code})` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function firstPerName(requirements: readonly PythonRequirement[]): PythonRequirement[] {
  const seen = new Set<string>();
  return requirements.filter((r) => {
    if (seen.has(r.name)) return false;
    seen.add(r.name);
    return true;
  });
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
