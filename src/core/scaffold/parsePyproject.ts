// Reads pyproject.toml: PEP 621 `[project]` dependencies, optional dependencies and `requires-python`, and Poetry's
// `[tool.poetry.dependencies]` (its `python` key included), with the line each one is written on.

import type { PythonRequirement, SourceRef } from './scaffoldTypes';
import { detectNonLinuxMarker } from './detectNonLinuxMarker';
import { normalizePackageName } from './normalizePackageName';
import { normalizePoetryConstraint } from './normalizePoetryConstraint';
import { parseRequirementLine } from './parseRequirementLine';

export interface ParsedPyproject {
  readonly requirements: readonly PythonRequirement[];
  /** PEP 440 ranges for the Python version, most trusted first (`requires-python`, then Poetry's `python`). */
  readonly pythonRanges: readonly { readonly specifier: string; readonly source: SourceRef }[];
  readonly warnings: readonly string[];
}

type TomlTable = Record<string, unknown>;

/** Async only because smol-toml is an ES module, which this CommonJS build can load only through `import()`. */
export async function parsePyproject(text: string, file: string): Promise<ParsedPyproject> {
  const { parse: parseToml, TomlError } = await import('smol-toml');
  let doc: TomlTable;
  try {
    doc = parseToml(text);
  } catch (error) {
    const where = error instanceof TomlError ? `${file}:${error.line}` : file;
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { requirements: [], pythonRanges: [], warnings: [`${where}: not read, invalid TOML (${message})`] };
  }
  const requirements: PythonRequirement[] = [];
  const pythonRanges: { specifier: string; source: SourceRef }[] = [];
  const warnings: string[] = [];
  const lines = new LineFinder(text);

  const project = table(doc.project);
  if (project) {
    const sectionAt = lines.sectionOffset('project');
    const requiresPython = project['requires-python'];
    if (typeof requiresPython === 'string' && requiresPython.trim() !== '') {
      pythonRanges.push({ specifier: requiresPython.replace(/\s+/g, ''), source: { file, line: lines.keyLine('requires-python', sectionAt) } });
    }
    readPep621List(project.dependencies, 'project.dependencies', sectionAt);
    const optional = table(project['optional-dependencies']);
    if (optional) {
      const optionalAt = Math.max(sectionAt, lines.sectionOffset('project.optional-dependencies'));
      for (const [group, list] of Object.entries(optional)) readPep621List(list, `project.optional-dependencies.${group}`, optionalAt);
    }
  }

  const poetryDeps = table(table(table(doc.tool)?.poetry)?.dependencies);
  if (poetryDeps) {
    const sectionAt = lines.sectionOffset('tool.poetry.dependencies');
    for (const [key, value] of Object.entries(poetryDeps)) {
      const line = lines.keyLine(key, sectionAt);
      const chosen = choosePoetryEntry(value);
      if (chosen === undefined) continue;
      if (key.toLowerCase() === 'python') {
        const specifier = normalizePoetryConstraint(chosen.version ?? '');
        if (specifier !== undefined && specifier !== '') pythonRanges.push({ specifier, source: { file, line } });
        else if (specifier === undefined) warnings.push(`${file}:${line ?? '?'}: Poetry python constraint "${chosen.version ?? ''}" not understood`);
        continue;
      }
      const name = normalizePackageName(key);
      let specifier = '';
      if (chosen.version !== undefined) {
        const converted = normalizePoetryConstraint(chosen.version);
        if (converted === undefined) warnings.push(`${file}:${line ?? '?'}: ${name} constraint "${chosen.version}" not understood, treated as unpinned`);
        else specifier = converted;
      } else if (chosen.origin !== undefined) {
        warnings.push(`${file}:${line ?? '?'}: ${name} is installed from a ${chosen.origin}, so its version is unknown`);
      }
      requirements.push({ name, specifier, extras: chosen.extras.map(normalizePackageName), source: { file, line } });
    }
  }
  return { requirements, pythonRanges, warnings };

  function readPep621List(list: unknown, key: string, searchFrom: number): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      warnings.push(`${file}: ${key} is not a list, skipped`);
      return;
    }
    for (const entry of list) {
      if (typeof entry !== 'string') {
        warnings.push(`${file}: ${key} holds a non-string entry, skipped`);
        continue;
      }
      const line = lines.stringLine(entry, searchFrom);
      const parsed = parseRequirementLine(entry);
      if (parsed.kind !== 'requirement') {
        const reason = 'reason' in parsed ? parsed.reason : 'not a PEP 508 requirement';
        warnings.push(`${file}:${line ?? '?'}: skipped "${entry}": ${reason}`);
        continue;
      }
      if (detectNonLinuxMarker(parsed.marker)) continue;
      if (parsed.url !== undefined && parsed.specifier === '') warnings.push(`${file}:${line ?? '?'}: ${parsed.name} is installed from a URL, so its version is unknown`);
      requirements.push({ name: parsed.name, specifier: parsed.specifier, extras: parsed.extras, source: { file, line } });
    }
  }
}

function table(value: unknown): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) ? (value as TomlTable) : undefined;
}

interface PoetryEntry {
  readonly version: string | undefined;
  readonly extras: readonly string[];
  /** 'git repository', 'local path', 'URL' when the package does not come from an index. */
  readonly origin: string | undefined;
}

/** A string, a table, or a list of tables with markers (one per platform): take the first that may apply on Linux. */
function choosePoetryEntry(value: unknown): PoetryEntry | undefined {
  if (typeof value === 'string') return { version: value, extras: [], origin: undefined };
  const candidates = Array.isArray(value) ? value.map(table).filter((t) => t !== undefined) : [table(value)].filter((t) => t !== undefined);
  const entry = candidates.find((t) => typeof t.markers !== 'string' || !detectNonLinuxMarker(t.markers)) ?? candidates[0];
  if (!entry) return undefined;
  const extras = Array.isArray(entry.extras) ? entry.extras.filter((e): e is string => typeof e === 'string') : [];
  const origin = 'git' in entry ? 'git repository' : 'path' in entry ? 'local path' : 'url' in entry ? 'URL' : undefined;
  return { version: typeof entry.version === 'string' ? entry.version : undefined, extras, origin };
}

/** Best-effort line lookup: the TOML parser keeps no positions, so the text is searched for what was parsed. */
class LineFinder {
  private readonly lineStarts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Offset of a `[section]` header, 0 when not found (then the whole text is searched). */
  sectionOffset(section: string): number {
    const pattern = section.split('.').map(escapeRegExp).join('\\s*\\.\\s*');
    const m = new RegExp(`^[ \\t]*\\[[ \\t]*${pattern}[ \\t]*\\]`, 'm').exec(this.text);
    return m ? m.index : 0;
  }

  keyLine(key: string, from: number): number | undefined {
    const k = escapeRegExp(key);
    return this.search(new RegExp(`^[ \\t]*(?:${k}|"${k}"|'${k}')[ \\t]*=`, 'm'), from);
  }

  stringLine(value: string, from: number): number | undefined {
    const v = escapeRegExp(value);
    return this.search(new RegExp(`"${v}"|'${v}'`), from) ?? this.search(new RegExp(v), from);
  }

  private search(pattern: RegExp, from: number): number | undefined {
    const m = pattern.exec(this.text.slice(from));
    return m ? this.lineAt(from + m.index) : undefined;
  }

  private lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
