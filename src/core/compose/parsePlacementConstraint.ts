// One swarm placement constraint (`node.labels.gpu == h100`, `node.role!=manager`), whitespace tolerant, as swarm reads it.

export type ParsedConstraint =
  | { readonly key: string; readonly op: '==' | '!='; readonly value: string; readonly warning?: string }
  | { readonly error: string };

const CONSTRAINT = /^\s*([^\s=!]+)\s*(==|!=)\s*(.*?)\s*$/s;
const FIXED_KEYS = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch'];
const LABEL_PREFIXES = ['node.labels.', 'engine.labels.'];
const KNOWN_KEYS = `${FIXED_KEYS.map((k) => `\`${k}\``).join(', ')}, \`node.labels.<name>\` and \`engine.labels.<name>\``;

export function parsePlacementConstraint(text: string): ParsedConstraint {
  const match = CONSTRAINT.exec(text);
  if (!match) {
    if (/[^=!<>]=[^=]/.test(text) || /[<>]/.test(text)) return { error: `\`${text}\`: a constraint compares with \`==\` or \`!=\`` };
    return { error: `\`${text}\` is not a constraint; write \`node.labels.gpu == h100\` (\`==\` or \`!=\`)` };
  }
  const [, written = '', op, value = ''] = match;
  const operator = op === '!=' ? '!=' : '==';
  if (value === '') return { error: `\`${text}\` has no value after \`${operator}\`` };
  const lower = written.toLowerCase();
  if (FIXED_KEYS.includes(lower)) {
    const badRole = lower === 'node.role' && value !== 'manager' && value !== 'worker';
    const warning = badRole ? `\`node.role\` is \`manager\` or \`worker\`, never \`${value}\`` : undefined;
    return { key: lower, op: operator, value, ...(warning === undefined ? {} : { warning }) };
  }
  const prefix = LABEL_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix !== undefined) {
    if (written.length === prefix.length) return { error: `\`${text}\` names no label after \`${prefix}\`` };
    return { key: prefix + written.slice(prefix.length), op: operator, value };
  }
  return {
    key: written,
    op: operator,
    value,
    warning: `swarm has no constraint key \`${written}\`; it knows ${KNOWN_KEYS}`,
  };
}
