// Applies a fix's edits to a text, as the editor would: positions are 0-based line:column, later edits first.
import type { FindingEdit } from '../../../src/core/lint/finding';

export function applyEdits(text: string, edits: readonly FindingEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (line: number, column: number): number => {
    const start = lineStarts[line];
    if (start === undefined) return text.length;
    const next = lineStarts[line + 1] ?? text.length + 1;
    return Math.min(start + column, next - 1);
  };
  const sorted = [...edits].sort((a, b) => b.range.startLine - a.range.startLine || b.range.startColumn - a.range.startColumn);
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, offset(e.range.startLine, e.range.startColumn)) + e.newText + out.slice(offset(e.range.endLine, e.range.endColumn));
  }
  return out;
}
