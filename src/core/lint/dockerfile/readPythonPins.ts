// Collects the Python packages a Dockerfile build installs and how they are pinned: requirements.txt (the scaffolding's
// parser), pyproject.toml (a synchronous line scan, see below) and `pip install` / `uv pip install` commands in RUN.
import { normalizePackageName } from '../../scaffold/normalizePackageName';
import { normalizePoetryConstraint } from '../../scaffold/normalizePoetryConstraint';
import { parseRequirementLine } from '../../scaffold/parseRequirementLine';
import { parseRequirementsTxt } from '../../scaffold/parseRequirementsTxt';

export interface PythonPin {
  /** PEP 503 normalised. */
  readonly name: string;
  /** PEP 440 specifier without spaces and without a local label (`==2.4.1`), '' when unpinned. */
  readonly specifier: string;
  readonly extras: readonly string[];
  /** The local label of an exact pin, lower case: `cu121` in `torch==2.4.1+cu121`. */
  readonly variant: string | undefined;
  /** Where the pin is written, for messages: `requirements.txt:3`, `Dockerfile:30`. */
  readonly origin: string;
}

export interface PythonPins {
  readonly pins: readonly PythonPin[];
  /** Variants (`cu124`, `cpu`) named by a download.pytorch.org index anywhere the build reads. */
  readonly torchIndexVariants: ReadonlySet<string>;
}

export interface PinSources {
  readonly requirements?: { readonly path: string; readonly text: string };
  readonly pyproject?: { readonly path: string; readonly text: string };
  /** Texts of RUN, ENV and ARG instructions, with their 0-based first line. */
  readonly instructions: readonly { readonly text: string; readonly line: number }[];
}

const TORCH_INDEX = /download\.pytorch\.org\/whl\/(?:nightly\/|test\/)?(cu\d+|cpu|rocm[\d.]+|xpu)\b/gi;
// A long requirements file is still read in full, but a pathological one (a 10 MB paste) is not worth the time.
const MAX_SOURCE_CHARS = 512 * 1024;

export function readPythonPins(sources: PinSources): PythonPins {
  const pins: PythonPin[] = [];
  const variants = new Set<string>();
  const scanIndexes = (text: string): void => {
    for (const m of text.matchAll(TORCH_INDEX)) variants.add((m[1] ?? '').toLowerCase());
  };
  const add = (name: string, specifier: string, extras: readonly string[], origin: string): void => {
    const local = /^(===?[^+,]+)\+([A-Za-z0-9.]+)$/.exec(specifier);
    pins.push({
      name,
      specifier: local?.[1] ?? specifier,
      extras,
      variant: local?.[2]?.toLowerCase(),
      origin,
    });
  };

  const req = sources.requirements;
  if (req && req.text.length <= MAX_SOURCE_CHARS) {
    const file = baseName(req.path);
    for (const r of parseRequirementsTxt(req.text, file).requirements) add(r.name, r.specifier, r.extras, `${file}:${r.source.line ?? '?'}`);
    scanIndexes(req.text);
  }
  const py = sources.pyproject;
  if (py && py.text.length <= MAX_SOURCE_CHARS) {
    const file = baseName(py.path);
    for (const r of scanPyproject(py.text)) add(r.name, r.specifier, r.extras, `${file}:${r.line}`);
    scanIndexes(py.text);
  }
  for (const instruction of sources.instructions) {
    scanIndexes(instruction.text);
    for (const r of pipInstallRequirements(instruction.text)) add(r.name, r.specifier, r.extras, `Dockerfile:${instruction.line + 1}`);
  }
  return { pins, torchIndexVariants: variants };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

interface ScannedRequirement {
  readonly name: string;
  readonly specifier: string;
  readonly extras: readonly string[];
  readonly line: number;
}

// Options of `pip install` / `uv pip install` that take a value as the next word.
const OPTIONS_WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--python', '-p', '--platform', '--python-version', '--implementation', '--abi',
  '--trusted-host', '--cache-dir', '--src', '--upgrade-strategy', '--index-strategy', '--only-binary', '--no-binary',
  '--config-settings', '--override', '--build-constraint',
]);

