// Carries solved placement plans out on a real three-node Swarm (scripts/swarm3.sh: three dockerd in network
// namespaces; n1 gpu=8, n2 gpu=4, n3 none) and checks, on each node's own engine, that every task runs where the plan says.
import { after, test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { checkPlan } from '../../src/core/placement/checkPlan';
import type { Objective, PlacementProblem, Plan, ServiceDemand } from '../../src/core/placement/placementProblem';
import { solvePlacement } from '../../src/core/placement/solvePlacement';
import { applyPlanToSwarm, type ApplyResult, type SwarmServiceTemplate } from '../../src/core/placement/swarm/applyPlanToSwarm';
import { comparePlacement } from '../../src/core/placement/swarm/comparePlacement';
import { nodesFromSwarm } from '../../src/core/placement/swarm/nodesFromSwarm';
import { observeSwarmPlacement, type ObservedPlacement } from '../../src/core/placement/swarm/observeSwarmPlacement';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '..', '..', '..', 'scripts', 'swarm3.sh');
const PREFIX = 'berth-t-';
const IMAGE = 'berth/busybox:1';
const MiB = 1024 ** 2;
// A PID-1 `sleep` ignores SIGTERM: a short grace period keeps removals and scale-downs quick.
const SLEEPER: SwarmServiceTemplate = { image: IMAGE, command: ['sleep', '3600'], stopGracePeriodMillis: 1000 };

interface Swarm {
  readonly manager: Docker;
  /** Each node's own engine, by the hostname that engine reports. */
  readonly engines: ReadonlyMap<string, Docker>;
}

let swarm: Swarm | undefined;
let skipped: string | undefined;
/** Set once this file ran `up` and the script did not refuse because another swarm3 was up: then `down` is ours to run. */
let ownsSwarm = false;
let plan1: Plan | undefined;
let applied1: ApplyResult | undefined;

after(async () => {
  if (!ownsSwarm) return;
  const started = performance.now();
  const { stderr } = await run('bash', [SCRIPT, 'down'], { timeout: 120_000 });
  console.log(`swarm3 down in ${ms(started)} (${timingLine(stderr)})`);
});

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

function timingLine(stderr: string): string {
  return /timing: (.*)/.exec(stderr)?.[1] ?? 'no timing line';
}

function skipReason(): string | undefined {
  if (process.platform !== 'linux') return 'swarm3 needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'swarm3 needs root (network namespaces, three dockerd)';
  return undefined;
}

/** The swarm, or a skip when the first test skipped; throws when bringing it up failed. */
function needSwarm(t: TestContext): Swarm | undefined {
  if (skipped) {
    t.skip(skipped);
    return undefined;
  }
  if (!swarm) throw new Error('the swarm is not up: see the first test');
  return swarm;
}

function sumPlan(plan: Plan): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const a of plan.assignments) {
    if (a.replicas === 0) continue;
    const perNode = out.get(a.service) ?? new Map<string, number>();
    perNode.set(a.node, (perNode.get(a.node) ?? 0) + a.replicas);
    out.set(a.service, perNode);
  }
  return out;
}

function asObject(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([s, m]) => [s, Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)))]));
}

interface NodeContainer {
  readonly service: string;
  readonly node: string;
  readonly gpuEnv: string | undefined;
}

/** Ground truth that shares nothing with the manager's task list: the running containers each node's own engine has. */
async function containersOnNodes(engines: ReadonlyMap<string, Docker>, prefix: string): Promise<NodeContainer[]> {
  const out: NodeContainer[] = [];
  for (const [node, engine] of engines) {
    const list = await engine.listContainers({ filters: { label: [`berth.plan=${prefix}`], status: ['running'] } });
    for (const c of list) {
      const info = await engine.getContainer(c.Id).inspect();
      const gpuEnv = info.Config.Env.find((e) => e.startsWith('DOCKER_RESOURCE_GPU='))?.split('=')[1];
      out.push({ service: c.Labels['berth.service'] ?? '?', node, gpuEnv });
    }
  }
  return out;
}

