// One merged compose service -> what it asks of a node: replicas, CPU and memory (a reservation wins over a limit), GPUs in
// every compose form, generic resources, placement constraints and Berth's `x-berth`. Bad values are reported and ignored.
import { splitCommand } from './splitCommand';
import { diagnosticAt, spanRange, type ComposeMap, type ComposeValue, type ReportDiagnostic, type Span } from './composeValue';
import { parsePlacementConstraint } from './parsePlacementConstraint';
import { parseCpuMillis, parseMemoryBytes, type ParsedQuantity } from './units';
import type { BerthServiceExtension, GpuRequest, PlacementConstraint, SourceRange, WorkloadService } from './workload';

const GPU_KINDS = new Set(['gpu', 'nvidia.com/gpu', 'nvidia-gpu']);
const MAX_REPLICAS = 100_000;
/** Docker refuses a memory limit below 6 MiB: a smaller bare number is almost always a missing unit. */
const DOCKER_MIN_MEMORY_BYTES = 6 * 2 ** 20;
const BERTH_KEYS = ['priority', 'gang', 'pin', 'gpu-memory'];

interface Quantity {
  readonly value: number;
  readonly span: Span;
}

type GpuPart = Omit<GpuRequest, 'range'> & { readonly span: Span };

type Ranges = Partial<Record<keyof WorkloadService['ranges'], SourceRange>>;

export function toWorkloadService(name: string, keySpan: Span, service: ComposeMap, report: ReportDiagnostic): WorkloadService {
  const read = new ServiceReader(report);
  return read.service(name, keySpan, service);
}

class ServiceReader {
  private readonly ranges: Ranges = {};

  constructor(private readonly report: ReportDiagnostic) {}

