// berth.nodes.yaml -> the nodes a plan may use, one summary per node type for code lenses, and diagnostics with
// positions. The format is documented in schemas/berth.nodes.schema.json; this reader never throws.
import { LineCounter, parseDocument } from 'yaml';
import { parseCpuMillis, parseMemoryBytes, type ParsedQuantity } from '../../compose/units';
import type { ComposeDiagnostic, ComposeDiagnosticSeverity, SourceRange } from '../../compose/workload';
import type { NodeCapacity } from '../placementProblem';
import { YamlLocator, type YamlPath } from './yamlLocator';

/** One entry of `nodes:`: a node type and how many nodes of it there are. */
export interface NodeTypeSummary {
  /** `type`, else the entry's node name(s). */
  readonly type: string;
  readonly count: number;
  readonly nodes: readonly string[];
  /** Totals over the entry's nodes. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
  /** Per GPU, as declared. */
  readonly gpuMemoryBytes?: number;
  /** Total per hour of the entry's nodes. */
  readonly costPerHour?: number;
  /** The whole entry. */
  readonly range: SourceRange;
}

export interface NodeInventory {
  readonly nodes: NodeCapacity[];
  readonly types: NodeTypeSummary[];
  readonly diagnostics: ComposeDiagnostic[];
}

const MiB = 1024 ** 2;
const TiB = 1024 ** 4;

/** Past these a value is a typo or a missing unit, not hardware (largest servers today: ~1000 threads, 32 TiB, 16 GPUs). */
export const INVENTORY_LIMITS = {
  count: 1000,
  cpus: 4096,
  memoryMinBytes: 64 * MiB,
  memoryMaxBytes: 256 * TiB,
  gpus: 64,
  gpuMemoryMinBytes: 256 * MiB,
  gpuMemoryMaxBytes: 2 * TiB,
  costPerHour: 100_000,
} as const;

const ENTRY_KEYS = ['type', 'name', 'names', 'count', 'hostname', 'cpus', 'memory', 'gpus', 'gpu-memory', 'labels', 'role', 'platform', 'cost-per-hour'];
const ROOT_KEYS = ['nodes'];
/** Names people reach for first. */
const ALIASES: Readonly<Record<string, string>> = {
  cpu: 'cpus',
  cores: 'cpus',
  mem: 'memory',
  ram: 'memory',
  gpu: 'gpus',
  vram: 'gpu-memory',
  cost: 'cost-per-hour',
  price: 'cost-per-hour',
  label: 'labels',
  hostnames: 'names',
};
/** A node name or type: what Swarm and Kubernetes accept as a host name (DNS-1123 subdomain, any case). */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;
const LABEL_KEY = /^[^\s=]+$/;
const PLATFORM = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/[a-z0-9]+)?$/;

interface Entry {
  readonly path: YamlPath;
  readonly nodes: NodeCapacity[];
  readonly summary: NodeTypeSummary;
  readonly explicitType: boolean;
  /** Where each node's name comes from, for duplicate diagnostics. */
  readonly nameRanges: readonly SourceRange[];
}

export function readNodeInventory(path: string, text: string): NodeInventory {
  const diagnostics: ComposeDiagnostic[] = [];
  try {
    return new InventoryReader(path, text, diagnostics).read();
  } catch (e) {
    // A bug must not take the editor's diagnostics or code lenses down with it.
    const message = `could not read the inventory: ${e instanceof Error ? e.message : String(e)}`;
    diagnostics.push({ severity: 'error', code: 'internal-error', message, range: { file: path, startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } });
    return { nodes: [], types: [], diagnostics };
  }
}