function countContainers(containers: readonly NodeContainer[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const c of containers) {
    const perNode = out.get(c.service) ?? new Map<string, number>();
    perNode.set(c.node, (perNode.get(c.node) ?? 0) + 1);
    out.set(c.service, perNode);
  }
  return out;
}

async function runningTaskIds(manager: Docker, serviceIds: readonly string[]): Promise<string[]> {
  const tasks = (await manager.listTasks({ filters: { service: [...serviceIds], 'desired-state': ['running'] } })) as { ID: string }[];
  return tasks.map((t) => t.ID).sort();
}

function demands(): ServiceDemand[] {
  return [
    { name: 'llm', replicas: 2, cpuMillis: 100, memoryBytes: 32 * MiB, gpus: 4, maxReplicasPerNode: 1 },
    { name: 'embed', replicas: 1, cpuMillis: 100, memoryBytes: 32 * MiB, gpus: 2 },
    { name: 'vector-db', replicas: 1, cpuMillis: 100, memoryBytes: 64 * MiB, gpus: 0, constraints: [{ key: 'node.labels.zone', op: '==', value: 'b' }] },
    { name: 'gateway', replicas: 3, cpuMillis: 50, memoryBytes: 16 * MiB, gpus: 0 },
  ];
}

async function problemFromSwarm(manager: Docker, services: ServiceDemand[]): Promise<PlacementProblem> {
  const { nodes, warnings } = nodesFromSwarm(await manager.listNodes());
  assert.deepEqual(warnings, []);
  return { nodes, services };
}

function solve(t: TestContext, problem: PlacementProblem, objective: Objective): Plan {
  const started = performance.now();
  const plan = solvePlacement(problem, { objective, timeLimitMs: 3000 });
  t.diagnostic(`solve (${objective}): ${ms(started)}, status ${plan.status}, ${plan.assignments.map((a) => `${a.service}@${a.node}×${a.replicas}`).join(' ')}`);
  return plan;
}

async function applyAndObserve(t: TestContext, manager: Docker, plan: Plan, problem: PlacementProblem, prefix: string): Promise<{ result: ApplyResult; observed: ObservedPlacement }> {
  const templates = new Map(problem.services.map((s) => [s.name, SLEEPER]));
  const progress: string[] = [];
  const result = await applyPlanToSwarm(manager, plan, problem, templates, { prefix, onProgress: (m) => progress.push(m) });
  const observed = await observeSwarmPlacement(manager, result.serviceIds, 30_000);
  t.diagnostic(`apply: ${result.millis} ms (${progress.join('; ')}); tasks settled ${observed.millis} ms later`);
  return { result, observed };
}

test('scripts/swarm3.sh brings up a three-node swarm whose nodes become placement capacities', async (t) => {
  skipped = skipReason();
  if (skipped) {
    t.skip(skipped);
    return;
  }
  // CI starts from a fresh machine: the script installs what it lacks (iproute2 among it) before `ip netns` can be asked.
  const installStarted = performance.now();
  await run('bash', [SCRIPT, 'install'], { timeout: 900_000 });
  t.diagnostic(`install check: ${ms(installStarted)}`);
  if (spawnSync('ip', ['netns', 'list']).status !== 0) {
    skipped = '`ip netns` does not work here (no network namespaces)';
    t.skip(skipped);
    return;
  }

  const started = performance.now();
  ownsSwarm = true;
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [SCRIPT, 'up'], { timeout: 180_000 }).then((r) => {
      t.diagnostic(`swarm3 up: ${ms(started)} (${timingLine(r.stderr)})`);
      return r;
    }));
  } catch (error) {
    // Another swarm3 is up (fixed namespace names): it is not ours to take down.
    if (/already up/.test(String((error as { stderr?: unknown }).stderr))) ownsSwarm = false;
    throw error;
  }
  const sockets = new Map([...stdout.matchAll(/^export DOCKER_HOST_N(\d)=unix:\/\/(\S+)$/gm)].map((m) => [m[1], m[2]]));
  assert.equal(sockets.size, 3, stdout);
  const manager = new Docker({ socketPath: sockets.get('1') });
  const engines = new Map<string, Docker>();
  for (const socketPath of sockets.values()) {
    const engine = new Docker({ socketPath });
    engines.set(((await engine.info()) as { Name: string }).Name, engine);
  }
  assert.deepEqual([...engines.keys()].sort(), ['berth-n1', 'berth-n2', 'berth-n3'], 'each engine has its own hostname');
  swarm = { manager, engines };

  const { nodes, warnings } = nodesFromSwarm(await manager.listNodes());
  assert.deepEqual(warnings, []);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  assert.deepEqual([...byName.keys()].sort(), ['berth-n1', 'berth-n2', 'berth-n3']);
  assert.deepEqual(
    ['berth-n1', 'berth-n2', 'berth-n3'].map((n) => [byName.get(n)?.gpus, byName.get(n)?.role, byName.get(n)?.labels]),
    [
      [8, 'manager', { gpu: 'h100', zone: 'a' }],
      [4, 'worker', { gpu: 'a100', zone: 'b' }],
      [0, 'worker', { zone: 'b' }],
    ],
  );
  for (const node of nodes) {
    assert.ok(node.cpuMillis >= 1000 && node.memoryBytes > 512 * MiB, `${node.name}: ${node.cpuMillis} mCPU, ${node.memoryBytes} bytes`);
    assert.equal(node.platform?.os, 'linux');
  }
});

