// Compose's merge rules for one service (files given with -f, and `extends`): mappings merge, sequences append, scalars are
// replaced; `command`, `entrypoint` and `healthcheck.test` are replaced whole; ports, volumes, secrets, configs, expose,
// profiles and environment keep one entry per key; `!reset` drops a value and `!override` replaces it.
import type { ComposeEntry, ComposeMap, ComposeScalar, ComposeSeq, ComposeValue } from './composeValue';

const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test']);
/** Written as a mapping or as `KEY=value` lines; merged as lines when the two files disagree on the form. */
const KEY_VALUE = new Set(['environment', 'labels', 'annotations', 'sysctls', 'build.args', 'build.labels', 'deploy.labels']);

type ItemKey = (item: ComposeValue) => string | undefined;

const scalarText = (item: ComposeValue): string | undefined =>
  item.kind === 'scalar' && item.value !== null ? String(item.value) : undefined;
const field = (item: ComposeValue, key: string): string | undefined => {
  if (item.kind !== 'map') return undefined;
  const value = item.entries.get(key)?.value;
  return value === undefined ? undefined : scalarText(value);
};

const UNIQUE: ReadonlyMap<string, ItemKey> = new Map<string, ItemKey>([
  ['profiles', scalarText],
  ['expose', scalarText],
  ['environment', (item) => scalarText(item)?.split('=')[0]],
  [
    'ports',
    (item) => {
      if (item.kind !== 'map') return scalarText(item);
      return `${field(item, 'host_ip') ?? ''}:${field(item, 'published') ?? ''}:${field(item, 'target') ?? ''}/${field(item, 'protocol') ?? 'tcp'}`;
    },
  ],
  [
    'volumes',
    (item) => {
      if (item.kind === 'map') return field(item, 'target');
      const parts = scalarText(item)?.split(':');
      return parts === undefined ? undefined : (parts[1] ?? parts[0]);
    },
  ],
  ['secrets', (item) => (item.kind === 'map' ? (field(item, 'target') ?? field(item, 'source')) : scalarText(item))],
  ['configs', (item) => (item.kind === 'map' ? (field(item, 'target') ?? field(item, 'source')) : scalarText(item))],
]);

/**
 * `override` laid over `base` at `path` (dotted, relative to the service: `''` for the service itself, `deploy.resources`).
 * Undefined when `override` is `!reset`.
 */
export function mergeComposeValues(base: ComposeValue, override: ComposeValue, path: string): ComposeValue | undefined {
  if (override.tag === '!reset') return undefined;
  if (override.tag === '!override' || REPLACED.has(path)) return override;
  if (path === 'build') return mergeMaps(buildMapping(base), buildMapping(override), path);
  if (KEY_VALUE.has(path) && base.kind !== override.kind) return appendUnique(keyValueLines(base), keyValueLines(override), UNIQUE.get(path));
  if (base.kind === 'map' && override.kind === 'map') return mergeMaps(base, override, path);
  if (base.kind === 'seq' && override.kind === 'seq') return appendUnique(base, override, UNIQUE.get(path));
  return override;
}

function mergeMaps(base: ComposeMap, override: ComposeMap, path: string): ComposeMap {
  const entries = new Map<string, ComposeEntry>(base.entries);
  for (const [key, entry] of override.entries) {
    const existing = entries.get(key);
    if (existing === undefined) {
      if (entry.value.tag !== '!reset') entries.set(key, entry);
      continue;
    }
    const merged = mergeComposeValues(existing.value, entry.value, path === '' ? key : `${path}.${key}`);
    if (merged === undefined) entries.delete(key);
    else entries.set(key, { keySpan: entry.keySpan, value: merged });
  }
  return { kind: 'map', entries, span: override.span };
}

/** Later entries replace earlier ones with the same key, in the earlier one's place (compose's EnforceUnicity). */
function appendUnique(base: ComposeSeq, override: ComposeSeq, keyOf: ItemKey | undefined): ComposeSeq {
  if (keyOf === undefined) return { kind: 'seq', items: [...base.items, ...override.items], span: override.span };
  const items: ComposeValue[] = [];
  const indexByKey = new Map<string, number>();
  for (const item of [...base.items, ...override.items]) {
    const key = keyOf(item);
    const index = key === undefined ? undefined : indexByKey.get(key);
    if (index !== undefined) {
      items[index] = item;
      continue;
    }
    if (key !== undefined) indexByKey.set(key, items.length);
    items.push(item);
  }
  return { kind: 'seq', items, span: override.span };
}

/** `build: ./dir` is `build: { context: ./dir }`. */
function buildMapping(value: ComposeValue): ComposeMap {
  if (value.kind === 'map') return value;
  return { kind: 'map', entries: new Map([['context', { keySpan: value.span, value }]]), span: value.span };
}

function keyValueLines(value: ComposeValue): ComposeSeq {
  if (value.kind === 'seq') return value;
  if (value.kind === 'scalar') return { kind: 'seq', items: [value], span: value.span };
  const items = [...value.entries].map(([key, entry]): ComposeScalar => {
    const text = entry.value.kind === 'scalar' && entry.value.value !== null ? `${key}=${String(entry.value.value)}` : key;
    return { kind: 'scalar', value: text, span: { ...entry.keySpan, end: entry.value.span.end } };
  });
  return { kind: 'seq', items, span: value.span };
}
