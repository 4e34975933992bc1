// bench/activation: Berth's activate() measured in the real extension host, against a reference extension that
// does the least an extension can (one output channel, one command) measured in the same hosts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, repoRoot, writeQuietSettings } from '../../test/support/workbench';
import { runHostSuite } from '../hostSuite';
import { median } from '../median';

/** Packages the reference extension and installs it into an extensions folder of its own. */
function installReference(): string {
  const source = join(repoRoot, 'bench', 'fixtures', 'reference-extension');
  const work = join(repoRoot, '.vscode-test', 'bench');
  const vsix = join(work, 'reference.vsix');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  const packed = spawnSync(vsce, ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '--out', vsix], { cwd: source, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`packaging the reference extension failed:\n${packed.stdout}\n${packed.stderr}`);
  const extensionsDir = join(work, 'extensions');
  const userDataDir = join(work, 'install-profile');
  writeQuietSettings(userDataDir);
  installVsix(vsix, userDataDir, extensionsDir, join(work, 'state'));
  return extensionsDir;
}

interface Sample {
  readonly wallMs: number;
  readonly insideMs: number;
}

export async function benchActivation(runs: number): Promise<{ berth: Sample; reference: Sample; ratio: number }> {
  const extensionsDir = installReference();
  const berth: Sample[] = [];
  const reference: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    // Berth from this tree; the reference from the extensions folder (code-server takes one development path).
    const parsed = await runHostSuite<{ results: Record<string, Sample> }>('activation/suite', {
      launchArgs: [`--extensions-dir=${extensionsDir}`],
      env: { BERTH_BENCH_ORDER: i % 2 ? 'berth-first' : 'reference-first' },
    });
    const b = parsed.results['berth.berth'];
    const r = parsed.results['berth.berth-bench-reference'];
    if (!b || !r) throw new Error(`incomplete result: ${JSON.stringify(parsed)}`);
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
