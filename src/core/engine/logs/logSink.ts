// Where the log follower delivers: the VS Code adapter implements it over a LogOutputChannel.
import type { LogLine } from './logLine';

export interface LogSink {
  /** Called at most every `batchMs` with the lines since the last call, in order; never with an empty array. */
  append(lines: readonly LogLine[]): void;
  /**
   * A note for the reader, in order with the lines: "exited with code 137", "restarted at …", "removed",
   * "N lines dropped (reader too slow)", "lost the log stream (…); reattaching".
   */
  notice(message: string): void;
}
