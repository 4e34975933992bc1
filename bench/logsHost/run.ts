// bench/logsHost: the extension host's event-loop delay while Berth streams a 200,000-line burst into an output
// channel, measured in the real host (aim: p99 under 50 ms, the budget an editor keystroke can wait).
import { runHostSuite } from '../hostSuite';

export interface LogsHostBench {
  readonly lines: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function benchLogsHost(): Promise<LogsHostBench> {
  return runHostSuite<LogsHostBench>('logsHost/suite');
}
