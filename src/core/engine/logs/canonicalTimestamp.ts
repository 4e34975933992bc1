// Engine timestamps compared as strings: canonical ones sort in time order.

/** The engine's RFC3339NanoFixed in UTC ("2024-11-29T17:06:40.123456789Z"): already canonical. */
const CANONICAL_LENGTH = 30;

/**
 * `timestamp` (RFC3339, any fraction, any zone) as UTC with nine fraction digits, or undefined if it is not one.
 * Inspect's StartedAt trims trailing zeros ("…:40.1Z"), which would sort after "…:40.12Z" as written.
 */
export function canonicalTimestamp(timestamp: string): string | undefined {
  if (timestamp.length === CANONICAL_LENGTH && timestamp.charCodeAt(29) === 0x5a && timestamp.charCodeAt(19) === 0x2e) return timestamp;
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match) return undefined;
  const [, seconds = '', fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction.padEnd(9, '0')}Z`;
}
