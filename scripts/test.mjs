// npm test: sets up what the tests need when it is missing (npm packages, Debian packages, the Docker engine, the
// VS Code workbench), builds and packages Berth, runs the three layers (unit, integration, e2e), prints each
// phase's duration, and ends with one line "N passed, N failed" that totals every layer.
//   npm test                  everything
//   npm test -- unit e2e      only these layers: unit, engine, integration, e2e (setup and build still run as needed)
// Environment: BERTH_TEST_ENGINE=isolated|existing (default: an engine that answers at DOCKER_HOST or the default
// socket, else an isolated one from scripts/engine.sh), BERTH_VSCODE_EXECUTABLE (a desktop VS Code for the
// integration layer), BERTH_CACHE (where code-server is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeModules, mustRun, Phases, pingEngine, root, run, startIsolatedEngine, stopIsolatedEngine } from './lib/steps.mjs';

const results = join(root, 'test-results');
const layers = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wants = (layer) => layers.length === 0 || layers.includes(layer);
const phases = new Phases('test');
const phase = (name, fn) => phases.run(name, fn);
const counts = { unit: null, engine: null, integration: null, e2e: null };

function nodeTestCounts(tapFile) {
  if (!existsSync(tapFile)) return { passed: 0, failed: 1 };
  const tap = readFileSync(tapFile, 'utf8');
  const read = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  return { passed: read('pass'), failed: read('fail') + read('cancelled') };
}

function nodeTestFiles(dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return spawnSync('find', [full, '-name', '*.test.js', '-type', 'f'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
}

async function nodeTestLayer(layer, dir, extraArgs = [], env = process.env) {
  const tap = join(results, `${layer}.tap`);
  rmSync(tap, { force: true });
  const files = nodeTestFiles(dir);
  if (files.length === 0) throw new Error(`no test files under ${dir}`);
  await run(process.execPath, [
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...extraArgs,
    ...files,
  ], { env });
  counts[layer] = nodeTestCounts(tap);
}

let engineStartedHere = false;
let lintFailed = false;

async function main() {
  mkdirSync(results, { recursive: true });

  await phase('npm dependencies', ensureNodeModules);

  const needEngine = wants('engine') || wants('integration') || wants('e2e');
  const needWorkbench = wants('integration') || wants('e2e');
  let dockerHost = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  let useExisting = false;

  await phase('system setup', async () => {
    if (needEngine) {
      const mode = process.env.BERTH_TEST_ENGINE;
      useExisting = mode !== 'isolated' && (mode === 'existing' || (await pingEngine(dockerHost)));
      if (useExisting) console.log(`using the Docker engine that answers at ${dockerHost}`);
      else await mustRun('bash', [join(root, 'scripts', 'engine.sh'), 'install']);
      if (!existsSync(process.env.BERTH_BUSYBOX ?? '/bin/busybox')) {
        throw new Error("the tests build FROM scratch images with Debian's static busybox: install busybox-static (scripts/engine.sh install)");
      }
    }
    if (needWorkbench) await mustRun('bash', [join(root, 'scripts', 'workbench.sh'), 'install']);
  });

  await phase('build (esbuild)', () => mustRun(process.execPath, [join(root, 'esbuild.mjs')]));
  // A lint failure fails the run, but the tests still run so that one report shows everything.
  await phase('lint (tsc strict + typescript-eslint)', async () => {
    lintFailed = (await run('npm', ['run', '--silent', 'lint'])) !== 0;
  });
  await phase('package (.vsix)', () => mustRun('npm', ['run', '--silent', 'package']));

  if (wants('unit')) await phase('unit tests (node:test, src/core)', () => nodeTestLayer('unit', 'out/test/unit'));

  if (needEngine && !useExisting) {
    await phase('start the isolated Docker engine', async () => {
      dockerHost = await startIsolatedEngine();
      engineStartedHere = true;
      console.log(`DOCKER_HOST=${dockerHost}`);
    });
  }
  const testEnv = { ...process.env, DOCKER_HOST: dockerHost };

  if (wants('engine')) {
    await phase('engine tests (node:test, src/core/engine against the real engine)', () =>
      nodeTestLayer('engine', 'out/test/engine', ['--test-timeout=300000', '--test-concurrency=1'], testEnv),
    );
  }

  if (wants('integration')) {
    await phase('integration tests (mocha in the extension host)', async () => {
      rmSync(join(results, 'integration-summary.json'), { force: true });
      await run(process.execPath, [join(root, 'out', 'test', 'integration', 'runTest.js')], { env: testEnv });
      const file = join(results, 'integration-summary.json');
      counts.integration = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1 };
    });
  }

  if (wants('e2e')) {
    await phase('e2e tests (playwright + chromium in the workbench)', () =>
      nodeTestLayer('e2e', 'out/test/e2e', ['--test-timeout=300000', '--test-concurrency=1'], testEnv),
    );
  }
}

async function teardown() {
  if (engineStartedHere) await phase('stop the isolated Docker engine', stopIsolatedEngine);
}

let setupError;
try {
  await main();
} catch (error) {
  setupError = error;
  console.error(`\n[test] ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await teardown().catch((e) => console.error(`[test] teardown: ${e.message}`));
}

phases.print();
let passed = 0;
let failed = setupError ? 1 : 0;
console.log('[test] layers');
for (const [layer, c] of Object.entries(counts)) {
  if (!wants(layer)) continue;
  const shown = c ?? { passed: 0, failed: 1 }; // a layer that never ran is a failure, not a silent zero
  console.log(`  ${layer.padEnd(12)} ${shown.passed} passed, ${shown.failed} failed${c ? '' : ' (did not run)'}`);
  passed += shown.passed;
  failed += shown.failed;
}
if (lintFailed) {
  console.log('  lint         failed (see the lint phase above)');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
