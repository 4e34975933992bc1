// Reads back the engine's HumanDuration text ("Up 3 minutes"): list calls give uptimes only as words.
// Inspecting every container for its exact StartedAt would cost one request per container.

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/** `3 minutes` -> 180000, `About an hour` -> 3600000, `Less than a second` -> 0; undefined when it is not such text. */
export function parseHumanDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'less than a second') return 0;
  if (t === 'about a minute') return UNIT_MS.minute;
  if (t === 'about an hour') return UNIT_MS.hour;
  const match = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(t);
  if (!match) return undefined;
  const unit = UNIT_MS[match[2] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}