test('a solved plan runs on the nodes it names: counts per node agree on the manager and on each node', async (t) => {
  const s = needSwarm(t);
  if (!s) return;
  const problem = await problemFromSwarm(s.manager, demands());
  const plan = solve(t, problem, 'spread');
  assert.deepEqual(checkPlan(problem, plan), []);
  assert.deepEqual(plan.unplaced, []);
  const planned = sumPlan(plan);
  // Forced by the problem, whatever the solver: llm (4 GPUs, one per node) needs both GPU nodes; embed (2 GPUs) then
  // fits only on n1 (8 - 4 left, n2 has 4 - 4); vector-db needs zone b (n2 or n3).
  assert.deepEqual(asObject(new Map([['llm', planned.get('llm') ?? new Map<string, number>()]])), { llm: { 'berth-n1': 1, 'berth-n2': 1 } });
  assert.deepEqual([...(planned.get('embed') ?? [])], [['berth-n1', 1]]);
  assert.ok([...(planned.get('vector-db')?.keys() ?? [])].every((n) => n === 'berth-n2' || n === 'berth-n3'));

  const { result, observed } = await applyAndObserve(t, s.manager, plan, problem, PREFIX);
  assert.ok(result.services.every((x) => x.action === 'created'));
  assert.deepEqual(result.services.filter((x) => x.service === 'llm').map((x) => x.name).sort(), ['berth-t-llm-berth-n1', 'berth-t-llm-berth-n2']);
  assert.ok(result.services.some((x) => x.name === 'berth-t-embed'));
  assert.equal(observed.settled, true, JSON.stringify(observed.pending));
  assert.deepEqual(comparePlacement(plan, observed), { matches: true, differences: [] });

  const containers = await containersOnNodes(s.engines, PREFIX);
  assert.deepEqual(asObject(countContainers(containers)), asObject(planned));
  // Swarm hands each task the GPUs it reserved: the count shows in the container's environment.
  for (const c of containers) {
    const gpus = problem.services.find((x) => x.name === c.service)?.gpus;
    assert.equal(c.gpuEnv, gpus === 0 ? undefined : String(gpus), `${c.service} on ${c.node}`);
  }
  plan1 = plan;
  applied1 = result;
});

