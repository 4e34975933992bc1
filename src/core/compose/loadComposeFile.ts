// Parses one compose file with `yaml` (offsets kept) into the compose tree: anchors and aliases resolved, YAML 1.1 `<<` merge
// keys applied, every string value interpolated. YAML errors become diagnostics at their place; nothing throws.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { ComposeDocument } from './composeDocument';
import {
  diagnosticAt,
  spanRange,
  type ComposeEntry,
  type ComposeMap,
  type ComposeSource,
  type ComposeValue,
  type MergeTag,
  type ReportDiagnostic,
  type Span,
} from './composeValue';
import { interpolate, type VariableLookup } from './interpolate';

export interface LoadedComposeFile {
  readonly document: ComposeDocument;
  readonly source: ComposeSource;
  /** Undefined for an empty file. */
  readonly root: ComposeValue | undefined;
}

interface ParsedText {
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/**
 * Parsing is most of the cost of a read, and most reads come from typing in one file while the others (the override, the
 * `extends` base) stay as they were: the last few texts per path keep their parse. Large files are not kept.
 */
const parseCache = new Map<string, ParsedText>();
const PARSE_CACHE_FILES = 16;
const PARSE_CACHE_MAX_CHARS = 512 * 1024;

function parse(path: string, text: string): ParsedText {
  const cached = parseCache.get(path);
  parseCache.delete(path);
  if (cached?.text === text) {
    parseCache.set(path, cached);
    return cached;
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are found by the tree builder in O(1) each; `yaml`'s own check is a linear scan per key.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false, uniqueKeys: false });
  const parsed = { text, document, lineCounter };
  if (text.length <= PARSE_CACHE_MAX_CHARS) {
    parseCache.set(path, parsed);
    const oldest = parseCache.keys().next();
    if (parseCache.size > PARSE_CACHE_FILES && oldest.done !== true) parseCache.delete(oldest.value);
  }
  return parsed;
}

/** The returned `document` may be shared with earlier reads of the same unchanged text: treat it as read-only. */
export function loadComposeFile(path: string, text: string, lookup: VariableLookup, report: ReportDiagnostic): LoadedComposeFile {
  const { document, lineCounter } = parse(path, text);
  const source: ComposeSource = { path, lineCounter };
  const at = (pos: readonly [number, number]): Span => ({ source, start: pos[0], end: Math.max(pos[0], pos[1]) });
  for (const error of document.errors) {
    if (error.code === 'MULTIPLE_DOCS') {
      const message = 'this file holds several YAML documents (`---`); Berth reads only the first';
      report(diagnosticAt(at(error.pos), 'warning', 'multiple-documents', message));
    } else report(diagnosticAt(at(error.pos), 'error', 'yaml-syntax', firstLine(error.message)));
  }
  for (const warning of document.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED' && /!(reset|override)\b/.test(warning.message)) continue;
    report(diagnosticAt(at(warning.pos), 'warning', 'yaml-warning', firstLine(warning.message)));
  }
  const converter = new TreeBuilder(source, text, lookup, report);
  const root = document.contents === null ? undefined : converter.value(document.contents);
  return { document: { path, document, lineCounter, text }, source, root };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

class TreeBuilder {
  /** Anchors seen so far in document order (an alias names the latest one before it); `null` while its node is being built. */
  private readonly anchors = new Map<string, ComposeValue | null>();

  constructor(
    private readonly source: ComposeSource,
    private readonly text: string,
    private readonly lookup: VariableLookup,
    private readonly report: ReportDiagnostic,
  ) {}

  value(node: unknown): ComposeValue {
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (target) return target;
      const span = this.span(node.range);
      // An unknown anchor is already a YAML error; a recursive one is not.
      if (target === null) this.report(diagnosticAt(span, 'error', 'yaml-syntax', `alias *${node.source} refers to the node that contains it`));
      return { kind: 'scalar', value: null, span };
    }
    const anchored = node as Partial<Node>;
    if (anchored.anchor !== undefined) this.anchors.set(anchored.anchor, null);
    let result: ComposeValue;
    if (isMap(node)) result = this.map(node);
    else if (isSeq(node)) {
      result = { kind: 'seq', items: node.items.map((item) => this.value(item)), span: this.span(node.range), ...mergeTag(node.tag) };
    }
    else if (isScalar(node)) result = this.scalar(node);
    else result = { kind: 'scalar', value: null, span: this.span(anchored.range) };
    if (anchored.anchor !== undefined) this.anchors.set(anchored.anchor, result);
    return result;
  }

  private map(node: YAMLMap): ComposeMap {
    const entries = new Map<string, ComposeEntry>();
    const explicit = new Set<string>();
    if (node.items.some((pair) => isScalar(pair.key) && isMergeKey(pair.key))) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && !isMergeKey(pair.key)) explicit.add(String(pair.key.value));
      }
    }
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && isMergeKey(key)) {
        this.merge(pair.value, entries, explicit);
        continue;
      }
      if (!isScalar(key)) {
        const span = this.span((key as Partial<Node> | null)?.range ?? node.range);
        this.report(diagnosticAt(span, 'error', 'yaml-syntax', 'compose keys must be plain strings'));
        continue;
      }
      const keySpan = this.span(key.range);
      const value = pair.value === null ? { kind: 'scalar' as const, value: null, span: { ...keySpan, start: keySpan.end } } : this.value(pair.value);
      const name = String(key.value);
      const earlier = entries.get(name);
      if (earlier !== undefined) {
        const line = spanRange(earlier.keySpan).startLine + 1;
        const message = `\`${name}\` is already defined on line ${line}; compose refuses duplicate keys`;
        this.report(diagnosticAt(keySpan, 'error', 'duplicate-key', message));
      }
      entries.set(name, { keySpan, value });
    }
    return { kind: 'map', entries, span: this.span(node.range), ...mergeTag(node.tag) };
  }

  /** `<<: *base` or `<<: [*a, *b]`: keys written in the mapping win, then earlier sources over later ones. */
  private merge(value: unknown, entries: Map<string, ComposeEntry>, explicit: ReadonlySet<string>): void {
    const sources = isSeq(value) ? value.items : [value];
    for (const item of sources) {
      const merged = this.value(item);
      if (merged.kind !== 'map') {
        this.report(diagnosticAt(merged.span, 'error', 'invalid-merge-key', 'a `<<` merge key takes a mapping or a list of mappings'));
        continue;
      }
      for (const [key, entry] of merged.entries) {
        if (!explicit.has(key) && !entries.has(key)) entries.set(key, entry);
      }
    }
  }

  private scalar(node: Scalar): ComposeValue {
    const span = this.span(node.range);
    const raw = node.value;
    let value: string | number | boolean | null;
    if (typeof raw === 'string') value = raw.includes('$') ? this.interpolate(raw, node, span) : raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) value = raw;
    // Only the core schema's types reach here; anything else (a custom tag) reads as its source text.
    else value = this.text.slice(span.start, span.end);
    return { kind: 'scalar', value, span, ...mergeTag(node.tag) };
  }

  private interpolate(template: string, node: Scalar, span: Span): string {
    const result = interpolate(template, this.lookup);
    if (result.problems.length === 0) return result.value;
    const offsetOf = templateOffsets(template, node, this.text.slice(span.start, span.end));
    for (const p of result.problems) {
      const start = offsetOf(p.start, p.end);
      const problemSpan: Span =
        start === undefined ? span : { source: this.source, start: span.start + start, end: span.start + start + (p.end - p.start) };
      this.report(diagnosticAt(problemSpan, p.severity, p.code, p.message));
    }
    return result.value;
  }

  /** A block collection's range runs on to the next line; the span stops at its last character. */
  private span(range: readonly number[] | null | undefined): Span {
    const start = range?.[0] ?? 0;
    let end = Math.max(start, range?.[1] ?? start);
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    return { source: this.source, start, end };
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isMergeKey(key: Scalar): boolean {
  return key.value === '<<' && (key.type === 'PLAIN' || key.type === undefined);
}

function mergeTag(tag: string | undefined): { tag?: MergeTag } {
  return tag === '!reset' || tag === '!override' ? { tag } : {};
}

/**
 * Where a piece of a scalar's value sits in its source text: exact for plain and quoted scalars written as they read,
 * else found by searching the source for the same characters; undefined (the whole scalar) when that fails.
 */
function templateOffsets(template: string, node: Scalar, raw: string): (start: number, end: number) => number | undefined {
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if (node.type === 'PLAIN' && raw === template) return (start) => start;
  if (quoted && raw.length === template.length + 2 && raw.slice(1, -1) === template) return (start) => start + 1;
  return (start, end) => {
    const found = raw.indexOf(template.slice(start, end));
    return found < 0 ? undefined : found;
  };
}
