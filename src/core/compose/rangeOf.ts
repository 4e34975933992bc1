// Where a raw `yaml` node of a compose document sits, as a 0-based SourceRange.
import { isPair, type LineCounter, type Node, type Pair } from 'yaml';
import type { ComposeDocument } from './composeDocument';
import type { SourceRange } from './workload';

/** The node's text (a pair: from its key to the end of its value); a node without a position maps to the start of the file. */
export function rangeOf(doc: ComposeDocument, node: Node | Pair): SourceRange {
  let start: number | undefined;
  let end: number | undefined;
  if (isPair(node)) {
    const key = node.key as Partial<Node> | null;
    const value = node.value as Partial<Node> | null;
    start = key?.range?.[0] ?? value?.range?.[0];
    end = value?.range?.[1] ?? key?.range?.[1];
  } else {
    start = node.range?.[0];
    end = node.range?.[1];
  }
  return offsetsToRange(doc.path, doc.lineCounter, start ?? 0, end ?? start ?? 0);
}

/** Offsets in a file to a 0-based range (`LineCounter` counts from 1). */
export function offsetsToRange(file: string, lineCounter: LineCounter, start: number, end: number): SourceRange {
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(Math.max(start, end));
  return {
    file,
    startLine: Math.max(0, from.line - 1),
    startColumn: Math.max(0, from.col - 1),
    endLine: Math.max(0, to.line - 1),
    endColumn: Math.max(0, to.col - 1),
  };
}
