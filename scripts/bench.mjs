// npm run bench: builds the production bundles and runs every benchmark in bench/ (see bench/run.ts).
import { join } from 'node:path';
import { ensureNodeModules, mustRun, Phases, pingEngine, root, startIsolatedEngine, stopIsolatedEngine } from './lib/steps.mjs';

const phases = new Phases('bench');
let engineStartedHere = false;
try {
  await phases.run('npm dependencies', ensureNodeModules);
  await phases.run('VS Code workbench (code-server)', () => mustRun('bash', [join(root, 'scripts', 'workbench.sh'), 'install']));
  await phases.run('build and package', async () => {
    await mustRun(process.execPath, [join(root, 'esbuild.mjs')]);
    await mustRun('npm', ['run', '--silent', 'package']);
  });
  let dockerHost = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  await phases.run('Docker engine', async () => {
    if (await pingEngine(dockerHost)) return;
    await mustRun('bash', [join(root, 'scripts', 'engine.sh'), 'install']);
    dockerHost = await startIsolatedEngine();
    engineStartedHere = true;
  });
  await phases.run('benchmarks', () => mustRun(process.execPath, [join(root, 'out', 'bench', 'run.js')], { env: { ...process.env, DOCKER_HOST: dockerHost } }));
} catch (error) {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
if (engineStartedHere) await phases.run('stop the isolated Docker engine', stopIsolatedEngine);
phases.print();
