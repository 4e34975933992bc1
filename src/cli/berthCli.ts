// `berth plan`: the placement planner for pipelines, on the same core as the extension (no vscode, no engine).
//   berth plan --compose compose.yaml [--compose override.yaml] --nodes berth.nodes.yaml|nodes.json
//              [--objective pack|spread|priority] [--profile P] [--budget-ms 2000] [--json | --export compose|kubernetes]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readCompose } from '../core/compose/readCompose';
import { readDotEnvBeside } from '../core/compose/readDotEnvBeside';
import type { ComposeDiagnostic } from '../core/compose/workload';
import { exportComposeOverride } from '../core/placement/export/exportComposeOverride';
import { exportKubernetes } from '../core/placement/export/exportKubernetes';
import { nodesFromKubectl } from '../core/placement/nodes/nodesFromKubectl';
import { readNodeInventory } from '../core/placement/nodes/readNodeInventory';
import type { NodeCapacity, Objective, PlacementProblem } from '../core/placement/placementProblem';
import { servicesToDemands } from '../core/placement/servicesToDemands';
import { solveInWorker } from '../core/placement/solveInWorker';
import { formatPlanText } from './formatPlanText';

const USAGE = `usage: berth plan --compose FILE [--compose FILE …] --nodes FILE [--objective pack|spread|priority]
                  [--profile NAME …] [--budget-ms N] [--json | --export compose|kubernetes]
  --nodes takes a berth.nodes.yaml inventory or the JSON of \`kubectl get nodes -o json\`.
exit status: 0 every service placed, 2 some left out or infeasible, 1 bad input.`;

export class CliError extends Error {}

const OBJECTIVES: readonly Objective[] = ['pack', 'spread', 'priority'];

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function formatDiagnostic(d: ComposeDiagnostic): string {
  return `${d.range.file}:${d.range.startLine + 1}:${d.range.startColumn + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** The solver's worker script: beside this file in dist/, or in the transpiled tree out/src/core/placement/. */
function workerFile(): string {
  const bundled = join(__dirname, 'placementWorker.js');
  return existsSync(bundled) ? bundled : join(__dirname, '..', 'core', 'placement', 'placementWorker.js');
}

export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliOutput> {
  const err: string[] = [];
  try {
    const [command, ...rest] = argv;
    if (command === '--help' || command === '-h' || command === undefined) return { stdout: `${USAGE}\n`, stderr: '', exitCode: command ? 0 : 1 };
    if (command !== 'plan') throw new CliError(`unknown command "${command}"`);
    const { values } = parseArgs({
      args: [...rest],
      options: {
        compose: { type: 'string', multiple: true },
        nodes: { type: 'string' },
        objective: { type: 'string', default: 'pack' },
        profile: { type: 'string', multiple: true },
        'budget-ms': { type: 'string', default: '2000' },
        json: { type: 'boolean', default: false },
        export: { type: 'string' },
      },
      strict: true,
    });
    const composeFiles = values.compose ?? [];
    if (composeFiles.length === 0) throw new CliError('--compose is required');
    if (!values.nodes) throw new CliError('--nodes is required');
    const objective = values.objective as Objective;
    if (!OBJECTIVES.includes(objective)) throw new CliError(`--objective must be one of ${OBJECTIVES.join(', ')}`);
    const budgetMs = Number(values['budget-ms']);
    if (!Number.isFinite(budgetMs) || budgetMs < 10 || budgetMs > 600_000) throw new CliError('--budget-ms must be a number of milliseconds between 10 and 600000');
    if (values.export !== undefined && values.export !== 'compose' && values.export !== 'kubernetes') throw new CliError('--export must be compose or kubernetes');

    const files = composeFiles.map((f) => ({ path: resolve(f), text: readText(resolve(f)) }));
    const dotEnv = files[0] ? readDotEnvBeside(files[0].path) : undefined;
    const compose = readCompose({
      files,
      env,
      ...(dotEnv ? { dotEnv } : {}),
      profiles: values.profile ?? [],
      readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    });
    err.push(...compose.diagnostics.map(formatDiagnostic));

    const nodesPath = resolve(values.nodes);
    const nodesText = readText(nodesPath);
    let nodes: NodeCapacity[];
    if (nodesPath.endsWith('.json')) {
      let json: unknown;
      try {
        json = JSON.parse(nodesText);
      } catch (e) {
        throw new CliError(`${nodesPath}: not JSON (${(e as Error).message})`);
      }
      const k = nodesFromKubectl(json);
      nodes = k.nodes;
      err.push(...k.warnings.map((w) => `${nodesPath}: warning: ${w}`));
    } else {
      const inventory = readNodeInventory(nodesPath, nodesText);
      nodes = inventory.nodes;
      err.push(...inventory.diagnostics.map(formatDiagnostic));
    }
    if (compose.diagnostics.some((d) => d.severity === 'error')) throw new CliError('the compose files have errors (above)');
    if (nodes.length === 0) throw new CliError(`${nodesPath} declares no usable node`);

    const problem: PlacementProblem = { services: servicesToDemands(compose.workload), nodes };
    if (problem.services.length === 0) throw new CliError('no active service in the compose files (check --profile)');
    const plan = await solveInWorker(problem, { objective, budgetMs }, workerFile());

    let stdout: string;
    if (values.json) stdout = `${JSON.stringify({ objective, plan, nodes: problem.nodes.map((n) => n.name) }, null, 2)}\n`;
    else if (values.export === 'compose') stdout = exportComposeOverride(plan, problem);
    else if (values.export === 'kubernetes') stdout = exportKubernetes(plan, problem);
    else stdout = formatPlanText(problem, plan);
    const complete = plan.unplaced.length === 0 && plan.status !== 'infeasible';
    return { stdout, stderr: err.map((l) => `${l}\n`).join(''), exitCode: complete ? 0 : 2 };
  } catch (e) {
    err.push(`berth: ${e instanceof Error ? e.message : String(e)}`);
    const usageMistake = e instanceof CliError || String((e as NodeJS.ErrnoException | undefined)?.code).startsWith('ERR_PARSE_ARGS');
    if (usageMistake) err.push(USAGE);
    return { stdout: '', stderr: err.map((l) => `${l}\n`).join(''), exitCode: 1 };
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((out) => {
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    process.exitCode = out.exitCode;
  });
}
