// What every compose check receives: the main file's raw YAML (values as written, before interpolation, so that a
// literal secret can be told from `${VAR}`), the merged workload, the lint context and a sink for findings.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ComposeDocument } from '../../compose/composeDocument';
import type { WorkloadService } from '../../compose/workload';
import type { FindingFix, FindingRange } from '../finding';
import type { ComposeLintContext } from '../lintCompose';

export interface RawService {
  readonly name: string;
  /** The service's key in the main file. */
  readonly keyRange: FindingRange;
  readonly map: YAMLMap;
  /** The merged service (every file, extends, interpolation); undefined when the reader dropped it. */
  readonly merged: WorkloadService | undefined;
  /** The service's maps in the other files read with it (overrides, `extends` targets), for keys set elsewhere. */
  readonly elsewhere: readonly { readonly doc: Document; readonly map: YAMLMap }[];
}

export interface ComposeCheck {
  readonly main: ComposeDocument;
  /** The main file's text when the reader kept it: suppression comments and line-exact edits need it. */
  readonly text: string | undefined;
  readonly context: ComposeLintContext;
  readonly services: readonly RawService[];
  enabled(ruleId: string): boolean;
  report(ruleId: string, message: string, range: FindingRange, fixes?: readonly FindingFix[]): void;
  /** A node's range in the main file: a pair from its key to the end of its value. */
  rangeOf(node: Node | Pair): FindingRange;
  /** 0-based line and column of an offset in the main file. */
  position(offset: number): { readonly line: number; readonly column: number };
}

/** A node with `<<: *alias` resolved one level (enough for compose's `x-` templates). */
export function resolveNode(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The pair of `key` in a map, looking through `<<` merge keys as compose does. */
export function pairOf(doc: Document, map: YAMLMap | undefined, key: string): Pair | undefined {
  if (!map) return undefined;
  let merged: Pair | undefined;
  for (const item of map.items) {
    const k = isScalar(item.key) ? item.key.value : item.key;
    if (k === key) return item;
    if (k === '<<' && merged === undefined) {
      const sources = resolveNode(doc, item.value);
      const maps = isSeq(sources) ? sources.items.map((s) => resolveNode(doc, s)) : [sources];
      for (const source of maps) {
        if (isMap(source)) merged ??= source.items.find((p) => isScalar(p.key) && p.key.value === key);
      }
    }
  }
  return merged;
}

export function mapAt(doc: Document, map: YAMLMap | undefined, ...path: string[]): YAMLMap | undefined {
  let current: YAMLMap | undefined = map;
  for (const key of path) {
    const value = resolveNode(doc, pairOf(doc, current, key)?.value);
    current = isMap(value) ? value : undefined;
  }
  return current;
}

export function seqAt(doc: Document, map: YAMLMap | undefined, key: string): YAMLSeq | undefined {
  const value = resolveNode(doc, pairOf(doc, map, key)?.value);
  return isSeq(value) ? value : undefined;
}

/** The items of a sequence node (aliases resolved); [] for anything else. */
export function itemsOf(doc: Document, node: unknown): unknown[] {
  const resolved = resolveNode(doc, node);
  return isSeq(resolved) ? resolved.items.map((i) => resolveNode(doc, i)) : [];
}

/** A scalar's value as text (`true`, `2`, `host`); undefined for collections and null. */
export function scalarText(doc: Document, node: unknown): string | undefined {
  const resolved = resolveNode(doc, node);
  if (!isScalar(resolved)) return undefined;
  const value: unknown = resolved.value;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : undefined;
}
