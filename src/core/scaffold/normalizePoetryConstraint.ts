// Turns a Poetry version constraint (`^2.4`, `~3.11`, `2.4.1`, `>=1.2 <2`) into a PEP 440 specifier, so requirements from
// Poetry compare with those from pip files.

/**
 * `^1.2.3` → `>=1.2.3,<2.0.0`, `^0.2` → `>=0.2,<0.3`, `~1.2` → `>=1.2,<1.3`, `2.4.1` → `==2.4.1`, `*` → ''.
 * Returns undefined when a part cannot be read.
 */
export function normalizePoetryConstraint(constraint: string): string | undefined {
  // PEP 440 has no "or"; the first alternative is the one the project lists as preferred.
  const first = (constraint.split('||')[0] ?? '').trim();
  if (first === '' || first === '*') return '';
  const joined = first.replace(/(\^|~=|~|===|==|!=|<=|>=|<|>|=)\s+/g, '$1');
  const clauses: string[] = [];
  for (const part of joined.split(/[\s,]+/)) {
    if (part === '' || part === '*') continue;
    const clause = normalizeClause(part);
    if (clause === undefined) return undefined;
    clauses.push(...clause);
  }
  return clauses.join(',');
}

function normalizeClause(part: string): string[] | undefined {
  if (part.startsWith('^')) return caret(part.slice(1));
  if (part.startsWith('~') && !part.startsWith('~=')) return tilde(part.slice(1));
  const op = /^(===|~=|==|!=|<=|>=|<|>|=)?(v?\d[A-Za-z0-9*+!._-]*)$/.exec(part);
  if (!op) return undefined;
  const operator = op[1] === undefined || op[1] === '=' ? '==' : op[1];
  return [`${operator}${op[2] ?? ''}`];
}

function numericParts(version: string): number[] | undefined {
  const m = /^(\d+(?:\.\d+)*)/.exec(version);
  return m?.[1]?.split('.').map(Number);
}

function upper(parts: readonly number[], bumpAt: number): string {
  const bound = parts.map((p, i) => (i < bumpAt ? p : i === bumpAt ? p + 1 : 0));
  return bound.join('.');
}

/** Caret allows changes that keep the left-most non-zero component. */
function caret(version: string): string[] | undefined {
  const parts = numericParts(version);
  if (!parts) return undefined;
  let bumpAt = parts.findIndex((p) => p !== 0);
  if (bumpAt < 0) bumpAt = parts.length - 1;
  return [`>=${version}`, `<${upper(parts, bumpAt)}`];
}

/** Tilde allows patch changes, or minor changes when only a major is given. */
function tilde(version: string): string[] | undefined {
  const parts = numericParts(version);
  if (!parts) return undefined;
  const bumpAt = parts.length === 1 ? 0 : 1;
  return [`>=${version}`, `<${upper(parts, bumpAt)}`];
}