  service(name: string, keySpan: Span, service: ComposeMap): WorkloadService {
    const deploy = this.mapping(get(service, 'deploy'), 'deploy');
    const resources = this.mapping(get(deploy, 'resources'), 'deploy.resources');
    const limits = this.mapping(get(resources, 'limits'), 'deploy.resources.limits');
    const reservations = this.mapping(get(resources, 'reservations'), 'deploy.resources.reservations');
    const placement = this.mapping(get(deploy, 'placement'), 'deploy.placement');

    const cpu = this.cpu(service, limits, reservations);
    const memory = this.memory(service, limits, reservations);
    const genericResources: Record<string, number> = {};
    const gpu = this.gpu(service, reservations, genericResources);
    const maxReplicasPerNode = this.maxReplicasPerNode(placement);
    const image = text(get(service, 'image'));
    const build = this.build(get(service, 'build'));
    const command = this.command(get(service, 'command'));
    const environment = environmentValues(get(service, 'environment'));
    return {
      name,
      range: spanRange(keySpan),
      ...(image === undefined ? {} : { image }),
      ...(build === undefined ? {} : { build }),
      ...(command === undefined ? {} : { command }),
      ...(environment === undefined ? {} : { environment }),
      profiles: this.strings(get(service, 'profiles'), 'profiles') ?? [],
      replicas: this.replicas(service, deploy),
      cpuMillis: cpu.request,
      memoryBytes: memory.request,
      ...(cpu.limit === undefined ? {} : { cpuLimitMillis: cpu.limit }),
      ...(memory.limit === undefined ? {} : { memoryLimitBytes: memory.limit }),
      ...(gpu === undefined ? {} : { gpu }),
      genericResources,
      constraints: this.constraints(placement),
      ...(maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode }),
      berth: this.berth(get(service, 'x-berth')),
      ranges: this.ranges,
    };
  }

  private replicas(service: ComposeMap, deploy: ComposeMap | undefined): number {
    const mode = get(deploy, 'mode');
    const modeText = text(mode);
    if (mode !== undefined && modeText === 'global') {
      const message = '`mode: global` runs one task on every node; Berth plans it as the replicas below (1 by default)';
      this.report(diagnosticAt(mode.span, 'info', 'global-mode', message));
    } else if (mode !== undefined && !['replicated', 'global', 'replicated-job', 'global-job'].includes(modeText ?? '')) {
      this.report(diagnosticAt(mode.span, 'warning', 'invalid-mode', '`deploy.mode` is `replicated`, `global`, `replicated-job` or `global-job`'));
    }
    const fromDeploy = this.wholeNumber(get(deploy, 'replicas'), 'deploy.replicas', 'invalid-replicas', 0, MAX_REPLICAS);
    const fromScale = this.wholeNumber(get(service, 'scale'), 'scale', 'invalid-replicas', 0, MAX_REPLICAS);
    if (fromDeploy !== undefined && fromScale !== undefined && fromDeploy.value !== fromScale.value) {
      const values = `\`scale: ${fromScale.value}\` and \`deploy.replicas: ${fromDeploy.value}\``;
      const message = `${values} differ; compose refuses distinct values (Berth uses deploy.replicas)`;
      this.report(diagnosticAt(fromScale.span, 'warning', 'conflicting-replicas', message));
    }
    const chosen = fromDeploy ?? fromScale;
    if (chosen === undefined) return 1;
    this.ranges.replicas = spanRange(chosen.span);
    return chosen.value;
  }

  private cpu(service: ComposeMap, limits: ComposeMap | undefined, reservations: ComposeMap | undefined): { request: number; limit?: number } {
    const reservation = this.quantity(get(reservations, 'cpus'), 'deploy.resources.reservations.cpus', 'invalid-cpus', parseCpuMillis);
    const deployLimit = this.quantity(get(limits, 'cpus'), 'deploy.resources.limits.cpus', 'invalid-cpus', parseCpuMillis);
    const serviceLimit = this.quantity(get(service, 'cpus'), 'cpus', 'invalid-cpus', parseCpuMillis);
    this.conflict(deployLimit, serviceLimit, 'cpus', 'deploy.resources.limits.cpus');
    const count = this.wholeNumber(get(service, 'cpu_count'), 'cpu_count', 'invalid-cpus', 0, MAX_REPLICAS);
    const countLimit = count === undefined ? undefined : { value: count.value * 1000, span: count.span };
    // Docker reads a CPU limit of 0 as no limit.
    const limit = [deployLimit, serviceLimit, countLimit].find((q) => q !== undefined && q.value > 0);
    return this.requestAndLimit(reservation, limit, 'cpus', 'CPU');
  }

  private memory(service: ComposeMap, limits: ComposeMap | undefined, reservations: ComposeMap | undefined): { request: number; limit?: number } {
    const deployReservation = this.memoryQuantity(get(reservations, 'memory'), 'deploy.resources.reservations.memory');
    const serviceReservation = this.memoryQuantity(get(service, 'mem_reservation'), 'mem_reservation');
    const deployLimit = this.memoryQuantity(get(limits, 'memory'), 'deploy.resources.limits.memory');
    const serviceLimit = this.memoryQuantity(get(service, 'mem_limit'), 'mem_limit');
    this.conflict(deployReservation, serviceReservation, 'mem_reservation', 'deploy.resources.reservations.memory');
    this.conflict(deployLimit, serviceLimit, 'mem_limit', 'deploy.resources.limits.memory');
    const limit = [deployLimit, serviceLimit].find((q) => q !== undefined && q.value > 0);
    return this.requestAndLimit(deployReservation ?? serviceReservation, limit, 'memory', 'memory');
  }

  private requestAndLimit(
    reservation: Quantity | undefined,
    limit: Quantity | undefined,
    range: 'cpus' | 'memory',
    what: string,
  ): { request: number; limit?: number } {
    if (reservation !== undefined && limit !== undefined && reservation.value > limit.value) {
      const message = `the ${what} reservation is larger than the ${what} limit; Docker refuses to start it`;
      this.report(diagnosticAt(reservation.span, 'warning', 'reservation-exceeds-limit', message));
    }
    const request = reservation ?? limit;
    if (request !== undefined) this.ranges[range] = spanRange(request.span);
    return { request: request?.value ?? 0, ...(limit === undefined ? {} : { limit: limit.value }) };
  }

  private conflict(deploy: Quantity | undefined, legacy: Quantity | undefined, legacyName: string, deployName: string): void {
    if (deploy === undefined || legacy === undefined || deploy.value === legacy.value) return;
    const message = `\`${legacyName}\` and \`${deployName}\` differ; compose refuses conflicting values (Berth uses ${deployName})`;
    this.report(diagnosticAt(legacy.span, 'warning', 'conflicting-resources', message));
  }

  private memoryQuantity(value: ComposeValue | undefined, what: string): Quantity | undefined {
    const quantity = this.quantity(value, what, 'invalid-memory', parseMemoryBytes);
    const unitless = value?.kind === 'scalar' && /^\s*\d+\s*$/.test(String(value.value));
    if (value !== undefined && quantity !== undefined && unitless && quantity.value > 0 && quantity.value < DOCKER_MIN_MEMORY_BYTES) {
      const shown = quantity.value;
      const message = `\`${shown}\` is ${shown} bytes; Docker needs at least 6 MiB. Did you mean \`${shown}m\`?`;
      this.report(diagnosticAt(value.span, 'warning', 'tiny-memory', message));
    }
    return quantity;
  }

  private gpu(service: ComposeMap, reservations: ComposeMap | undefined, generic: Record<string, number>): GpuRequest | undefined {
    const parts: GpuPart[] = [];
    for (const item of this.list(get(reservations, 'devices'), 'deploy.resources.reservations.devices') ?? []) {
      const device = this.mapping(item, 'a device reservation');
      if (device === undefined) continue;
      const capabilities = this.strings(get(device, 'capabilities'), 'capabilities');
      if (capabilities === undefined) {
        this.report(diagnosticAt(device.span, 'error', 'invalid-device-request', 'a device reservation needs `capabilities` (`[gpu]` for GPUs)'));
        continue;
      }
      if (!capabilities.includes('gpu')) continue;
      const part = this.gpuPart(device, capabilities, 'devices');
      if (part !== undefined) parts.push(part);
    }
    const gpus = get(service, 'gpus');
    if (gpus?.kind === 'scalar' && gpus.value === 'all') {
      parts.push({ count: 'all', deviceIds: [], capabilities: ['gpu'], source: 'gpus', span: gpus.span });
    } else if (gpus?.kind === 'seq') {
      for (const item of gpus.items) {
        const request = this.mapping(item, 'a `gpus` entry');
        if (request === undefined) continue;
        const part = this.gpuPart(request, this.strings(get(request, 'capabilities'), 'capabilities') ?? ['gpu'], 'gpus');
        if (part !== undefined) parts.push(part);
      }
    } else if (gpus !== undefined) {
      this.report(diagnosticAt(gpus.span, 'error', 'invalid-gpus', '`gpus` takes `all` or a list of device requests (`- count: 2`)'));
    }
    parts.push(...this.genericResources(reservations, generic));
    const runtime = get(service, 'runtime');
    if (parts.length === 0 && runtime !== undefined && text(runtime) === 'nvidia') {
      const part = this.nvidiaRuntime(service, runtime.span);
      if (part !== undefined) parts.push(part);
    }
    return this.combine(parts);
  }

  private gpuPart(request: ComposeMap, capabilities: readonly string[], source: GpuRequest['source']): GpuPart | undefined {
    const countValue = get(request, 'count');
    const idsValue = get(request, 'device_ids');
    const deviceIds = this.strings(idsValue, 'device_ids');
    let count = countValue === undefined ? undefined : this.gpuCount(countValue);
    if (countValue !== undefined && count === undefined && deviceIds === undefined) return undefined;
    if (countValue !== undefined && deviceIds !== undefined) {
      const message = '`count` and `device_ids` cannot both be set; Berth uses device_ids';
      this.report(diagnosticAt(countValue.span, 'error', 'gpu-count-and-device-ids', message));
    }
    if (deviceIds !== undefined) count = deviceIds.length;
    const driver = text(get(request, 'driver'));
    const withDriver = driver === undefined ? {} : { driver };
    return { count: count ?? 'all', deviceIds: deviceIds ?? [], capabilities, ...withDriver, source, span: request.span };
  }

  private gpuCount(value: ComposeValue): number | 'all' | undefined {
    const written = value.kind === 'scalar' ? String(value.value).trim() : undefined;
    if (written === 'all' || written === '-1') return 'all';
    if (written !== undefined && /^\d+$/.test(written) && Number(written) <= MAX_REPLICAS) return Number(written);
    const shown = written ?? (value.kind === 'seq' ? 'a list' : 'a mapping');
    this.report(diagnosticAt(value.span, 'error', 'invalid-gpu-count', `\`count\` is a whole number of GPUs or \`all\`, not \`${shown}\``));
    return undefined;
  }

  /** Swarm's `generic_resources`: GPU kinds become the GPU request, other kinds are summed by kind. */
  private genericResources(reservations: ComposeMap | undefined, generic: Record<string, number>): GpuPart[] {
    const parts: GpuPart[] = [];
    for (const item of this.list(get(reservations, 'generic_resources'), 'generic_resources') ?? []) {
      const spec = this.mapping(get(this.mapping(item, 'a generic resource'), 'discrete_resource_spec'), 'discrete_resource_spec');
      if (spec === undefined) continue;
      const kind = text(get(spec, 'kind'));
      if (kind === undefined || kind.trim() === '') {
        this.report(diagnosticAt(spec.span, 'error', 'invalid-generic-resource', 'a `discrete_resource_spec` needs a `kind`'));
        continue;
      }
      const amount = this.wholeNumber(get(spec, 'value'), `${kind} value`, 'invalid-generic-resource', 0, MAX_REPLICAS);
      if (amount === undefined) {
        if (get(spec, 'value') === undefined) {
          this.report(diagnosticAt(spec.span, 'error', 'invalid-generic-resource', `\`${kind}\` needs a \`value\``));
        }
        continue;
      }
      if (GPU_KINDS.has(kind.toLowerCase())) {
        parts.push({ count: amount.value, deviceIds: [], capabilities: ['gpu'], source: 'generic_resources', span: spec.span });
      } else generic[kind] = (generic[kind] ?? 0) + amount.value;
    }
    return parts;
  }

  /** Legacy `runtime: nvidia` exposes the GPUs NVIDIA_VISIBLE_DEVICES names, every one when it is unset. */
  private nvidiaRuntime(service: ComposeMap, span: Span): GpuPart | undefined {
    const visible = environmentValue(get(service, 'environment'), 'NVIDIA_VISIBLE_DEVICES')?.trim();
    if (visible === 'none' || visible === 'void' || visible === '') return undefined;
    const deviceIds = visible === undefined || visible === 'all' ? [] : visible.split(',').map((id) => id.trim()).filter((id) => id !== '');
    const count = deviceIds.length === 0 ? 'all' : deviceIds.length;
    const what = count === 'all' ? 'every GPU of its node; Berth counts it as all GPUs' : `GPUs ${deviceIds.join(', ')} (NVIDIA_VISIBLE_DEVICES)`;
    const message = `legacy \`runtime: nvidia\` gives the container ${what}. \`deploy.resources.reservations.devices\` states it explicitly`;
    this.report(diagnosticAt(span, 'info', 'runtime-nvidia', message));
    return { count, deviceIds, capabilities: ['gpu'], driver: 'nvidia', source: 'runtime', span };
  }

  /** Several requests add up (each is a separate device request to the engine); `all` takes everything. */
  private combine(parts: readonly GpuPart[]): GpuRequest | undefined {
    const [first] = parts;
    if (first === undefined) return undefined;
    this.ranges.gpus = spanRange(first.span);
    const { span, ...request } = first;
    if (parts.length === 1) return { ...request, range: spanRange(span) };
    const count = parts.some((p) => p.count === 'all') ? 'all' : parts.reduce((sum, p) => sum + (p.count === 'all' ? 0 : p.count), 0);
    return {
      ...request,
      count,
      deviceIds: parts.flatMap((p) => p.deviceIds),
      capabilities: [...new Set(parts.flatMap((p) => p.capabilities))],
      range: spanRange(span),
    };
  }

  private constraints(placement: ComposeMap | undefined): PlacementConstraint[] {
    const value = get(placement, 'constraints');
    const items = this.list(value, 'deploy.placement.constraints');
    if (value === undefined || items === undefined) return [];
    this.ranges.constraints = spanRange(value.span);
    const constraints: PlacementConstraint[] = [];
    for (const item of items) {
      const written = item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
      if (written === undefined) {
        this.report(diagnosticAt(item.span, 'error', 'invalid-constraint', 'a constraint is a string such as `node.labels.gpu == h100`'));
        continue;
      }
      const parsed = parsePlacementConstraint(written);
      if ('error' in parsed) {
        this.report(diagnosticAt(item.span, 'error', 'invalid-constraint', parsed.error));
        continue;
      }
      if (parsed.warning !== undefined) this.report(diagnosticAt(item.span, 'warning', 'unknown-constraint-key', parsed.warning));
      constraints.push({ key: parsed.key, op: parsed.op, value: parsed.value, range: spanRange(item.span) });
    }
    return constraints;
  }

  private maxReplicasPerNode(placement: ComposeMap | undefined): number | undefined {
    const max = this.wholeNumber(get(placement, 'max_replicas_per_node'), 'max_replicas_per_node', 'invalid-max-replicas-per-node', 0, MAX_REPLICAS);
    // Swarm reads 0 as no limit.
    if (max === undefined || max.value === 0) return undefined;
    this.ranges.maxReplicasPerNode = spanRange(max.span);
    return max.value;
  }

  private berth(value: ComposeValue | undefined): BerthServiceExtension {
    const berth = this.mapping(value, 'x-berth');
    if (berth === undefined) return {};
    this.ranges['x-berth'] = spanRange(berth.span);
    const result: { priority?: number; gang?: string; pin?: string[]; gpuMemoryBytes?: number } = {};
    for (const [key, entry] of berth.entries) {
      const v = entry.value;
      if (v.tag === '!reset' || (v.kind === 'scalar' && v.value === null)) continue;
      if (key === 'priority') {
        const priority = v.kind === 'scalar' && String(v.value).trim() !== '' ? Number(v.value) : NaN;
        if (Number.isFinite(priority) && priority >= 0) result.priority = priority;
        else this.report(diagnosticAt(v.span, 'error', 'invalid-x-berth', '`priority` is a number, 0 or more (higher is placed first)'));
      } else if (key === 'gang') {
        const gang = text(v)?.trim();
        if (gang) result.gang = gang;
        else this.report(diagnosticAt(v.span, 'error', 'invalid-x-berth', '`gang` is a name shared by the services placed all together'));
      } else if (key === 'pin') {
        const pin = v.kind === 'seq' ? this.strings(v, 'pin') : [text(v)].filter((s) => s !== undefined);
        if (pin !== undefined && pin.length > 0 && pin.every((n) => n.trim() !== '')) result.pin = pin.map((n) => n.trim());
        else this.report(diagnosticAt(v.span, 'error', 'invalid-x-berth', '`pin` is a node name or a list of node names'));
      } else if (key === 'gpu-memory') {
        const bytes = this.quantity(v, 'gpu-memory', 'invalid-x-berth', parseMemoryBytes);
        if (bytes !== undefined) result.gpuMemoryBytes = bytes.value;
      } else if (!key.startsWith('x-')) {
        const near = BERTH_KEYS.find((k) => k.replace('-', '_') === key || k.replace('-', '') === key.toLowerCase());
        const hint = near === undefined ? `Berth reads ${BERTH_KEYS.map((k) => `\`${k}\``).join(', ')}` : `did you mean \`${near}\`?`;
        this.report(diagnosticAt(entry.keySpan, 'warning', 'unknown-key', `unknown key \`${key}\` in \`x-berth\`; ${hint}`));
      }
    }
    return result;
  }

  private build(value: ComposeValue | undefined): WorkloadService['build'] {
    if (value === undefined) return undefined;
    if (value.kind === 'scalar') return { context: text(value) ?? '.' };
    const build = this.mapping(value, 'build');
    if (build === undefined) return undefined;
    const dockerfile = text(get(build, 'dockerfile'));
    return { context: text(get(build, 'context')) ?? '.', ...(dockerfile === undefined ? {} : { dockerfile }) };
  }

  private quantity(
    value: ComposeValue | undefined,
    what: string,
    code: string,
    parse: (input: string | number) => ParsedQuantity,
  ): Quantity | undefined {
    if (value === undefined) return undefined;
    if (value.kind !== 'scalar' || (typeof value.value !== 'string' && typeof value.value !== 'number')) {
      this.report(diagnosticAt(value.span, 'error', code, `\`${what}\` takes a number or a string`));
      return undefined;
    }
    const parsed = parse(value.value);
    if ('error' in parsed) {
      this.report(diagnosticAt(value.span, 'error', code, `${what}: ${parsed.error}`));
      return undefined;
    }
    if (parsed.warning !== undefined) this.report(diagnosticAt(value.span, 'warning', code, `${what}: ${parsed.warning}`));
    return { value: parsed.value, span: value.span };
  }

  private wholeNumber(value: ComposeValue | undefined, what: string, code: string, min: number, max: number): Quantity | undefined {
    if (value === undefined) return undefined;
    const written = value.kind === 'scalar' ? String(value.value).trim() : undefined;
    const n = written !== undefined && /^-?\d+$/.test(written) ? Number(written) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return { value: n, span: value.span };
    const shown = written === undefined ? (value.kind === 'seq' ? 'a list' : 'a mapping') : written === '' ? 'empty' : `\`${written}\``;
    this.report(diagnosticAt(value.span, 'error', code, `\`${what}\` is a whole number from ${min} to ${max}, not ${shown}`));
    return undefined;
  }

  private mapping(value: ComposeValue | undefined, what: string): ComposeMap | undefined {
    if (value === undefined) return undefined;
    if (value.kind === 'map') return value;
    this.report(diagnosticAt(value.span, 'error', 'wrong-type', `\`${what}\` must be a mapping`));
    return undefined;
  }

  private list(value: ComposeValue | undefined, what: string): readonly ComposeValue[] | undefined {
    if (value === undefined) return undefined;
    if (value.kind === 'seq') return value.items;
    this.report(diagnosticAt(value.span, 'error', 'wrong-type', `\`${what}\` must be a list`));
    return undefined;
  }

  /** `command` as a list, or a string split into words as compose does. */
  private command(value: ComposeValue | undefined): string[] | undefined {
    if (value?.kind === 'scalar') {
      const words = splitCommand(text(value) ?? '');
      if (Array.isArray(words)) return words;
      this.report(diagnosticAt(value.span, 'error', 'invalid-command', `\`command\`: ${words.error}`));
      return undefined;
    }
    return this.strings(value, 'command');
  }

  /** A list of strings (numbers read as their text); a lone string is accepted as a list of one. */
  private strings(value: ComposeValue | undefined, what: string): string[] | undefined {
    if (value === undefined) return undefined;
    if (value.kind === 'scalar') {
      const single = text(value);
      if (single !== undefined) return [single];
    }
    const items = this.list(value, what);
    if (items === undefined) return undefined;
    const strings: string[] = [];
    for (const item of items) {
      const s = text(item);
      if (s === undefined) this.report(diagnosticAt(item.span, 'error', 'wrong-type', `\`${what}\` entries must be strings`));
      else strings.push(s);
    }
    return strings;
  }
}

