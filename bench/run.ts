// npm run bench: every benchmark, each printed as a ratio against a reference measured in the same run.
import { benchActivation } from './activation/run';
import Docker from 'dockerode';
import { EXTENSION_BUDGET_BYTES, measureBundles } from './bundleSize';
import { benchContext, printContextBench } from './context';
import { benchExplorer } from './explorer';
import { benchLint } from './lint';
import { runPlacementBench } from './placement/index';
import { benchLogs } from './logs';
import { benchLogsHost } from './logsHost/run';
import { benchScaffoldDetect } from './scaffoldDetect';

const KB = 1024;

async function main(): Promise<void> {
  console.log('bench/bundleSize (production build)');
  const bundles = measureBundles();
  const nodeSide = bundles.filter((b) => !b.file.includes('/webview/')).reduce((s, b) => s + b.bytes, 0);
  for (const b of bundles) {
    console.log(`  ${b.file.padEnd(30)} ${(b.bytes / KB).toFixed(1).padStart(8)} KB  gzip ${(b.gzipBytes / KB).toFixed(1).padStart(7)} KB  ${(b.bytes / b.budgetBytes).toFixed(2)}× of the ${(b.budgetBytes / KB).toFixed(0)} KB budget`);
  }
  console.log(`  extension bundles together (extension + feature bundles): ${(nodeSide / KB).toFixed(1)} KB, ${(nodeSide / EXTENSION_BUDGET_BYTES).toFixed(2)}× of the ${(EXTENSION_BUDGET_BYTES / KB).toFixed(0)} KB budget`);
  console.log('bench/scaffoldDetect (detectProject on a 10,000-file project, median of 9)');
  const d = await benchScaffoldDetect();
  console.log(`  detectProject: ${d.detectMs.toFixed(1)} ms for ${d.files} files (budget 300 ms: ${(d.detectMs / 300).toFixed(2)}× of it)`);
  console.log(`  reference, readdir({ recursive: true }) of the same tree: ${d.listMs.toFixed(1)} ms; ratio ${d.ratio.toFixed(2)}×`);
  printContextBench(await benchContext());
  await runPlacementBench();
  console.log('bench/lint (a 2,000-line Dockerfile and a 2,000-line compose file, median of 21)');
  const lint = benchLint();
  console.log(`  lintDockerfile (${lint.dockerfileLines} lines): ${lint.dockerfileMs.toFixed(1)} ms (aim < 20 ms); Berth's parse and rules alone ${lint.berthRulesMs.toFixed(1)} ms`);
  console.log(`  reference, dockerfile-utils validate() on the same text: ${lint.validateMs.toFixed(1)} ms; ratio ${(lint.dockerfileMs / lint.validateMs).toFixed(2)}×`);
  console.log(`  readCompose + lintCompose (${lint.composeLines} lines): ${(lint.readComposeMs + lint.lintComposeMs).toFixed(1)} ms, of which lintCompose ${lint.lintComposeMs.toFixed(2)} ms (aim < 20 ms)`);
  console.log(`  reference, yaml parseDocument on the same text: ${lint.yamlParseMs.toFixed(1)} ms; ratio ${((lint.readComposeMs + lint.lintComposeMs) / lint.yamlParseMs).toFixed(2)}×`);
  if (process.env.DOCKER_HOST) {
    console.log(`bench/explorer (300 stopped containers in 10 compose projects, engine ${process.env.DOCKER_HOST})`);
    const e = await benchExplorer(new Docker());
    console.log(`  Berth loadEngineSnapshot (grouped tree data ready): ${e.berthMs.toFixed(1)} ms (aim: refresh ≤ 200 ms at 300)`);
    if (e.cliMs === undefined) console.log(`  ${e.note ?? ''}`);
    else console.log(`  reference, docker ps -a --format json (execFile + parse): ${e.cliMs.toFixed(1)} ms; ratio ${(e.ratio ?? Number.NaN).toFixed(2)}× (aim ≤ 1×)`);
    console.log('bench/logs (a container that wrote 1,000,000 lines of ~100 bytes; median of 3)');
    const l = await benchLogs(new Docker());
    console.log(`  Berth pipeline (engine → demux → split → batched sink): ${Math.round(l.berthLinesPerSecond).toLocaleString('en-US')} lines/s; peak growth RSS ${(l.peakRssGrowth / 2 ** 20).toFixed(1)} MiB, heap ${(l.peakHeapGrowth / 2 ** 20).toFixed(1)} MiB (aim < 64 MB)`);
    if (l.cliLinesPerSecond === undefined) console.log(`  ${l.note ?? ''}`);
    else console.log(`  reference, docker logs > /dev/null: ${Math.round(l.cliLinesPerSecond).toLocaleString('en-US')} lines/s; ratio ${(l.ratio ?? Number.NaN).toFixed(2)}× (aim ≥ 1×)`);
    console.log('bench/logsHost (the real extension host following a 200,000-line burst into an output channel)');
    const h = await benchLogsHost();
    console.log(`  event-loop delay while streaming: p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms (aim < 50 ms), max ${h.maxMs} ms`);
  } else {
    console.log('bench/explorer skipped: no DOCKER_HOST (npm run bench starts the isolated engine when it can)');
  }
  const runs = Number(process.env.BERTH_BENCH_RUNS ?? 5);
  console.log(`bench/activation (real extension host, code-server 4.100.3, median of ${runs} fresh hosts)`);
  const a = await benchActivation(runs);
  console.log(`  Berth activate(): ${a.berth.wallMs.toFixed(1)} ms wall (module load + activate), ${a.berth.insideMs.toFixed(1)} ms inside activate(); aim < 50 ms`);
  console.log(`  reference extension: ${a.reference.wallMs.toFixed(1)} ms wall`);
  console.log(`  ratio Berth / reference: ${a.ratio.toFixed(2)}×`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
