// Source ranges for paths into a parsed YAML document, so values read from `toJS()` can be reported where they were
// written: follows aliases and `<<` merge keys, and falls back to the nearest enclosing node when a path has no node.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { SourceRange } from '../../compose/workload';

export type YamlPath = readonly (string | number)[];

export class YamlLocator {
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** A range from character offsets. */
  offsets(start: number, end: number): SourceRange {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start, end));
    return { file: this.file, startLine: from.line - 1, startColumn: from.col - 1, endLine: to.line - 1, endColumn: to.col - 1 };
  }

  /** Where the value at `path` is written, or (part `key`) its key; else the closest enclosing node that exists. */
  range(path: YamlPath, part: 'key' | 'value' = 'value'): SourceRange {
    const exact = this.find(path);
    const own = part === 'key' ? (exact?.key ?? exact?.value) : (exact?.value ?? exact?.key);
    if (own?.range) return this.offsets(own.range[0], own.range[1]);
    for (let depth = path.length - 1; depth >= 0; depth--) {
      const node = this.find(path.slice(0, depth))?.value;
      if (node?.range) return this.offsets(node.range[0], node.range[1]);
    }
    return this.offsets(0, 0);
  }

  private find(path: YamlPath): { key?: Node; value?: Node } | undefined {
    let value = this.resolve(this.doc.contents);
    let key: Node | undefined;
    for (const segment of path) {
      if (typeof segment === 'number') {
        if (!isSeq(value)) return undefined;
        key = undefined;
        value = this.resolve(value.items[segment]);
      } else {
        if (!isMap(value)) return undefined;
        const pair = this.pairIn(value, segment, 0);
        if (!pair) return undefined;
        key = isScalar(pair.key) ? pair.key : undefined;
        value = this.resolve(pair.value);
      }
      if (!value) return { ...(key ? { key } : {}) };
    }
    return { ...(key ? { key } : {}), ...(value ? { value } : {}) };
  }

  /** The pair for `key`, looking through `<<: *base` merges as `toJS()` does (own keys first). */
  private pairIn(map: Node, key: string, depth: number): Pair | undefined {
    if (!isMap(map) || depth > 10) return undefined;
    const own = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (own) return own;
    for (const p of map.items) {
      // With merge keys on, yaml reads `<<` as a symbol; its source text is still `<<`.
      if (!isScalar(p.key) || (p.key.source !== '<<' && p.key.value !== '<<')) continue;
      const sources = isSeq(p.value) ? p.value.items : [p.value];
      for (const source of sources) {
        const found = this.pairIn(this.resolve(source) as Node, key, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private resolve(node: unknown): Node | undefined {
    if (isAlias(node)) return node.resolve(this.doc);
    return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
  }
}
