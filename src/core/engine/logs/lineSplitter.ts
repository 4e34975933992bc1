// Turns one output stream's entries (stdout or stderr: each needs its own, they interleave) into lines: a UTF-8
// character cut between entries is decoded whole, a line that spans entries is reassembled, a partial last line
// waits for its end (or for end()).
//
// The engine cuts a line longer than 16 KiB into entries that all carry the line's first timestamp, and only such
// pieces (or the very last entry of a container's life) lack a newline. So an entry with another timestamp starts a
// new line: this ends a line whose newline the engine lost (its `local` log driver drops the one after a cut line).
import { StringDecoder } from 'node:string_decoder';

/** A line that never ends (a progress bar redrawn with \r, binary output) is handed on at this length. */
const MAX_LINE_CHARS = 1024 * 1024;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The line begun and not yet ended; undefined when the last byte was a newline. */
  private partial: string | undefined;
  private partialTimestamp: string | undefined;
  /** Timestamp of the last entry that added to `partial`. */
  private partialEntryTimestamp: string | undefined;

  /** `onLine` gets each line without its newline and one trailing \r, and the timestamp of the entry it began in. */
  constructor(
    private readonly onLine: (text: string, timestamp: string | undefined) => void,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  write(bytes: Buffer, timestamp: string | undefined): void {
    if (this.partial !== undefined && timestamp !== undefined && this.partialEntryTimestamp !== undefined && timestamp !== this.partialEntryTimestamp) this.end();
    const text = this.decoder.write(bytes);
    if (text.length === 0) return;
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline === -1) {
      this.hold(text, timestamp);
      return;
    }
    let lineTimestamp = this.partial === undefined ? timestamp : this.partialTimestamp;
    while (newline !== -1) {
      const piece = text.slice(start, newline);
      const line = this.partial === undefined ? piece : this.partial + piece;
      this.partial = undefined;
      this.emit(line, lineTimestamp);
      lineTimestamp = timestamp;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) this.hold(start === 0 ? text : text.slice(start), timestamp);
    else this.partialEntryTimestamp = undefined;
  }

  /** The stream is over: hands on the partial last line, with any cut character as U+FFFD. */
  end(): void {
    const rest = this.decoder.end();
    if (rest.length > 0) this.hold(rest, this.partialTimestamp);
    this.partialEntryTimestamp = undefined;
    if (this.partial === undefined) return;
    const line = this.partial;
    this.partial = undefined;
    this.emit(line, this.partialTimestamp);
  }

  private hold(text: string, timestamp: string | undefined): void {
    this.partialEntryTimestamp = timestamp;
    if (this.partial === undefined) {
      this.partial = text;
      this.partialTimestamp = timestamp;
    } else {
      this.partial += text;
    }
    if (this.partial.length >= this.maxLineChars) {
      const line = this.partial;
      this.partial = undefined;
      this.emit(line, this.partialTimestamp);
    }
  }

  private emit(line: string, timestamp: string | undefined): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, timestamp);
  }
}