/** `environment` as a mapping or as `KEY=value` lines; names without a value come from the shell and are left out. */
function environmentValues(environment: ComposeValue | undefined): Record<string, string> | undefined {
  if (environment === undefined) return undefined;
  const values: Record<string, string> = {};
  if (environment.kind === 'map') {
    for (const [name, entry] of environment.entries) {
      const value = text(entry.value);
      if (value !== undefined) values[name] = value;
    }
  } else if (environment.kind === 'seq') {
    for (const item of environment.items) {
      const line = text(item);
      const eq = line?.indexOf('=') ?? -1;
      if (line !== undefined && eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return values;
}

/** A value that is there: absent, `null` and `!reset` all mean "not set". */
function get(map: ComposeMap | undefined, key: string): ComposeValue | undefined {
  const value = map?.entries.get(key)?.value;
  if (value === undefined || value.tag === '!reset' || (value.kind === 'scalar' && value.value === null)) return undefined;
  return value;
}

function text(value: ComposeValue | undefined): string | undefined {
  if (value?.kind !== 'scalar' || value.value === null) return undefined;
  return String(value.value);
}

/** `environment` as a mapping or as `KEY=value` lines. */
function environmentValue(environment: ComposeValue | undefined, name: string): string | undefined {
  // `NAME:` without a value passes the shell's value through, which Berth cannot know.
  if (environment?.kind === 'map') return text(environment.entries.get(name)?.value);
  if (environment?.kind !== 'seq') return undefined;
  let found: string | undefined;
  for (const item of environment.items) {
    const line = text(item);
    if (line?.startsWith(`${name}=`)) found = line.slice(name.length + 1);
  }
  return found;
}
