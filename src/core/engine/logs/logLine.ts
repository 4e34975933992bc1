// One line of a container's output, as the log follower hands it to its sink.

export interface LogLine {
  /** The line without its newline; with the engine's timestamp in front when asked for, ANSI codes stripped unless kept. */
  readonly text: string;
  readonly stream: 'stdout' | 'stderr';
  /** The engine's timestamp (RFC3339Nano) of the log entry the line began in. */
  readonly timestamp: string | undefined;
}
