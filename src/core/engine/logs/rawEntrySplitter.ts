// Finds the log entries in a TTY container's log stream, which has no frames: entries are "<timestamp> <content>"
// back to back. Content ends with a newline, except when the engine cut a longer line into 16 KiB pieces: each piece
// is an entry, and the next one starts with its own timestamp right after it.

/** The engine's log copier cuts a line into pieces of this many bytes (moby daemon/logger/copier.go, 16 KiB buffer). */
const PARTIAL_ENTRY_BYTES = 16 * 1024;
/** An RFC3339Nano timestamp and its space fit in this; no space that early means the entry has no timestamp. */
const TIMESTAMP_MAX_BYTES = 40;
/** "2024-11-29T17:06:40" and the byte after it: enough to recognise where the next entry starts. */
const TIMESTAMP_PREFIX_BYTES = 20;
const NEWLINE = 0x0a;
const SPACE = 0x20;

export class RawEntrySplitter {
  /** Bytes of the current entry from earlier chunks (copies: a view would keep a whole socket chunk alive). */
  private parts: Buffer[] = [];
  private heldBytes = 0;
  /** Offset of the content in the entry (after the timestamp's space); -1 while still reading the timestamp. */
  private contentStart = -1;
  /**
   * The content reached the cut size without a newline: the entry ends at a newline or where a timestamp begins. Not
   * always exactly at the cut: json-file stores a character the cut split as U+FFFD, three bytes for each half.
   */
  private cut = false;
  /** Bytes seen but not yet known to be content or the start of the next entry's timestamp. */
  private carry: Buffer | undefined;

  /** `onEntry` gets each entry whole, timestamp included: a view into the chunk when it fits in one, else a new buffer. */
  constructor(
    private readonly onEntry: (entry: Buffer) => void,
    private readonly partialEntryBytes = PARTIAL_ENTRY_BYTES,
  ) {}

  push(input: Buffer): void {
    const chunk = this.carry ? Buffer.concat([this.carry, input]) : input;
    this.carry = undefined;
    /** Where the current entry's bytes begin in this chunk. */
    let start = 0;
    let offset = 0;
    while (offset < chunk.length) {
      const entryBytes = this.heldBytes + offset - start;
      if (this.contentStart < 0) {
        const limit = Math.min(chunk.length, offset + TIMESTAMP_MAX_BYTES - entryBytes);
        const space = chunk.subarray(offset, limit).indexOf(SPACE);
        if (space >= 0) {
          this.contentStart = entryBytes + space + 1;
          offset += space + 1;
        } else if (entryBytes + limit - offset >= TIMESTAMP_MAX_BYTES) {
          this.contentStart = 0;
        } else {
          offset = chunk.length;
        }
        continue;
      }
      if (!this.cut) {
        const budget = this.contentStart + this.partialEntryBytes - entryBytes;
        const limit = Math.min(chunk.length, offset + budget);
        const newline = chunk.subarray(offset, limit).indexOf(NEWLINE);
        if (newline >= 0) {
          offset += newline + 1;
          this.emit(chunk, start, offset);
          start = offset;
        } else {
          if (limit - offset === budget) this.cut = true;
          offset = limit;
        }
        continue;
      }
      const byte = chunk[offset] ?? 0;
      if (byte === NEWLINE) {
        offset++;
        this.emit(chunk, start, offset);
        start = offset;
        continue;
      }
      if (byte >= 0x30 && byte <= 0x39) {
        if (chunk.length - offset < TIMESTAMP_PREFIX_BYTES) {
          this.hold(chunk, start, offset);
          this.carry = Buffer.from(chunk.subarray(offset));
          return;
        }
        if (timestampStartsAt(chunk, offset)) {
          this.emit(chunk, start, offset);
          start = offset;
          continue;
        }
      }
      offset++;
    }
    this.hold(chunk, start, chunk.length);
  }

  /** Hands on the entry in progress, if any: at the end of the stream an entry without newline is complete. */
  flush(): void {
    if (this.carry) {
      this.hold(this.carry, 0, this.carry.length);
      this.carry = undefined;
    }
    if (this.heldBytes === 0) return;
    this.emit(Buffer.alloc(0), 0, 0);
  }

  /** Forgets the entry in progress. */
  reset(): void {
    this.parts = [];
    this.heldBytes = 0;
    this.contentStart = -1;
    this.cut = false;
    this.carry = undefined;
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(Buffer.from(chunk.subarray(start, end)));
    this.heldBytes += end - start;
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    let entry: Buffer;
    if (this.heldBytes === 0) entry = chunk.subarray(start, end);
    else {
      if (end > start) this.parts.push(chunk.subarray(start, end));
      entry = Buffer.concat(this.parts, this.heldBytes + end - start);
    }
    this.reset();
    this.onEntry(entry);
  }
}

/** "dddd-dd-ddTdd:dd:dd" followed by a fraction, a zone or the space. */
function timestampStartsAt(bytes: Buffer, at: number): boolean {
  for (let i = 0; i < 19; i++) {
    const byte = bytes[at + i] ?? 0;
    const expected = i === 4 || i === 7 ? 0x2d : i === 10 ? 0x54 : i === 13 || i === 16 ? 0x3a : -1;
    if (expected === -1 ? byte < 0x30 || byte > 0x39 : byte !== expected) return false;
  }
  const next = bytes[at + 19];
  return next === 0x2e || next === 0x5a || next === 0x2b || next === 0x2d || next === SPACE;
}