/** Requirements named on `pip install` command lines in a RUN (continuations joined, quotes removed). */
function pipInstallRequirements(text: string): ScannedRequirement[] {
  if (!text.includes('install')) return [];
  const out: ScannedRequirement[] = [];
  const joined = text.replace(/[\\`]\r?\n/g, ' ');
  for (const command of joined.split(/&&|\|\||[;|\n]/)) {
    const words = shellWords(command);
    const at = words.indexOf('install');
    if (at < 1) continue;
    const before = words.slice(0, at).map((w) => w.split('/').pop() ?? w);
    if (!before.some((w) => /^pip(?:3(?:\.\d+)?)?$/.test(w))) continue;
    for (let i = at + 1; i < words.length; i++) {
      const word = words[i] ?? '';
      if (word.startsWith('-')) {
        if (!word.includes('=') && OPTIONS_WITH_VALUE.has(word)) i++;
        continue;
      }
      const parsed = parseRequirementLine(word);
      if (parsed.kind === 'requirement') out.push({ name: parsed.name, specifier: parsed.specifier, extras: parsed.extras, line: 0 });
    }
  }
  return out;
}

/** Words of a shell command with single and double quotes removed; good enough for package arguments. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/**
 * pyproject.toml without a TOML parser: the scaffolding's parsePyproject is async (smol-toml is an ES module) and lint is
 * synchronous. Reads PEP 621 dependency arrays (`[project]`, optional dependencies, `[dependency-groups]`) and Poetry's
 * dependency tables line by line, with the same requirement and Poetry-constraint parsers, keeping line numbers.
 */
function scanPyproject(text: string): ScannedRequirement[] {
  const out: ScannedRequirement[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let section = '';
  let inArray = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\s+#.*$/, '');
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$/.exec(line);
    if (header?.[1] !== undefined) {
      section = header[1].replace(/\s*\.\s*/g, '.').replace(/["']/g, '');
      inArray = false;
      continue;
    }
    const pep621 =
      section === 'project' || section === 'project.optional-dependencies' || section === 'dependency-groups' || section === 'tool.uv';
    if (pep621) {
      const key = /^\s*([A-Za-z0-9_.-]+)\s*=\s*\[/.exec(line)?.[1];
      const arrayKey =
        key !== undefined && (section !== 'project' || key === 'dependencies') && (section !== 'tool.uv' || key === 'dev-dependencies');
      if (arrayKey) inArray = true;
      if (inArray) {
        for (const m of line.matchAll(/"([^"]*)"|'([^']*)'/g)) {
          const parsed = parseRequirementLine(m[1] ?? m[2] ?? '');
          if (parsed.kind === 'requirement') out.push({ name: parsed.name, specifier: parsed.specifier, extras: parsed.extras, line: i + 1 });
        }
        if (/\]\s*,?\s*$/.test(line.replace(/"[^"]*"|'[^']*'/g, ''))) inArray = false;
      }
      continue;
    }
    if (/^tool\.poetry\.(?:group\.[^.]+\.)?(?:dev-)?dependencies$/.test(section)) {
      const m = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=\s*(?:"([^"]*)"|'([^']*)'|\{(.*)\})/.exec(line);
      if (!m?.[1] || m[1].toLowerCase() === 'python') continue;
      const table = m[4];
      const version = m[2] ?? m[3] ?? (table === undefined ? undefined : /\bversion\s*=\s*["']([^"']*)["']/.exec(table)?.[1]);
      const extras = table === undefined ? [] : [...(/\bextras\s*=\s*\[([^\]]*)\]/.exec(table)?.[1] ?? '').matchAll(/["']([^"']+)["']/g)].map((e) => normalizePackageName(e[1] ?? ''));
      const specifier = version === undefined ? '' : (normalizePoetryConstraint(version) ?? '');
      out.push({ name: normalizePackageName(m[1]), specifier, extras, line: i + 1 });
    }
  }
  return out;
}
