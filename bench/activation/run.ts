// bench/activation: Berth's activate() measured in the real extension host, against a reference extension that
// does the least an extension can (one output channel, one command) measured in the same hosts.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../../test/support/workbench';

interface Sample {
  readonly wallMs: number;
  readonly insideMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export async function benchActivation(runs: number): Promise<{ berth: Sample; reference: Sample; ratio: number }> {
  const berth: Sample[] = [];
  const reference: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    let transcript = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        transcript += chunk.toString();
        done();
      },
    });
    await runTests({
      vscodeExecutablePath: process.env.BERTH_VSCODE_EXECUTABLE ?? join(repoRoot, 'out', 'test', 'integration', 'codeServerLauncher.js'),
      extensionDevelopmentPath: [repoRoot, join(repoRoot, 'bench', 'fixtures', 'reference-extension')],
      extensionTestsPath: join(repoRoot, 'out', 'bench', 'activation', 'suite'),
      launchArgs: [join(repoRoot, 'bench', 'fixtures', 'empty-workspace')],
      extensionTestsEnv: { BERTH_BENCH_ORDER: i % 2 ? 'berth-first' : 'reference-first' },
      stdout: sink,
      stderr: sink,
    });
    const line = /^BERTH-BENCH (\{.*\})$/m.exec(transcript)?.[1];
    if (!line) throw new Error(`the activation suite printed no result:\n${transcript}`);
    const parsed = JSON.parse(line) as { results: Record<string, Sample> };
    const b = parsed.results['berth.berth'];
    const r = parsed.results['berth.berth-bench-reference'];
    if (!b || !r) throw new Error(`incomplete result: ${line}`);
    berth.push(b);
    reference.push(r);
    console.log(`  run ${i + 1}/${runs}: Berth ${b.wallMs.toFixed(1)} ms (inside activate ${b.insideMs.toFixed(1)} ms), reference ${r.wallMs.toFixed(1)} ms`);
  }
  const result = {
    berth: { wallMs: median(berth.map((s) => s.wallMs)), insideMs: median(berth.map((s) => s.insideMs)) },
    reference: { wallMs: median(reference.map((s) => s.wallMs)), insideMs: median(reference.map((s) => s.insideMs)) },
    ratio: 0,
  };
  result.ratio = result.berth.wallMs / result.reference.wallMs;
  mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench-results', 'activation.json'), JSON.stringify({ runs: { berth, reference }, median: result }, null, 2));
  return result;
}
