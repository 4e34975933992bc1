// Compose's variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
// `${VAR:+alt}`, `${VAR+alt}`, nested defaults, and `$$` for a literal `$`. Problems carry their place in the template.

/** The value of a variable, `undefined` when it is not set (an empty string is set). */
export type VariableLookup = (name: string) => string | undefined;

export interface InterpolationProblem {
  /** Offsets into the template, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly severity: 'error' | 'warning';
  readonly code: 'undefined-variable' | 'required-variable' | 'invalid-interpolation';
  readonly message: string;
}

export interface Interpolated {
  readonly value: string;
  readonly problems: readonly InterpolationProblem[];
}

const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;
type Operator = (typeof OPERATORS)[number];

export function interpolate(template: string, lookup: VariableLookup): Interpolated {
  if (!template.includes('$')) return { value: template, problems: [] };
  const problems: InterpolationProblem[] = [];
  const value = substitute(template, 0, template.length, lookup, problems);
  return { value, problems };
}

function substitute(t: string, from: number, to: number, lookup: VariableLookup, problems: InterpolationProblem[]): string {
  let out = '';
  let i = from;
  while (i < to) {
    const dollar = t.indexOf('$', i);
    if (dollar < 0 || dollar >= to) {
      out += t.slice(i, to);
      break;
    }
    out += t.slice(i, dollar);
    const next = dollar + 1 < to ? t[dollar + 1] : undefined;
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(t, dollar, to);
      if (close < 0) {
        problems.push(invalid(dollar, to, `\`${t.slice(dollar, to)}\` has no closing \`}\``));
        return out;
      }
      out += braced(t, dollar, close, lookup, problems);
      i = close + 1;
    } else {
      const name = nameAt(t, dollar + 1, to);
      if (name === undefined) {
        problems.push(invalid(dollar, dollar + 1, 'a `$` must start a variable (`$VAR`, `${VAR}`); write `$$` for a literal `$`'));
        out += '$';
        i = dollar + 1;
      } else {
        out += lookupOrWarn(name, dollar, dollar + 1 + name.length, lookup, problems);
        i = dollar + 1 + name.length;
      }
    }
  }
  return out;
}

/** `${NAME<op><argument>}` between `open` (the `$`) and `close` (the `}`). */
function braced(t: string, open: number, close: number, lookup: VariableLookup, problems: InterpolationProblem[]): string {
  const nameStart = open + 2;
  const name = nameAt(t, nameStart, close);
  if (name === undefined) {
    problems.push(invalid(open, close + 1, `\`${t.slice(open, close + 1)}\` does not name a variable`));
    return '';
  }
  const rest = nameStart + name.length;
  if (rest === close) return lookupOrWarn(name, open, close + 1, lookup, problems);
  const operator = OPERATORS.find((op) => t.startsWith(op, rest));
  if (operator === undefined) {
    const written = t.slice(open, close + 1);
    const operators = OPERATORS.map((op) => `\`${op}\``).join(', ');
    problems.push(invalid(open, close + 1, `\`${written}\` is not an interpolation; after the name comes one of ${operators}`));
    return '';
  }
  const argument = (): string => substitute(t, rest + operator.length, close, lookup, problems);
  return applyOperator(operator, name, lookup(name), argument, () => {
    const detail = argument();
    problems.push({
      start: open,
      end: close + 1,
      severity: 'error',
      code: 'required-variable',
      message: `required variable ${name} is missing a value${detail === '' ? '' : `: ${detail}`}`,
    });
  });
}

function applyOperator(operator: Operator, name: string, value: string | undefined, argument: () => string, missing: () => void): string {
  const empty = value === undefined || value === '';
  switch (operator) {
    case ':-':
      return empty ? argument() : value;
    case '-':
      return value ?? argument();
    case ':?':
      if (empty) missing();
      return value ?? '';
    case '?':
      if (value === undefined) missing();
      return value ?? '';
    case ':+':
      return empty ? (value ?? '') : argument();
    case '+':
      return value === undefined ? '' : argument();
  }
}

function lookupOrWarn(name: string, start: number, end: number, lookup: VariableLookup, problems: InterpolationProblem[]): string {
  const value = lookup(name);
  if (value !== undefined) return value;
  // compose's own wording, so that the message is the one people search for.
  const message = `The "${name}" variable is not set. Defaulting to a blank string.`;
  problems.push({ start, end, severity: 'warning', code: 'undefined-variable', message });
  return '';
}

/** The `}` closing the `${` at `open`, counting nested `${…}` in defaults; -1 when it is missing. */
function closingBrace(t: string, open: number, to: number): number {
  let depth = 1;
  for (let i = open + 2; i < to; i++) {
    if (t[i] === '$' && t[i + 1] === '{') {
      depth++;
      i++;
    } else if (t[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The variable name starting at `at`; `to` is always a `}` or the end, which a name cannot cross. */
function nameAt(t: string, at: number, to: number): string | undefined {
  if (at >= to) return undefined;
  NAME.lastIndex = at;
  return NAME.exec(t)?.[0];
}

function invalid(start: number, end: number, detail: string): InterpolationProblem {
  return { start, end, severity: 'error', code: 'invalid-interpolation', message: `invalid interpolation: ${detail}` };
}
