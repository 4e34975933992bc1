// The compose tree Berth reads: YAML values after anchors, merge keys and interpolation, each with the span of text it came
// from, so that a value merged in from another file or an `extends` base still points at its own file.
import type { LineCounter } from 'yaml';
import { offsetsToRange } from './rangeOf';
import type { ComposeDiagnostic, ComposeDiagnosticSeverity, SourceRange } from './workload';

export interface ComposeSource {
  readonly path: string;
  readonly lineCounter: LineCounter;
}

/** Offsets into one source; turned into line and column only when a range is needed. */
export interface Span {
  readonly source: ComposeSource;
  readonly start: number;
  readonly end: number;
}

/** Compose's merge tags: `!reset` drops the inherited value, `!override` replaces it instead of merging. */
export type MergeTag = '!reset' | '!override';

export interface ComposeScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly span: Span;
  readonly tag?: MergeTag;
}

export interface ComposeEntry {
  readonly keySpan: Span;
  readonly value: ComposeValue;
}

export interface ComposeMap {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, ComposeEntry>;
  readonly span: Span;
  readonly tag?: MergeTag;
}

export interface ComposeSeq {
  readonly kind: 'seq';
  readonly items: readonly ComposeValue[];
  readonly span: Span;
  readonly tag?: MergeTag;
}

export type ComposeValue = ComposeScalar | ComposeMap | ComposeSeq;

export type ReportDiagnostic = (diagnostic: ComposeDiagnostic) => void;

export function spanRange(span: Span): SourceRange {
  return offsetsToRange(span.source.path, span.source.lineCounter, span.start, span.end);
}

export function diagnosticAt(span: Span, severity: ComposeDiagnosticSeverity, code: string, message: string): ComposeDiagnostic {
  return { severity, code, message, range: spanRange(span) };
}
