// "3 days ago" for creation times in tree descriptions.
import { formatDuration } from './formatDuration';

/** How long ago `thenMs` was, in `docker ps` words, lower-cased to sit after a "·": `3 days ago`, `about an hour ago`. */
export function formatAge(thenMs: number, nowMs: number): string {
  const text = formatDuration(Math.max(0, nowMs - thenMs));
  return `${text.charAt(0).toLowerCase()}${text.slice(1)} ago`;
}
