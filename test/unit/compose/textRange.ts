// Test helper: where a piece of text sits in a file, found by searching the text itself (independently of the reader).
import * as assert from 'node:assert/strict';
import type { SourceRange } from '../../../src/core/compose/workload';

/** The 0-based range of the `occurrence`-th `needle` in `text` (single-line needles). */
export function textRange(file: string, text: string, needle: string, occurrence = 0): SourceRange {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `\`${needle}\` (#${occurrence}) is not in ${file}`);
  }
  const before = text.slice(0, offset).split('\n');
  const startLine = before.length - 1;
  const startColumn = (before[startLine] ?? '').length;
  return { file, startLine, startColumn, endLine: startLine, endColumn: startColumn + needle.length };
}
