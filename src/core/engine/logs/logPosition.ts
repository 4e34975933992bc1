// Where the follower is in a container's log, in the engine's own terms, so that a reattach (after a restart or a
// lost connection) shows every entry exactly once. The engine's `since` is inclusive and several entries can share
// one timestamp (the pieces of a long line always do), so the position is the latest timestamp seen plus how many
// entries at that timestamp were seen: a reattach asks for `since` that timestamp and skips exactly that many.
import { canonicalTimestamp } from './canonicalTimestamp';

export class LogPosition {
  /** Latest timestamp seen, canonical. */
  private latest: string | undefined;
  /** Entries seen at `latest`. */
  private entriesAtLatest = 0;
  /**
   * False when entries at `latest` may exist that were never seen: a tail read began inside a group of entries
   * sharing its first timestamp. A reattach then skips every entry at `latest`.
   */
  private countIsExact = true;
  /** First timestamp of the current tail read; undefined for other reads and once known. */
  private windowStart: string | undefined;
  private inTailWindow = false;
  /** Entries at `latest` skipped so far in the current replay; -1 when not replaying. */
  private replayed = -1;
  /** The decision for the last entry, which an entry without timestamp (a continuation) shares. */
  private lastAccepted = true;

  /** The engine's `since` for a reattach ("1732900000.123456789": seconds and nanoseconds), or undefined: from the start. */
  get since(): string | undefined {
    if (this.latest === undefined) return undefined;
    const seconds = Date.parse(`${this.latest.slice(0, 19)}Z`) / 1000;
    return `${seconds}.${this.latest.slice(20, 29)}`;
  }

  /** The latest timestamp seen, canonical; undefined before the first entry. */
  get timestamp(): string | undefined {
    return this.latest;
  }

  /**
   * A new read begins. `tail`: it shows the last entries of the log, and its first one may share a timestamp with
   * entries before the window. Otherwise it starts at `since`, and entries seen before are replayed and skipped.
   */
  beginRead(kind: 'tail' | 'since'): void {
    this.inTailWindow = kind === 'tail';
    this.windowStart = undefined;
    this.replayed = kind === 'since' && this.latest !== undefined ? 0 : -1;
    this.lastAccepted = true;
  }

  /** Decides for the next entry of the read: true if it is new (and records it), false if it was seen before. */
  accept(timestamp: string | undefined): boolean {
    if (timestamp === undefined) return this.lastAccepted;
    const key = canonicalTimestamp(timestamp);
    if (key === undefined) return this.lastAccepted;
    if (this.replayed >= 0 && this.latest !== undefined) {
      // Entries seen before come first in a replay (the log file's order): skip them, then stop looking.
      if (key < this.latest || (key === this.latest && (!this.countIsExact || this.replayed < this.entriesAtLatest))) {
        if (key === this.latest) this.replayed++;
        this.lastAccepted = false;
        return false;
      }
      this.replayed = -1;
    }
    if (this.inTailWindow) {
      this.windowStart = key;
      this.inTailWindow = false;
    }
    if (this.latest === undefined || key > this.latest) {
      this.latest = key;
      this.entriesAtLatest = 1;
      this.countIsExact = key !== this.windowStart;
    } else if (key === this.latest) {
      this.entriesAtLatest++;
    }
    // An older timestamp after a newer one (stdout and stderr are stamped apart): new, but not a position.
    this.lastAccepted = true;
    return true;
  }
}
