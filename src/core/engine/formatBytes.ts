// Sizes for the sidebar: decimal units for images (as `docker images` prints them), binary units for memory.

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `1.2 GB`, `16 GiB`, `512 B`: three significant digits at most, trailing zeros dropped. */
export function formatBytes(bytes: number, base: 1000 | 1024 = 1000): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = base === 1024 ? BINARY : DECIMAL;
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  // 999.7 MB rounds to "1000 MB": show it as "1 GB" instead.
  if (Number(value.toPrecision(3)) >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  const digits = unit === 0 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
  return `${digits} ${units[unit] ?? ''}`;
}
