// Reads a compose `.env` file: `KEY=value` lines, `#` comments, an optional `export ` prefix, single quotes (literal),
// double quotes (escapes, may span lines), inline ` # comments` after unquoted values, and `${VAR}` from earlier lines.
import { interpolate, type VariableLookup } from './interpolate';

export interface DotEnvProblem {
  /** Offsets into the file, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
}

export interface ParsedDotEnv {
  readonly variables: ReadonlyMap<string, string>;
  readonly problems: readonly DotEnvProblem[];
}

const KEY = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const EXPORT = /export[ \t]+/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$$' };

/** `environment` answers variables a line names without a value (`KEY` alone) and `${VAR}` not defined above. */
export function parseDotEnv(text: string, environment: VariableLookup): ParsedDotEnv {
  const variables = new Map<string, string>();
  const problems: DotEnvProblem[] = [];
  const lookup: VariableLookup = (name) => variables.get(name) ?? environment(name);
  let i = 0;
  while (i < text.length) {
    i = skipBlanks(text, i);
    const lineEnd = endOfLine(text, i);
    if (i >= lineEnd || text[i] === '#') {
      i = lineEnd + 1;
      continue;
    }
    EXPORT.lastIndex = i;
    if (EXPORT.test(text)) i = EXPORT.lastIndex;
    KEY.lastIndex = i;
    const key = KEY.exec(text)?.[0];
    if (key === undefined) {
      const message = 'expected `NAME=value` (a name starts with a letter or `_`); line ignored';
      problems.push({ start: i, end: lineEnd, severity: 'warning', code: 'dotenv-syntax', message });
      i = lineEnd + 1;
      continue;
    }
    const keyEnd = i + key.length;
    let at = skipBlanks(text, keyEnd);
    if (at >= lineEnd || text[at] === '#') {
      // A name alone passes the variable through from the environment, as `docker compose` does.
      const inherited = environment(key);
      if (inherited !== undefined) variables.set(key, inherited);
      i = lineEnd + 1;
      continue;
    }
    if (text[at] !== '=') {
      problems.push({ start: i, end: lineEnd, severity: 'warning', code: 'dotenv-syntax', message: `expected \`=\` after \`${key}\`; line ignored` });
      i = lineEnd + 1;
      continue;
    }
    at = skipBlanks(text, at + 1);
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const close = closingQuote(text, at + 1, quote);
      if (close < 0) {
        const message = `\`${key}\`: the ${quote} quote is never closed`;
        problems.push({ start: at, end: lineEnd, severity: 'error', code: 'dotenv-syntax', message });
        i = lineEnd + 1;
        continue;
      }
      const raw = text.slice(at + 1, close);
      const value = quote === "'" ? raw : expand(unescape(raw), at + 1, lookup, problems);
      variables.set(key, value);
      const after = endOfLine(text, close);
      const trailing = text.slice(close + 1, after).trim();
      if (trailing !== '' && !trailing.startsWith('#')) {
        const message = `text after the closing quote of \`${key}\` is ignored`;
        problems.push({ start: close + 1, end: after, severity: 'warning', code: 'dotenv-syntax', message });
      }
      i = after + 1;
      continue;
    }
    let valueEnd = lineEnd;
    const comment = /[ \t]#/.exec(text.slice(at, lineEnd));
    if (comment) valueEnd = at + comment.index;
    const raw = text.slice(at, valueEnd).replace(/[ \t\r]+$/, '');
    variables.set(key, expand(raw, at, lookup, problems));
    i = lineEnd + 1;
  }
  return { variables, problems };
}

function expand(raw: string, offset: number, lookup: VariableLookup, problems: DotEnvProblem[]): string {
  const result = interpolate(raw, lookup);
  for (const p of result.problems) problems.push({ ...p, start: offset + p.start, end: offset + p.end });
  return result.value;
}

/** Double-quoted escapes; `\$` stays a literal dollar through interpolation (as `$$`). */
function unescape(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\(.)/gs, (whole, c: string) => ESCAPES[c] ?? whole) : raw;
}

function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
  return i;
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}
