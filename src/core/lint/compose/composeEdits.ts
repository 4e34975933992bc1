// Quick-fix edits on compose YAML that keep the file valid: remove a key (whole lines, or up to the next key inside a
// `- ` item) and add a key at the indentation of its siblings. Block style only; no edit where the text is not known.
import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FindingEdit, FindingRange } from '../finding';
import type { ComposeCheck } from './composeCheck';

function start(node: unknown): number | undefined {
  return (node as Partial<Node> | null)?.range?.[0];
}

function end(node: unknown): number | undefined {
  return (node as Partial<Node> | null)?.range?.[1];
}

/** True when only spaces stand between the start of the offset's line and the offset. */
function firstOnLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}

/** True when only spaces or a comment follow the offset on its line. */
function lastOnLine(text: string, offset: number): boolean {
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd < 0 ? text.length : lineEnd).trim();
  return rest === '' || rest.startsWith('#');
}

export function deletePairEdit(check: ComposeCheck, map: YAMLMap, pair: Pair): FindingEdit | undefined {
  const text = check.text;
  const keyStart = start(pair.key);
  const valueEnd = end(pair.value) ?? end(pair.key);
  if (text === undefined || map.flow === true || keyStart === undefined || valueEnd === undefined || !map.items.includes(pair)) return undefined;
  if (map.items.length === 1) return undefined; // an empty service or device would mean something else
  const from = check.position(keyStart);
  if (firstOnLine(text, keyStart) && lastOnLine(text, valueEnd)) {
    const last = check.position(valueEnd).line;
    const lines = text.split('\n').length;
    const range: FindingRange =
      last + 1 < lines
        ? { startLine: from.line, startColumn: 0, endLine: last + 1, endColumn: 0 }
        : { startLine: from.line, startColumn: 0, endLine: last, endColumn: (text.split('\n')[last] ?? '').length };
    return { range, newText: '' };
  }
  // `- count: 1` opens a list item: take the key up to the next key, which moves up behind the dash.
  const next = map.items[map.items.indexOf(pair) + 1];
  const nextStart = start(next?.key);
  if (nextStart === undefined || !firstOnLine(text, nextStart) || !lastOnLine(text, valueEnd)) return undefined;
  const to = check.position(nextStart);
  return { range: { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column }, newText: '' };
}

/** Adds `key: value` to a block map, on its own line at the indentation of the map's keys. */
export function insertPairEdit(check: ComposeCheck, map: YAMLMap, line: string): FindingEdit | undefined {
  const text = check.text;
  if (text === undefined || map.flow === true || map.items.length === 0) return undefined;
  // Before the first key that starts its own line (not the one after a list item's dash).
  for (const pair of map.items) {
    const keyStart = start(pair.key);
    if (keyStart === undefined || !isScalar(pair.key) || !firstOnLine(text, keyStart)) continue;
    const at = check.position(keyStart);
    return { range: { startLine: at.line, startColumn: 0, endLine: at.line, endColumn: 0 }, newText: `${' '.repeat(at.column)}${line}\n` };
  }
  // A one-key list item (`- driver: nvidia`): after its line, at its key's column.
  const only = map.items[0];
  const keyStart = start(only?.key);
  const valueEnd = end(only?.value);
  if (keyStart === undefined || valueEnd === undefined || !lastOnLine(text, valueEnd)) return undefined;
  const column = check.position(keyStart).column;
  const lineEnd = text.indexOf('\n', valueEnd);
  if (lineEnd < 0) {
    const last = check.position(text.length);
    return { range: { startLine: last.line, startColumn: last.column, endLine: last.line, endColumn: last.column }, newText: `\n${' '.repeat(column)}${line}` };
  }
  const next = check.position(lineEnd + 1);
  return { range: { startLine: next.line, startColumn: 0, endLine: next.line, endColumn: 0 }, newText: `${' '.repeat(column)}${line}\n` };
}
