// Builds Berth: dist/extension.js (Node, CommonJS, `vscode` external), dist/webview/*.js (browser), the codicon
// assets the webviews link, and out/ (every test, bench and source file transpiled one-to-one for the test runners).
//   node esbuild.mjs [--production] [--watch] [--no-tests | --tests-only]
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = !process.argv.includes('--no-tests') && !production;
// --tests-only: transpile out/ and leave dist/ alone (safe to run while a workbench uses dist/).
const testsOnly = process.argv.includes('--tests-only');

/** Every .ts file under a folder, skipping fixtures (they are sample user projects, not our code). */
function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'fixtures' && name !== 'node_modules') out.push(...tsFiles(full));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    // The composition root, plus feature bundles it loads on first use (src/vscode/loadBundle.ts).
    entryPoints: {
      extension: 'src/extension.ts',
      dockerodeBundle: 'src/bundles/dockerodeBundle.ts',
      scaffoldBundle: 'src/bundles/scaffoldBundle.ts',
      editorBundle: 'src/bundles/editorBundle.ts',
      // The solver's worker thread: yalps and the heuristic, run away from the extension host's event loop.
      placementWorker: 'src/core/placement/placementWorker.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // dockerode -> ssh2 and cpu-features have optional native addons. Leaving `*.node` external makes their
    // require() fail inside a try/catch, and ssh2 falls back to Node's own crypto: ssh:// keeps working.
    external: ['vscode', '*.node'],
    // yaml's node build reads process.env.LOG_TOKENS on every token; its browser build is the same code without it.
    alias: { yaml: './node_modules/yaml/browser/index.js' },
  },
  {
    ...common,
    // `berth plan …` for pipelines: the same core as the extension, no vscode.
    entryPoints: { cli: 'src/cli/berthCli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { planPreview: 'webview/planPreview.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
];
if (testsOnly) builds.length = 0;
if (withTests) {
  builds.push({
    entryPoints: [...tsFiles('src'), ...tsFiles('test'), ...tsFiles('bench')],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** Every .json file under a folder: the data tables src/ imports. */
function jsonFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
  });
}

// The one-to-one transpile leaves `require('./table.json')` as is, so out/src/ needs the JSON beside the .js.
function copyJsonToOut() {
  for (const file of jsonFiles(join(root, 'src'))) {
    const target = join(root, 'out', relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
}

function copyAssets() {
  if (withTests || testsOnly) copyJsonToOut();
  if (testsOnly) {
    chmodSync(join(root, 'out/test/integration/codeServerLauncher.js'), 0o755);
    return;
  }
  // The webviews link codicon.css + its font from dist/ so that the .vsix needs no node_modules.
  chmodSync(join(root, 'dist/cli.js'), 0o755);
  mkdirSync(join(root, 'dist/codicons'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(join(root, 'node_modules/@vscode/codicons/dist', f), join(root, 'dist/codicons', f));
  }
  if (withTests) {
    // @vscode/test-electron spawns this launcher as if it were the VS Code executable.
    chmodSync(join(root, 'out/test/integration/codeServerLauncher.js'), 0o755);
  }
}

function report(results) {
  for (const r of results) {
    if (!r.metafile) continue;
    for (const [file, meta] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.map') || !file.startsWith('dist')) continue;
      console.log(`  ${relative(root, join(root, file)).padEnd(32)} ${(meta.bytes / 1024).toFixed(1).padStart(8)} KB`);
    }
  }
}

/** In watch mode, one line when a rebuild starts and one when it ends, for the problem matcher in .vscode/tasks.json. */
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => console.log('[esbuild] build started'));
    build.onEnd((result) => {
      for (const e of result.errors) {
        const where = e.location ? ` (${e.location.file}:${e.location.line}:${e.location.column + 1})` : '';
        console.error(`✘ [ERROR] ${e.text}${where}`);
      }
      console.log('[esbuild] watching');
    });
  },
};

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [watchLog] })));
  await Promise.all(contexts.map((c) => c.rebuild()));
  copyAssets();
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const started = Date.now();
  if (!testsOnly) rmSync(join(root, 'dist'), { recursive: true, force: true }); // no stale bundle or source map reaches the .vsix
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  console.log(`[esbuild] ${production ? 'production' : 'development'} build in ${Date.now() - started} ms`);
  report(results);
}
