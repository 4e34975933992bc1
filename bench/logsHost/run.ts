// bench/logsHost: the extension host's event-loop delay while Berth streams a 200,000-line burst into an output
// channel, measured in the real host (aim: p99 under 50 ms, the budget an editor keystroke can wait).
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../../test/support/workbench';

export interface LogsHostBench {
  readonly lines: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export async function benchLogsHost(): Promise<LogsHostBench> {
  let transcript = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      transcript += chunk.toString();
      done();
    },
  });
  await runTests({
    vscodeExecutablePath: process.env.BERTH_VSCODE_EXECUTABLE ?? join(repoRoot, 'out', 'test', 'integration', 'codeServerLauncher.js'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'bench', 'logsHost', 'suite'),
    launchArgs: [join(repoRoot, 'bench', 'fixtures', 'empty-workspace')],
    stdout: sink,
    stderr: sink,
  }).catch((error: unknown) => {
    throw new Error(`the logs host bench failed (${String(error)}):\n${transcript}`);
  });
  const line = /^BERTH-BENCH (\{.*\})$/m.exec(transcript)?.[1];
  if (!line) throw new Error(`the logs host suite printed no result:\n${transcript}`);
  return JSON.parse(line) as LogsHostBench;
}
