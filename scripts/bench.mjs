// npm run bench: builds the production bundles and runs every benchmark in bench/ (see bench/run.ts).
import { join } from 'node:path';
import { ensureNodeModules, mustRun, Phases, root } from './lib/steps.mjs';

const phases = new Phases('bench');
try {
  await phases.run('npm dependencies', ensureNodeModules);
  await phases.run('VS Code workbench (code-server)', () => mustRun('bash', [join(root, 'scripts', 'workbench.sh'), 'install']));
  await phases.run('build and package', async () => {
    await mustRun(process.execPath, [join(root, 'esbuild.mjs')]);
    await mustRun('npm', ['run', '--silent', 'package']);
  });
  await phases.run('benchmarks', () => mustRun(process.execPath, [join(root, 'out', 'bench', 'run.js')]));
} catch (error) {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
phases.print();
