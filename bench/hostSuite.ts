// Runs a benchmark suite inside a fresh real extension host (our code-server launcher, or BERTH_VSCODE_EXECUTABLE)
// and returns the one `BERTH-BENCH {json}` line it printed.
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../test/support/workbench';

export async function runHostSuite<T>(suite: string, options: { readonly launchArgs?: readonly string[]; readonly env?: Record<string, string> } = {}): Promise<T> {
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
    extensionTestsPath: join(repoRoot, 'out', 'bench', suite),
    launchArgs: [join(repoRoot, 'bench', 'fixtures', 'empty-workspace'), ...(options.launchArgs ?? [])],
    ...(options.env ? { extensionTestsEnv: options.env } : {}),
    stdout: sink,
    stderr: sink,
  }).catch((error: unknown) => {
    throw new Error(`the host suite ${suite} failed (${String(error)}):\n${transcript}`);
  });
  const line = /^BERTH-BENCH (\{.*\})$/m.exec(transcript)?.[1];
  if (!line) throw new Error(`the host suite ${suite} printed no result:\n${transcript}`);
  return JSON.parse(line) as T;
}
