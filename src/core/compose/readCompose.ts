// Compose files -> Workload with compose's own semantics: interpolation from the environment and `.env`, anchors and `<<`,
// `include`, `extends`, files merged in order, profiles. Every problem is a positioned diagnostic; bad input never throws.
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { LineCounter } from 'yaml';
import { checkComposeKeys, checkServiceKeys } from './checkComposeKeys';
import type { ComposeDocument } from './composeDocument';
import { diagnosticAt, type ComposeEntry, type ComposeMap, type ComposeValue, type ReportDiagnostic, type Span } from './composeValue';
import { ExtendsResolver, fileServices } from './extendsResolver';
import type { VariableLookup } from './interpolate';
import { loadComposeFile, type LoadedComposeFile } from './loadComposeFile';
import { mergeComposeValues } from './mergeComposeValues';
import { parseDotEnv } from './parseDotEnv';
import { offsetsToRange } from './rangeOf';
import { toWorkloadService } from './toWorkloadService';
import type { ComposeDiagnostic, Workload, WorkloadService } from './workload';

export type { ComposeDocument } from './composeDocument';
export { rangeOf } from './rangeOf';

export interface ReadComposeInput {
  /** In `-f` order: later files override earlier ones. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
  /** The shell environment; it wins over `.env`. An `undefined` value is unset. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly dotEnv?: { readonly path: string; readonly text: string };
  /** Active profiles (`--profile`); `*` activates all. Defaults to COMPOSE_PROFILES from the environment or `.env`. */
  readonly profiles?: readonly string[];
  /** Reads `extends: { file }` and `include` targets, resolved against the including file's folder; undefined when missing. */
  readonly readFile?: (path: string) => string | undefined;
}

export interface ComposeReadResult {
  readonly workload: Workload;
  readonly diagnostics: ComposeDiagnostic[];
  /** Every file parsed, in the order read: each input, then the files its `include` and `extends` reach. */
  readonly documents: ComposeDocument[];
}

const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;

interface MergedService {
  keySpan: Span;
  value: ComposeMap;
}

export function readCompose(input: ReadComposeInput): ComposeReadResult {
  const diagnostics: ComposeDiagnostic[] = [];
  const seen = new Set<string>();
  const report: ReportDiagnostic = (d) => {
    const key = `${d.code}\0${d.range.file}\0${d.range.startLine}:${d.range.startColumn}-${d.range.endLine}:${d.range.endColumn}\0${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push(d);
  };
  const documents: ComposeDocument[] = [];
  try {
    const workload = read(input, report, documents);
    return { workload, diagnostics, documents };
  } catch (error) {
    // A bug of ours must not take the editor's features down with it; say so where the user looks.
    const file = input.files[0]?.path ?? '';
    const message = `Berth could not read the compose files: ${error instanceof Error ? error.message : String(error)}`;
    diagnostics.push({ severity: 'error', code: 'internal-error', message, range: { file, startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } });
    return { workload: { services: [], inactiveServices: [] }, diagnostics, documents };
  }
}

function read(input: ReadComposeInput, report: ReportDiagnostic, documents: ComposeDocument[]): Workload {
  const lookup = variableLookup(input, report);
  const loaded = new Map<string, LoadedComposeFile>();
  const load = (path: string, text: string): LoadedComposeFile => {
    const file = loadComposeFile(path, text, lookup, report);
    documents.push(file.document);
    loaded.set(normalize(path), file);
    return file;
  };
  /** A file named by `extends` or `include`, read once. */
  const readLinked = (path: string): LoadedComposeFile | undefined => {
    const cached = loaded.get(normalize(path));
    if (cached) return cached;
    const text = readSafely(input.readFile, path);
    return text === undefined ? undefined : load(path, text);
  };
  const extendsResolver = new ExtendsResolver((path) => {
    const file = readLinked(path);
    if (file?.root?.kind === 'map' && file.document.document.errors.length === 0) checkComposeKeys(file.root, report);
    return file;
  }, report);

  /** A file's services with `include` and `extends` applied: included files' services first, then its own. */
  const fileModel = (file: LoadedComposeFile, stack: readonly string[]): Map<string, MergedService> => {
    const services = new Map<string, MergedService>();
    for (const { path, span } of includedPaths(file, report)) {
      const key = normalize(path);
      if (stack.includes(key)) {
        report(diagnosticAt(span, 'error', 'include-cycle', `\`include\` comes back to ${path}`));
        continue;
      }
      const included = readLinked(path);
      if (included === undefined) {
        report(diagnosticAt(span, 'error', 'include-missing-file', `cannot read ${path} for \`include\``));
        continue;
      }
      for (const [name, service] of fileModel(included, [...stack, key])) {
        if (services.has(name)) report(diagnosticAt(service.keySpan, 'error', 'include-conflict', `\`${name}\` is defined by two included files`));
        services.set(name, service);
      }
    }
    for (const [name, entry] of checkedServices(file, report)) {
      const value = extendsResolver.resolve(file, name);
      if (value === undefined) continue;
      if (services.has(name)) {
        const message = `\`${name}\` is also defined by an included file; compose refuses the conflict`;
        report(diagnosticAt(entry.keySpan, 'error', 'include-conflict', message));
      }
      services.set(name, { keySpan: entry.keySpan, value });
    }
    return services;
  };

  const merged = new Map<string, MergedService>();
  for (const { path, text } of input.files) {
    for (const [name, service] of fileModel(load(path, text), [normalize(path)])) {
      const previous = merged.get(name);
      const value = previous === undefined ? service.value : mergeComposeValues(previous.value, service.value, '');
      if (value?.kind === 'map') merged.set(name, { keySpan: service.keySpan, value });
      else merged.delete(name);
    }
  }

  const profiles = activeProfiles(input, lookup);
  const services: WorkloadService[] = [];
  const inactiveServices: string[] = [];
  for (const [name, { keySpan, value }] of merged) {
    const service = toWorkloadService(name, keySpan, value, report);
    const active = service.profiles.length === 0 || profiles.has('*') || service.profiles.some((p) => profiles.has(p));
    if (active) services.push(service);
    else inactiveServices.push(name);
  }
  return { services, inactiveServices };
}