class InventoryReader {
  private readonly lineCounter = new LineCounter();
  private locator!: YamlLocator;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly diagnostics: ComposeDiagnostic[],
  ) {}

  read(): NodeInventory {
    const doc = parseDocument(this.text, { lineCounter: this.lineCounter, merge: true, prettyErrors: false });
    this.locator = new YamlLocator(this.file, doc, this.lineCounter);
    for (const e of doc.errors) this.report('error', 'yaml-syntax', e.message, this.locator.offsets(e.pos[0], e.pos[1]));
    for (const w of doc.warnings) this.report('warning', 'yaml-syntax', w.message, this.locator.offsets(w.pos[0], w.pos[1]));
    if (doc.errors.length > 0) return { nodes: [], types: [], diagnostics: this.diagnostics };

    const root: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (root === null || root === undefined) {
      this.report('warning', 'missing-nodes', 'The inventory is empty: list your nodes under `nodes:`.', this.locator.offsets(0, 0));
      return { nodes: [], types: [], diagnostics: this.diagnostics };
    }
    if (!isRecord(root)) {
      this.report('error', 'invalid-inventory', 'The inventory is a mapping with a `nodes:` list.', this.locator.range([]));
      return { nodes: [], types: [], diagnostics: this.diagnostics };
    }
    this.checkKeys(root, [], ROOT_KEYS);
    const list = root.nodes;
    if (list === undefined || list === null) {
      this.report('error', 'missing-nodes', 'No `nodes:` list: add one entry per node type (type, count, cpus, memory, gpus).', this.locator.range(['nodes'], 'key'));
      return { nodes: [], types: [], diagnostics: this.diagnostics };
    }
    if (!Array.isArray(list)) {
      this.report('error', 'invalid-inventory', '`nodes` is a list: one `- type: …` entry per node type.', this.locator.range(['nodes']));
      return { nodes: [], types: [], diagnostics: this.diagnostics };
    }

    const entries = list.map((item: unknown, i) => this.readEntry(['nodes', i], item)).filter((e): e is Entry => e !== undefined);
    return { ...this.dropDuplicates(entries), diagnostics: this.diagnostics };
  }

  /** An entry that repeats a node name or a type is left out: which of the two is meant cannot be guessed. */
  private dropDuplicates(entries: readonly Entry[]): { nodes: NodeCapacity[]; types: NodeTypeSummary[] } {
    const names = new Map<string, SourceRange>();
    const types = new Map<string, SourceRange>();
    const kept: Entry[] = [];
    for (const entry of entries) {
      let duplicate = false;
      if (entry.explicitType) {
        const first = types.get(entry.summary.type);
        if (first) {
          duplicate = true;
          const message = `Type "${entry.summary.type}" is already declared at line ${first.startLine + 1}: nodes of one type are identical, so give these another type name.`;
          this.report('error', 'duplicate-type', message, this.locator.range([...entry.path, 'type']));
        }
      }
      entry.nodes.forEach((node, i) => {
        const first = names.get(node.name);
        if (!first) return;
        duplicate = true;
        const range = entry.nameRanges[i] ?? entry.summary.range;
        this.report('error', 'duplicate-node', `Node "${node.name}" is already declared at line ${first.startLine + 1}.`, range);
      });
      if (duplicate) continue;
      kept.push(entry);
      if (entry.explicitType) types.set(entry.summary.type, this.locator.range([...entry.path, 'type']));
      entry.nodes.forEach((node, i) => names.set(node.name, entry.nameRanges[i] ?? entry.summary.range));
    }
    return { nodes: kept.flatMap((e) => e.nodes), types: kept.map((e) => e.summary) };
  }

  private readEntry(path: YamlPath, item: unknown): Entry | undefined {
    if (!isRecord(item)) {
      this.report('error', 'invalid-node-entry', 'Each entry of `nodes` is a mapping: type, count, cpus, memory, gpus…', this.locator.range(path));
      return undefined;
    }
    const errorsBefore = this.errorCount();
    this.checkKeys(item, path, ENTRY_KEYS);
    const at = (key: string): SourceRange => this.locator.range([...path, key]);
    const head = this.locator.range([...path, ['type', 'name', 'names'].find((k) => k in item) ?? Object.keys(item)[0] ?? 'type'], 'key');

    const type = this.readName(item, path, 'type');
    const name = this.readName(item, path, 'name');
    const names = this.readNames(item, path);
    const count = this.readInteger(item, path, 'count', 0, INVENTORY_LIMITS.count, 'nodes');

    let nodeNames: string[] = [];
    let nameRanges: SourceRange[] = [];
    if (name !== undefined && names !== undefined) {
      this.report('error', 'count-names-conflict', 'Use `name` for one node or `names` for several, not both.', at('names'));
    } else if (names !== undefined) {
      nodeNames = names;
      nameRanges = names.map((_, i) => this.locator.range([...path, 'names', i]));
      if (count !== undefined && count !== names.length) {
        this.report('error', 'count-names-conflict', `\`count: ${count}\` but ${names.length} names are listed: drop \`count\` or make them agree.`, at('count'));
      }
    } else if (name !== undefined) {
      nodeNames = [name];
      nameRanges = [at('name')];
      if (count !== undefined && count !== 1) this.report('error', 'count-names-conflict', '`name` declares one node: use `names` for several.', at('count'));
    } else if (type !== undefined) {
      nodeNames = Array.from({ length: count ?? 1 }, (_, i) => `${type}-${i + 1}`);
      nameRanges = nodeNames.map(() => this.locator.range([...path, 'count' in item ? 'count' : 'type']));
    } else if (!('type' in item || 'name' in item || 'names' in item)) {
      this.report('error', 'missing-field', 'Give the entry a `type` (with `count`, nodes are named <type>-1, <type>-2…) or a `name`.', head);
    }

    const hostname = this.readName(item, path, 'hostname');
    if (hostname !== undefined && nodeNames.length !== 1) {
      this.report('error', 'invalid-hostname', '`hostname` names one node: this entry declares several (node names are their host names).', at('hostname'));
    }

    const cpuMillis = this.readCpus(item, path, head);
    const memoryBytes = this.readMemory(item, path, 'memory', INVENTORY_LIMITS.memoryMinBytes, INVENTORY_LIMITS.memoryMaxBytes, head);
    const gpus = this.readInteger(item, path, 'gpus', 0, INVENTORY_LIMITS.gpus, 'GPUs') ?? 0;
    const gpuMemoryBytes = 'gpu-memory' in item ? this.readMemory(item, path, 'gpu-memory', INVENTORY_LIMITS.gpuMemoryMinBytes, INVENTORY_LIMITS.gpuMemoryMaxBytes, head) : undefined;
    if (gpuMemoryBytes !== undefined && gpus === 0) {
      this.report('warning', 'gpu-memory-without-gpus', '`gpu-memory` is the memory of each GPU, but this entry has no `gpus`.', at('gpu-memory'));
    }
    const labels = this.readLabels(item, path);
    const role = this.readRole(item, path);
    const platform = this.readPlatform(item, path);
    const costPerHour = this.readCost(item, path);

    if (this.errorCount() > errorsBefore || cpuMillis === undefined || memoryBytes === undefined) return undefined;
    const summaryType = type ?? (nodeNames.join(', ') || 'node');
    const nodes: NodeCapacity[] = nodeNames.map((n) => ({
      name: n,
      ...(hostname !== undefined ? { hostname } : {}),
      cpuMillis,
      memoryBytes,
      gpus,
      ...(gpuMemoryBytes !== undefined ? { gpuMemoryBytes } : {}),
      ...(labels !== undefined ? { labels } : {}),
      ...(role !== undefined ? { role } : {}),
      ...(platform !== undefined ? { platform } : {}),
      ...(costPerHour !== undefined ? { costPerHour } : {}),
      // Without a type each node is its own (what-if edits then add or remove it by name).
      ...(type !== undefined ? { type } : {}),
    }));
    const summary: NodeTypeSummary = {
      type: summaryType,
      count: nodes.length,
      nodes: nodeNames,
      cpuMillis: cpuMillis * nodes.length,
      memoryBytes: memoryBytes * nodes.length,
      gpus: gpus * nodes.length,
      ...(gpuMemoryBytes !== undefined ? { gpuMemoryBytes } : {}),
      ...(costPerHour !== undefined ? { costPerHour: costPerHour * nodes.length } : {}),
      range: this.locator.range(path),
    };
    return { path, nodes, summary, explicitType: type !== undefined, nameRanges };
  }

  private readName(item: Record<string, unknown>, path: YamlPath, key: 'type' | 'name' | 'hostname'): string | undefined {
    const value = item[key];
    if (value === undefined) return undefined;
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !NAME.test(text)) {
      const what = key === 'type' ? 'A type' : key === 'name' ? 'A node name' : 'A host name';
      const message = `${what} is letters, digits, '.', '-' and '_', starting and ending with a letter or digit; got ${show(value)}.`;
      this.report('error', 'invalid-name', message, this.locator.range([...path, key]));
      return undefined;
    }
    return text;
  }

  private readNames(item: Record<string, unknown>, path: YamlPath): string[] | undefined {
    const value = item.names;
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
      this.report('error', 'invalid-name', '`names` is a list of node names, e.g. [gpu-a, gpu-b].', this.locator.range([...path, 'names']));
      return undefined;
    }
    const names: string[] = [];
    value.forEach((v: unknown, i) => {
      const text = typeof v === 'number' ? String(v) : v;
      if (typeof text === 'string' && NAME.test(text)) names.push(text);
      else this.report('error', 'invalid-name', `A node name is letters, digits, '.', '-' and '_'; got ${show(v)}.`, this.locator.range([...path, 'names', i]));
    });
    return names.length === value.length ? names : undefined;
  }

  private readInteger(item: Record<string, unknown>, path: YamlPath, key: string, min: number, max: number, unit: string): number | undefined {
    const value = item[key];
    if (value === undefined) return undefined;
    const range = this.locator.range([...path, key]);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.report('error', 'invalid-number', `\`${key}\` is a whole number of ${unit}, e.g. \`${key}: 2\`; got ${show(value)}.`, range);
      return undefined;
    }
    if (value < min || value > max) {
      const message = value < min ? `\`${key}\` cannot be negative.` : `\`${key}: ${value}\` is more ${unit} than one entry can have (at most ${max}).`;
      this.report('error', 'out-of-range', message, range);
      return undefined;
    }
    return value;
  }

  private readCpus(item: Record<string, unknown>, path: YamlPath, head: SourceRange): number | undefined {
    const value = item.cpus;
    if (value === undefined || value === null) {
      this.report('error', 'missing-field', 'Missing `cpus`: the CPUs a node offers, e.g. `cpus: 32`.', value === null ? this.locator.range([...path, 'cpus']) : head);
      return undefined;
    }
    const range = this.locator.range([...path, 'cpus']);
    const parsed = parseScalar(parseCpuMillis, value, 'a number of CPUs such as 8 or 0.5');
    if ('error' in parsed) {
      this.report('error', typeof value === 'number' ? 'out-of-range' : 'invalid-number', `\`cpus\`: ${parsed.error}.`, range);
      return undefined;
    }
    if (parsed.value <= 0) {
      this.report('error', 'out-of-range', '`cpus` must be more than 0.', range);
      return undefined;
    }
    if (parsed.value > INVENTORY_LIMITS.cpus * 1000) {
      this.report('error', 'out-of-range', `\`cpus: ${show(value)}\` is more than ${INVENTORY_LIMITS.cpus} CPUs on one node: count CPUs, not millicores (or write 7500m).`, range);
      return undefined;
    }
    return parsed.value;
  }

  private readMemory(item: Record<string, unknown>, path: YamlPath, key: 'memory' | 'gpu-memory', min: number, max: number, head: SourceRange): number | undefined {
    const value = item[key];
    const what = key === 'memory' ? 'memory' : 'memory of each GPU';
    if (value === undefined || value === null) {
      const range = value === null ? this.locator.range([...path, key]) : head;
      this.report('error', 'missing-field', `Missing \`${key}\`: the ${what}, e.g. \`${key}: ${key === 'memory' ? '256GiB' : '80GiB'}\`.`, range);
      return undefined;
    }
    const range = this.locator.range([...path, key]);
    const parsed = parseScalar(parseMemoryBytes, value, 'a size such as 64GiB or 512m');
    if ('error' in parsed) {
      this.report('error', typeof value === 'number' ? 'out-of-range' : 'invalid-unit', `\`${key}\`: ${parsed.error}.`, range);
      return undefined;
    }
    if (parsed.value < min) {
      const hint = typeof value === 'number' ? ` A bare number is bytes: did you mean ${value}GiB?` : '';
      this.report('error', 'out-of-range', `\`${key}: ${show(value)}\` is ${parsed.value} bytes, less than any real ${what} (${min / MiB} MiB).${hint}`, range);
      return undefined;
    }
    if (parsed.value > max) {
      this.report('error', 'out-of-range', `\`${key}: ${show(value)}\` is more than ${max / TiB} TiB of ${what}: check the unit.`, range);
      return undefined;
    }
    return parsed.value;
  }

  private readLabels(item: Record<string, unknown>, path: YamlPath): Record<string, string> | undefined {
    const value = item.labels;
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.report('error', 'invalid-label', '`labels` is a mapping, e.g. `labels: { gpu: l40s, zone: a }`.', this.locator.range([...path, 'labels']));
      return undefined;
    }
    const labels: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!LABEL_KEY.test(key)) {
        this.report('error', 'invalid-label', `Label name "${key}" cannot contain spaces or '='.`, this.locator.range([...path, 'labels', key], 'key'));
      } else if (v === null) {
        labels[key] = '';
      } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        // Swarm compares label values as text: `nvme: true` matches `node.labels.nvme == true`.
        labels[key] = String(v);
      } else {
        this.report('error', 'invalid-label', `Label "${key}" has a ${Array.isArray(v) ? 'list' : 'mapping'} value: labels are text.`, this.locator.range([...path, 'labels', key]));
      }
    }
    return labels;
  }

  private readRole(item: Record<string, unknown>, path: YamlPath): 'manager' | 'worker' | undefined {
    const value = item.role;
    if (value === undefined) return undefined;
    if (value === 'manager' || value === 'worker') return value;
    this.report('error', 'invalid-role', `\`role\` is manager or worker (Swarm's node.role); got ${show(value)}.`, this.locator.range([...path, 'role']));
    return undefined;
  }

  private readPlatform(item: Record<string, unknown>, path: YamlPath): { os: string; arch: string } | undefined {
    const value = item.platform;
    if (value === undefined) return undefined;
    const match = typeof value === 'string' ? PLATFORM.exec(value) : null;
    if (!match?.[1] || !match[2]) {
      this.report('error', 'invalid-platform', `\`platform\` is os/arch, e.g. linux/amd64 or linux/arm64; got ${show(value)}.`, this.locator.range([...path, 'platform']));
      return undefined;
    }
    return { os: match[1], arch: match[2] };
  }

  private readCost(item: Record<string, unknown>, path: YamlPath): number | undefined {
    const value = item['cost-per-hour'];
    if (value === undefined) return undefined;
    const range = this.locator.range([...path, 'cost-per-hour']);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.report('error', 'invalid-number', `\`cost-per-hour\` is a number (any currency, the same for every node), e.g. 2.5; got ${show(value)}.`, range);
      return undefined;
    }
    if (value < 0 || value > INVENTORY_LIMITS.costPerHour) {
      this.report('error', 'out-of-range', value < 0 ? '`cost-per-hour` cannot be negative.' : `\`cost-per-hour: ${value}\` is more than ${INVENTORY_LIMITS.costPerHour} per node and hour.`, range);
      return undefined;
    }
    return value;
  }

  /** Unknown keys are warnings (with the key they most likely meant): the rest of the entry still counts. `x-` keys are the user's. */
  private checkKeys(map: Record<string, unknown>, path: YamlPath, known: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (known.includes(key) || key.startsWith('x-')) continue;
      const guess = suggestKey(key, known);
      const where = path.length === 0 ? 'the inventory' : 'a node entry';
      const message = `Unknown key "${key}" in ${where}${guess ? `: did you mean "${guess}"?` : ` (known: ${known.join(', ')}; x-… keys are yours)`}`;
      this.report('warning', 'unknown-key', message, this.locator.range([...path, key], 'key'));
    }
  }

  private errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  private report(severity: ComposeDiagnosticSeverity, code: string, message: string, range: SourceRange): void {
    this.diagnostics.push({ severity, code, message, range });
  }
}

/** Units are written as text or numbers; a list or a mapping is a mistake the unit parsers need not see. */
function parseScalar(parse: (input: string | number) => ParsedQuantity, value: unknown, expected: string): ParsedQuantity {
  if (typeof value === 'string' || typeof value === 'number') return parse(value);
  return { error: `expected ${expected}, got ${show(value)}` };
}

function suggestKey(key: string, known: readonly string[]): string | undefined {
  const normal = (k: string) => k.toLowerCase().replace(/[-_\s]/g, '');
  const alias = ALIASES[normal(key)];
  if (alias && known.includes(alias)) return alias;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(normal(key), normal(candidate));
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
