// Reads a conda environment file (environment.yml): conda packages such as `python=3.11` and `pytorch=2.4.1`, and the
// nested `- pip:` list, which is pip requirement syntax (includes too).

import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { PythonRequirement, SourceRef } from './scaffoldTypes';
import { normalizePackageName } from './normalizePackageName';
import { parseRequirementsTxt } from './parseRequirementsTxt';

export interface ParsedCondaEnvironment {
  readonly requirements: readonly PythonRequirement[];
  /** `python=3.11` as PEP 440 (`==3.11.*`), when the file names a Python. */
  readonly python: { readonly specifier: string; readonly source: SourceRef } | undefined;
  /** `-r` targets from the pip list, relative to the environment file's folder. */
  readonly includes: readonly { readonly path: string; readonly line: number }[];
  readonly warnings: readonly string[];
}

// Conda package names that differ from the PyPI name of the same project.
const CONDA_TO_PYPI = new Map([
  ['pytorch', 'torch'],
  ['pytorch-cpu', 'torch'],
]);

export function parseCondaEnvironment(text: string, file: string): ParsedCondaEnvironment {
  const empty = { requirements: [], python: undefined, includes: [], warnings: [] };
  if (text.includes('\u0000')) return { ...empty, warnings: [`${file}: not read, it looks like a binary file`] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0].line;
    return { ...empty, warnings: [`${file}${line === undefined ? '' : `:${line}`}: not read, invalid YAML (${firstError.message.split('\n')[0] ?? ''})`] };
  }
  const requirements: PythonRequirement[] = [];
  const includes: { path: string; line: number }[] = [];
  const warnings: string[] = [];
  let python: ParsedCondaEnvironment['python'];
  const lineOf = (range: readonly number[] | null | undefined): number | undefined =>
    range?.[0] === undefined ? undefined : lineCounter.linePos(range[0]).line;

  const root = doc.contents;
  const deps = isMap(root) ? root.get('dependencies', true) : undefined;
  if (deps === undefined) return { ...empty };
  if (!isSeq(deps)) return { ...empty, warnings: [`${file}:${lineOf(isScalar(deps) ? deps.range : undefined) ?? '?'}: dependencies is not a list, skipped`] };

  for (const item of deps.items) {
    if (isScalar(item)) {
      const line = lineOf(item.range);
      const spec = String(item.value).trim();
      const parsed = parseCondaSpec(spec);
      if (!parsed) {
        warnings.push(`${file}:${line ?? '?'}: skipped "${spec}": not a conda package spec`);
        continue;
      }
      if (parsed.name === 'python') {
        if (parsed.specifier !== '' && python === undefined) python = { specifier: parsed.specifier, source: { file, line } };
        continue;
      }
      // pip itself is tooling, not something the app imports.
      if (parsed.name === 'pip') continue;
      requirements.push({ name: CONDA_TO_PYPI.get(parsed.name) ?? parsed.name, specifier: parsed.specifier, extras: [], source: { file, line } });
    } else if (isMap(item)) {
      const pip = item.get('pip', true);
      if (!isSeq(pip)) {
        warnings.push(`${file}:${lineOf(item.range) ?? '?'}: skipped a dependencies entry that is neither a package nor a pip list`);
        continue;
      }
      for (const entry of pip.items) {
        if (!isScalar(entry)) continue;
        const parsed = parseRequirementsTxt(String(entry.value), file, lineOf(entry.range) ?? 0);
        requirements.push(...parsed.requirements);
        includes.push(...parsed.includes);
        warnings.push(...parsed.warnings);
      }
    }
  }
  return { requirements, python, includes, warnings };
}

/**
 * A conda match spec as PEP 440: `pytorch=2.4.1` → `==2.4.1`, `numpy=1.26` → `==1.26.*` (conda's `=` is a prefix
 * match), `numpy 1.26.*`, `scipy>=1.10,<2`, `conda-forge::numpy`, build strings dropped.
 */
function parseCondaSpec(spec: string): { name: string; specifier: string } | undefined {
  const m = /^(?:[^\s:]+::)?([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*(.*)$/.exec(spec);
  if (!m) return undefined;
  const name = normalizePackageName(m[1] ?? '');
  const rest = (m[2] ?? '').trim();
  if (rest === '' || rest.startsWith('[')) return { name, specifier: '' };
  let specifier: string;
  const fuzzy = /^(?:=(?!=)\s*|(?=\d))([^\s=]+)/.exec(rest);
  if (fuzzy) {
    const version = fuzzy[1] ?? '';
    specifier = version.endsWith('*') || version.split('.').length >= 3 ? `==${version}` : `==${version}.*`;
  } else {
    // `|` is conda's "or"; the first alternative stands for the range, as PEP 440 cannot say "or".
    specifier = (rest.split(/\s+/)[0] ?? '').split('|')[0] ?? '';
  }
  specifier = specifier.replace(/\.\*\.\*$/, '.*');
  const valid = specifier.split(',').every((c) => /^(===|~=|==|!=|<=|>=|<|>)v?\d[A-Za-z0-9*+!._-]*$/.test(c));
  return valid ? { name, specifier } : undefined;
}
