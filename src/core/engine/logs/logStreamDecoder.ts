// The engine's log bytes -> LogLine: frames (or, for a TTY container, raw entries) -> one log entry each ->
// timestamp taken off and checked against the position (a reattach replays entries seen before) -> the stream's
// line splitter -> ANSI stripping -> the line, handed on as soon as it is complete.
import { FrameDemuxer } from './frameDemuxer';
import { LineSplitter } from './lineSplitter';
import type { LogLine } from './logLine';
import { LogPosition } from './logPosition';
import { RawEntrySplitter } from './rawEntrySplitter';
import { stripAnsi } from './stripAnsi';

export interface LogStreamDecoderOptions {
  /** Put the engine's timestamp in front of each line's text. */
  readonly timestamps: boolean;
  /** Leave ANSI escape sequences in the text. */
  readonly keepAnsi: boolean;
}

const TIMESTAMP_MAX_BYTES = 40;
const SPACE = 0x20;

export class LogStreamDecoder {
  private readonly demuxer = new FrameDemuxer((stream, payload) => this.onEntry(stream === 2 || stream === 3 ? 'stderr' : 'stdout', payload));
  private readonly raw = new RawEntrySplitter((entry) => this.onEntry('stdout', entry));
  private readonly stdout: LineSplitter;
  private readonly stderr: LineSplitter;
  /** Decided by the first byte of each response: a multiplexed stream starts with a frame header (0-3), a TTY's with a digit. */
  private framing: 'unknown' | 'multiplexed' | 'raw' = 'unknown';

  /** `position` may be shared, so that a probe read by another decoder positions this one. */
  constructor(
    private readonly options: LogStreamDecoderOptions,
    private readonly onLine: (line: LogLine) => void,
    readonly position: LogPosition = new LogPosition(),
  ) {
    this.stdout = new LineSplitter((text, timestamp) => this.emit(text, 'stdout', timestamp));
    this.stderr = new LineSplitter((text, timestamp) => this.emit(text, 'stderr', timestamp));
  }

  /**
   * A response body begins. `kind` says how it was asked for (see LogPosition.beginRead). Lines cut by the end of the
   * previous body stay open: the same output may continue here.
   */
  begin(kind: 'tail' | 'since'): void {
    this.framing = 'unknown';
    this.demuxer.reset();
    this.raw.reset();
    this.position.beginRead(kind);
  }

  /** Throws if the bytes are not a log stream (a bad frame header). */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.framing === 'unknown') this.framing = (chunk[0] ?? 0) <= 3 ? 'multiplexed' : 'raw';
    if (this.framing === 'multiplexed') this.demuxer.push(chunk);
    else this.raw.push(chunk);
  }

  /**
   * The body ended. `outputEnded`: so did the container's output (it stopped; a tail read of a stopped container):
   * partial last lines are handed on. Otherwise the body was cut: an entry cut with it is dropped (the reattach reads
   * it again, whole) and partial lines wait for their end in the next body.
   */
  end(outputEnded: boolean): void {
    if (outputEnded) {
      // At the end of a TTY stream an entry without newline is complete; a multiplexed stream cut mid-frame is not.
      if (this.framing === 'raw') this.raw.flush();
      this.stdout.end();
      this.stderr.end();
    }
    this.demuxer.reset();
    this.raw.reset();
    this.framing = 'unknown';
  }

  private onEntry(stream: 'stdout' | 'stderr', entry: Buffer): void {
    let timestamp: string | undefined;
    let contentStart = 0;
    // "2024-11-29T17:06:40.123456789Z content": the engine's RFC3339NanoFixed is 30 bytes; look a little further.
    const space = entry[30] === SPACE ? 30 : entry.subarray(0, TIMESTAMP_MAX_BYTES).indexOf(SPACE);
    if (space >= 20 && looksLikeTimestamp(entry)) {
      timestamp = entry.toString('latin1', 0, space);
      contentStart = space + 1;
    }
    if (!this.position.accept(timestamp)) return;
    if (contentStart < entry.length) (stream === 'stdout' ? this.stdout : this.stderr).write(entry.subarray(contentStart), timestamp);
  }

  private emit(text: string, stream: 'stdout' | 'stderr', timestamp: string | undefined): void {
    const shown = this.options.keepAnsi ? text : stripAnsi(text);
    this.onLine({ text: this.options.timestamps && timestamp !== undefined ? `${timestamp} ${shown}` : shown, stream, timestamp });
  }
}

/** "dddd-dd-ddTdd:dd:dd": enough to tell the engine's timestamp from output that happens to hold a space early on. */
function looksLikeTimestamp(entry: Buffer): boolean {
  return entry[4] === 0x2d && entry[7] === 0x2d && entry[10] === 0x54 && entry[13] === 0x3a && entry[16] === 0x3a;
}

