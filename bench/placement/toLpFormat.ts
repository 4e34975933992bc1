// A yalps Model written as CPLEX LP text, so that HiGHS solves exactly the model Berth's solver builds (bench only).
// yalps semantics kept: variables are >= 0, binaries are 0/1 integers, a constraint with `equal` ignores min/max,
// duplicate constraint keys merge to the tightest bounds, and duplicate variable keys are separate columns.
import type { Coefficients, Constraint, Model } from 'yalps';

export interface LpText {
  readonly text: string;
  /** One per column, in the model's variable order: the LP name and the yalps key it stands for. */
  readonly columns: readonly { readonly lpName: string; readonly key: string }[];
  /** LP names of the integer columns (binaries included). */
  readonly integerColumns: ReadonlySet<string>;
}

/** Terms per line, so that no line grows past what LP readers accept. */
const TERMS_PER_LINE = 8;
const MAX_NAME = 200;

function entries<K, V>(source: Iterable<readonly [K, V]> | Readonly<Partial<Record<string, V>>>): [K, V][] {
  if (Symbol.iterator in source && typeof source[Symbol.iterator] === 'function') {
    return Array.from(source, ([k, v]) => [k, v]);
  }
  return Object.entries(source as Record<string, V>) as unknown as [K, V][];
}

function asSet(value: boolean | Iterable<string> | undefined): true | ReadonlySet<string> {
  if (value === true) return true;
  if (value === undefined || value === false) return new Set();
  return new Set(value);
}

/** Names LP readers accept: letters, digits, `_` and `.`, starting with the prefix (never a digit, a `.` or a keyword), unique. */
function namer(prefix: string): (raw: string) => string {
  const used = new Set<string>();
  return (raw) => {
    const base = `${prefix}${raw.replace(/[^A-Za-z0-9_.]/g, '_')}`.slice(0, MAX_NAME);
    let name = base;
    for (let k = 2; used.has(name); k += 1) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
}

function formatNumber(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new Error(`toLpFormat: ${what} is ${value}`);
  // String() gives the shortest exact form; LP readers accept `1e+21` and `1e-7`.
  return String(value);
}

function expression(terms: readonly (readonly [string, number])[], what: string): string {
  const parts = terms.map(([name, coef], i) => {
    const sign = coef < 0 ? '-' : i === 0 ? '' : '+';
    const magnitude = formatNumber(Math.abs(coef), `the coefficient of ${name} in ${what}`);
    return `${sign ? `${sign} ` : ''}${magnitude} ${name}`;
  });
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += TERMS_PER_LINE) lines.push(parts.slice(i, i + TERMS_PER_LINE).join(' '));
  return lines.join('\n   ');
}

/** The CPLEX LP text of a yalps model, and the names it gave the columns. */
export function toLpFormat(model: Model): LpText {
  const variableName = namer('x_');
  const constraintName = namer('c_');
  const columns: { lpName: string; key: string }[] = [];
  const objectiveTerms: [string, number][] = [];
  const rowTerms = new Map<string, [string, number][]>();
  const bounds = new Map<string, { lower: number; upper: number }>();
  for (const [key, c] of entries<string, Constraint>(model.constraints)) {
    const b = bounds.get(key) ?? { lower: -Infinity, upper: Infinity };
    b.lower = Math.max(b.lower, c.equal ?? c.min ?? -Infinity);
    b.upper = Math.min(b.upper, c.equal ?? c.max ?? Infinity);
    bounds.set(key, b);
    rowTerms.set(key, []);
  }
  const binaries = asSet(model.binaries);
  const integers = binaries === true ? true : asSet(model.integers);
  const binaryNames: string[] = [];
  const generalNames: string[] = [];
  const untouched: string[] = [];
  for (const [key, coefficients] of entries<string, Coefficients>(model.variables)) {
    const lpName = variableName(key);
    columns.push({ lpName, key });
    // Within one variable a repeated key keeps its last value, as yalps does.
    const coefs = new Map(entries<string, number>(coefficients));
    let used = false;
    for (const [row, coef] of coefs) {
      if (coef === 0) continue;
      if (row === model.objective) {
        objectiveTerms.push([lpName, coef]);
        used = true;
      }
      const terms = rowTerms.get(row);
      if (terms) {
        terms.push([lpName, coef]);
        used = true;
      }
    }
    if (binaries === true || binaries.has(key)) binaryNames.push(lpName);
    else if (integers === true || integers.has(key)) generalNames.push(lpName);
    else if (!used) untouched.push(lpName);
  }

  const out: string[] = [model.direction === 'minimize' ? 'Minimize' : 'Maximize'];
  out.push(` obj: ${expression(objectiveTerms, 'the objective')}`);
  out.push('Subject To');
  for (const [key, terms] of rowTerms) {
    const b = bounds.get(key) ?? { lower: -Infinity, upper: Infinity };
    const what = `constraint ${key}`;
    const lhs = expression(terms, what);
    if (b.lower === b.upper) {
      out.push(` ${constraintName(key)}: ${lhs} = ${formatNumber(b.upper, what)}`);
      continue;
    }
    // A range becomes two rows: not every LP reader takes `lo <= expr <= hi`.
    const both = Number.isFinite(b.lower) && Number.isFinite(b.upper);
    if (Number.isFinite(b.lower)) out.push(` ${constraintName(both ? `${key}_min` : key)}: ${lhs} >= ${formatNumber(b.lower, what)}`);
    if (Number.isFinite(b.upper)) out.push(` ${constraintName(both ? `${key}_max` : key)}: ${lhs} <= ${formatNumber(b.upper, what)}`);
  }
  // Columns in no row still exist in yalps (at 0 or free to grow); declaring them keeps the column set the same.
  if (untouched.length > 0) {
    out.push('Bounds');
    for (const name of untouched) out.push(` ${name} >= 0`);
  }
  if (generalNames.length > 0) out.push('General', ...wrap(generalNames));
  if (binaryNames.length > 0) out.push('Binary', ...wrap(binaryNames));
  out.push('End', '');
  return { text: out.join('\n'), columns, integerColumns: new Set([...generalNames, ...binaryNames]) };
}

function wrap(names: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += TERMS_PER_LINE * 2) lines.push(` ${names.slice(i, i + TERMS_PER_LINE * 2).join(' ')}`);
  return lines;
}
