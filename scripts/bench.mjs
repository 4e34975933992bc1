// npm run bench: builds the production bundles and runs every benchmark in bench/ (see bench/run.ts).
import { join } from 'node:path';
import { ensureNodeModules, findOrStartEngine, mustRun, Phases, prepareWorkbenchAndPackage, root, stopIsolatedEngine } from './lib/steps.mjs';

const phases = new Phases('bench');
let engineStartedHere = false;
try {
  await phases.run('npm dependencies', ensureNodeModules);
  await prepareWorkbenchAndPackage(phases);
  const engine = await phases.run('Docker engine', () => findOrStartEngine(true));
  engineStartedHere = engine.startedHere;
  await phases.run('benchmarks', () => mustRun(process.execPath, [join(root, 'out', 'bench', 'run.js')], { env: { ...process.env, DOCKER_HOST: engine.dockerHost } }));
} catch (error) {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
if (engineStartedHere) await phases.run('stop the isolated Docker engine', stopIsolatedEngine);
phases.print();