/** The file's services after checking the file's shape and keys; a non-mapping service is reported and skipped. */
function checkedServices(file: LoadedComposeFile, report: ReportDiagnostic): [string, ComposeEntry][] {
  const root = file.root;
  if (root === undefined) {
    report(diagnosticAt({ source: file.source, start: 0, end: 0 }, 'warning', 'empty-file', 'this compose file is empty'));
    return [];
  }
  if (root.kind !== 'map') {
    report(diagnosticAt(root.span, 'error', 'root-not-mapping', 'a compose file is a mapping with `services:` at the top'));
    return [];
  }
  // After a syntax error yaml's recovery puts keys where nobody wrote them: unknown-key warnings would only be noise.
  const checkKeys = file.document.document.errors.length === 0;
  if (checkKeys) checkComposeKeys(root, report);
  const services = root.entries.get('services')?.value;
  if (services === undefined || (services.kind === 'scalar' && services.value === null)) return [];
  if (services.kind !== 'map') {
    report(diagnosticAt(services.span, 'error', 'services-not-mapping', '`services` must be a mapping of service names to services'));
    return [];
  }
  const result: [string, ComposeEntry][] = [];
  for (const [name, entry] of fileServices(file)) {
    if (!SERVICE_NAME.test(name)) {
      const message = `\`${name}\` is not a valid service name (letters, digits, \`.\`, \`_\`, \`-\`)`;
      report(diagnosticAt(entry.keySpan, 'error', 'invalid-service-name', message));
    }
    const value = entry.value;
    if (value.kind === 'map') {
      if (checkKeys) checkServiceKeys(value, report);
    }
    else if (!(value.kind === 'scalar' && value.value === null)) {
      report(diagnosticAt(value.span, 'error', 'service-not-mapping', `service \`${name}\` must be a mapping`));
      continue;
    }
    result.push([name, entry]);
  }
  return result;
}

/** `include: [a.yaml, { path: [b.yaml, c.yaml] }]`, resolved against the including file's folder. */
function includedPaths(file: LoadedComposeFile, report: ReportDiagnostic): { path: string; span: Span }[] {
  const root = file.root;
  const include = root?.kind === 'map' ? root.entries.get('include')?.value : undefined;
  if (include === undefined || (include.kind === 'scalar' && include.value === null)) return [];
  if (include.kind !== 'seq') {
    report(diagnosticAt(include.span, 'error', 'wrong-type', '`include` must be a list'));
    return [];
  }
  const paths: { path: string; span: Span }[] = [];
  const add = (value: ComposeValue): void => {
    if (value.kind === 'scalar' && typeof value.value === 'string' && value.value !== '') {
      paths.push({ path: isAbsolute(value.value) ? value.value : join(dirname(file.source.path), value.value), span: value.span });
    } else if (value.kind === 'seq') value.items.forEach(add);
    else report(diagnosticAt(value.span, 'error', 'wrong-type', 'an `include` entry is a path or `{ path: … }`'));
  };
  for (const item of include.items) {
    const path = item.kind === 'map' ? item.entries.get('path')?.value : item;
    if (path === undefined) report(diagnosticAt(item.span, 'error', 'wrong-type', 'an `include` entry needs `path:`'));
    else add(path);
  }
  return paths;
}

/** The shell environment first, then `.env` (whose own `${VAR}` see the shell and earlier lines). */
function variableLookup(input: ReadComposeInput, report: ReportDiagnostic): VariableLookup {
  const env = input.env ?? {};
  const fromEnv: VariableLookup = (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
  if (input.dotEnv === undefined) return fromEnv;
  const { path, text } = input.dotEnv;
  const parsed = parseDotEnv(text, fromEnv);
  if (parsed.problems.length > 0) {
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    for (const p of parsed.problems) {
      report({ severity: p.severity, code: p.code, message: p.message, range: offsetsToRange(path, lineCounter, p.start, p.end) });
    }
  }
  return (name) => fromEnv(name) ?? parsed.variables.get(name);
}

function activeProfiles(input: ReadComposeInput, lookup: VariableLookup): ReadonlySet<string> {
  const profiles = input.profiles ?? (lookup('COMPOSE_PROFILES') ?? '').split(',');
  return new Set(profiles.map((p) => p.trim()).filter((p) => p !== ''));
}

function readSafely(readFile: ReadComposeInput['readFile'], path: string): string | undefined {
  try {
    return readFile?.(path);
  } catch {
    return undefined;
  }
}