test('re-applying a changed plan updates services in place, removes the dropped ones and leaves other services alone', async (t) => {
  const s = needSwarm(t);
  if (!s) return;
  assert.ok(plan1 && applied1, 'the first apply ran');
  const bystander = await s.manager.createService({
    Name: 'bystander',
    TaskTemplate: { ContainerSpec: { Image: IMAGE, Args: ['sleep', '3600'], StopGracePeriod: 1e9 } },
    Mode: { Replicated: { Replicas: 1 } },
  });
  const llmIds = applied1.services.filter((x) => x.service === 'llm').map((x) => x.id);
  const llmTasksBefore = await runningTaskIds(s.manager, llmIds);

  // embed 1 -> 2 replicas (both fit only on n1: 4 GPUs left there), gateway dropped, llm and vector-db unchanged.
  const services = demands()
    .filter((d) => d.name !== 'gateway')
    .map((d) => (d.name === 'embed' ? { ...d, replicas: 2 } : d));
  const problem = await problemFromSwarm(s.manager, services);
  const plan = solve(t, problem, 'pack');
  assert.deepEqual(checkPlan(problem, plan), []);
  assert.deepEqual([...(sumPlan(plan).get('embed') ?? [])], [['berth-n1', 2]]);

  const { result, observed } = await applyAndObserve(t, s.manager, plan, problem, PREFIX);
  const embed = result.services.find((x) => x.service === 'embed');
  assert.equal(embed?.name, 'berth-t-embed');
  assert.equal(embed.action, 'updated');
  assert.equal(embed.id, applied1.services.find((x) => x.service === 'embed')?.id, 'the same Swarm service, updated');
  const inspected = (await s.manager.getService(embed.id).inspect()) as { Spec: { Mode: { Replicated: { Replicas: number } } } };
  assert.equal(inspected.Spec.Mode.Replicated.Replicas, 2);
  const droppedNames = applied1.services.filter((x) => x.service === 'gateway').map((x) => x.name);
  assert.deepEqual([...result.removed].sort(), droppedNames.sort());

  assert.equal(observed.settled, true, JSON.stringify(observed.pending));
  assert.deepEqual(comparePlacement(plan, observed), { matches: true, differences: [] });
  assert.deepEqual(asObject(countContainers(await containersOnNodes(s.engines, PREFIX))), asObject(sumPlan(plan)));
  // llm kept its nodes and spec: updating it must not have restarted its GPU tasks.
  assert.deepEqual(await runningTaskIds(s.manager, llmIds), llmTasksBefore);
  const remaining = (await s.manager.listServices()) as { ID: string }[];
  assert.ok(remaining.some((x) => x.ID === bystander.id), 'a service without Berth labels is left alone');
});

test('a request above every node stays pending with the scheduler’s message, and another prefix leaves this plan alone', async (t) => {
  const s = needSwarm(t);
  if (!s) return;
  const before = (await s.manager.listServices({ filters: { label: [`berth.plan=${PREFIX}`] } })).map((x) => x.ID).sort();
  assert.ok(before.length > 0);
  const huge: ServiceDemand = { name: 'huge', replicas: 1, cpuMillis: 10, memoryBytes: 8 * MiB, gpus: 16 };
  const problem = await problemFromSwarm(s.manager, [huge]);
  // The solver already knows: nothing places 16 GPUs on nodes of 8, 4 and 0.
  const solved = solve(t, problem, 'priority');
  assert.deepEqual(solved.assignments, []);
  assert.deepEqual(solved.unplaced.map((u) => u.service), ['huge']);

  // Forced onto the largest node anyway, Swarm must say the same.
  const forced: Plan = { ...solved, status: 'feasible', assignments: [{ service: 'huge', node: 'berth-n1', replicas: 1 }], unplaced: [] };
  const started = performance.now();
  const { observed } = await applyAndObserve(t, s.manager, forced, problem, 'berth-x-');
  t.diagnostic(`pending reported after ${ms(started)}: ${observed.pending.map((p) => p.reason).join('; ')}`);
  assert.equal(observed.settled, true);
  assert.equal(observed.running.size, 0);
  assert.equal(observed.pending.length, 1);
  const [pending] = observed.pending;
  assert.ok(pending);
  assert.equal(pending.service, 'huge');
  assert.match(pending.reason, /^no suitable node \(.*insufficient resources on \d nodes?/);
  const compared = comparePlacement(forced, observed);
  assert.equal(compared.matches, false);
  assert.ok(compared.differences.some((d) => d.includes('pending: no suitable node')));
  const after = (await s.manager.listServices({ filters: { label: [`berth.plan=${PREFIX}`] } })).map((x) => x.ID).sort();
  assert.deepEqual(after, before);
});
