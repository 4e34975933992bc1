// Warns about keys compose does not know (a typo such as `replica:` silently does nothing), from the property names of the
// vendored compose-spec schema: a set lookup per key, cheap enough for every keystroke. `x-` keys are always allowed.
import schema from './schema/compose-spec.json';
import { diagnosticAt, type ComposeMap, type ComposeValue, type ReportDiagnostic } from './composeValue';

interface KnownKeys {
  readonly top: ReadonlySet<string>;
  readonly service: ReadonlySet<string>;
  readonly deploy: ReadonlySet<string>;
  readonly resources: ReadonlySet<string>;
  readonly limits: ReadonlySet<string>;
  readonly reservations: ReadonlySet<string>;
  readonly placement: ReadonlySet<string>;
  readonly device: ReadonlySet<string>;
  readonly genericResource: ReadonlySet<string>;
  readonly discreteResource: ReadonlySet<string>;
}

let known: KnownKeys | undefined;

/** The top-level keys of a compose file and, below them, each service's. */
export function checkComposeKeys(root: ComposeMap, report: ReportDiagnostic): void {
  const keys = knownKeys();
  checkMap(root, keys.top, 'the top level', report);
  const services = root.entries.get('services')?.value;
  if (services?.kind !== 'map') return;
  for (const entry of services.entries.values()) {
    if (entry.value.kind === 'map') checkServiceKeys(entry.value, report);
  }
}

export function checkServiceKeys(service: ComposeMap, report: ReportDiagnostic): void {
  const keys = knownKeys();
  checkMap(service, keys.service, 'a service', report, (key, allowed) => {
    // `replicas:` written beside `image:` instead of under `deploy:`.
    const deployKey = closest(key, keys.deploy);
    return nearest(key, allowed) ?? (deployKey === undefined ? undefined : `did you mean \`deploy.${deployKey}\`?`);
  });
  const deploy = mapAt(service, 'deploy');
  if (deploy === undefined) return;
  checkMap(deploy, keys.deploy, '`deploy`', report);
  const placement = mapAt(deploy, 'placement');
  if (placement) checkMap(placement, keys.placement, '`deploy.placement`', report);
  const resources = mapAt(deploy, 'resources');
  if (resources === undefined) return;
  checkMap(resources, keys.resources, '`deploy.resources`', report);
  const limits = mapAt(resources, 'limits');
  if (limits) checkMap(limits, keys.limits, '`deploy.resources.limits`', report, gpuHint);
  const reservations = mapAt(resources, 'reservations');
  if (reservations === undefined) return;
  checkMap(reservations, keys.reservations, '`deploy.resources.reservations`', report, gpuHint);
  for (const device of itemsAt(reservations, 'devices')) {
    if (device.kind === 'map') checkMap(device, keys.device, 'a device reservation', report);
  }
  for (const resource of itemsAt(reservations, 'generic_resources')) {
    if (resource.kind !== 'map') continue;
    checkMap(resource, keys.genericResource, 'a generic resource', report);
    const discrete = mapAt(resource, 'discrete_resource_spec');
    if (discrete) checkMap(discrete, keys.discreteResource, '`discrete_resource_spec`', report);
  }
  for (const request of itemsAt(service, 'gpus')) {
    if (request.kind === 'map') checkMap(request, keys.device, 'a `gpus` entry', report);
  }
}

type Suggest = (key: string, allowed: ReadonlySet<string>) => string | undefined;

const nearest: Suggest = (key, allowed) => {
  const near = closest(key, allowed);
  return near === undefined ? undefined : `did you mean \`${near}\`?`;
};

/** `gpus:` beside `cpus:` is one edit away from it, but means something else entirely. */
const gpuHint: Suggest = (key, allowed) =>
  /^gpus?$/i.test(key) ? 'GPUs are reserved with `devices` under `deploy.resources.reservations`' : nearest(key, allowed);

function checkMap(map: ComposeMap, allowed: ReadonlySet<string>, where: string, report: ReportDiagnostic, suggest: Suggest = nearest): void {
  for (const [key, entry] of map.entries) {
    if (allowed.has(key) || key.startsWith('x-')) continue;
    const hint = suggest(key, allowed);
    const message = `compose does not know \`${key}\` in ${where}${hint === undefined ? '' : `; ${hint}`}`;
    report(diagnosticAt(entry.keySpan, 'warning', 'unknown-key', message));
  }
}

function mapAt(map: ComposeMap, key: string): ComposeMap | undefined {
  const value = map.entries.get(key)?.value;
  return value?.kind === 'map' ? value : undefined;
}

function itemsAt(map: ComposeMap, key: string): readonly ComposeValue[] {
  const value = map.entries.get(key)?.value;
  return value?.kind === 'seq' ? value.items : [];
}

function knownKeys(): KnownKeys {
  if (known) return known;
  const definitions: unknown = schema.definitions;
  const deployment = ['deployment', 'properties'];
  known = {
    top: propertyNames(schema, 'properties'),
    service: propertyNames(definitions, 'service', 'properties'),
    deploy: propertyNames(definitions, ...deployment),
    resources: propertyNames(definitions, ...deployment, 'resources', 'properties'),
    limits: propertyNames(definitions, ...deployment, 'resources', 'properties', 'limits', 'properties'),
    reservations: propertyNames(definitions, ...deployment, 'resources', 'properties', 'reservations', 'properties'),
    placement: propertyNames(definitions, ...deployment, 'placement', 'properties'),
    device: propertyNames(definitions, 'devices', 'items', 'properties'),
    genericResource: propertyNames(definitions, 'generic_resources', 'items', 'properties'),
    discreteResource: propertyNames(definitions, 'generic_resources', 'items', 'properties', 'discrete_resource_spec', 'properties'),
  };
  return known;
}

function propertyNames(root: unknown, ...path: string[]): ReadonlySet<string> {
  let node = root;
  for (const step of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[step] : undefined;
  return new Set(typeof node === 'object' && node !== null ? Object.keys(node) : []);
}

/** The known key within two edits of a typo, if one is clearly nearest. */
function closest(key: string, allowed: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    if (Math.abs(candidate.length - key.length) >= bestDistance) continue;
    const d = editDistance(key.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
