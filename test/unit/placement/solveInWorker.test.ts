// The solver in a worker thread: plans stream back, the budget holds even for a huge instance, abort and invalid
// input reject, and the caller's event loop stays free.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPlan } from '../../../src/core/placement/checkPlan';
import type { PlacementProblem, Plan } from '../../../src/core/placement/placementProblem';
import { sampleProblem } from '../../../src/core/placement/sampleProblem';
import { solveInWorker } from '../../../src/core/placement/solveInWorker';
import { InvalidPlacementProblem } from '../../../src/core/placement/validateProblem';
import { randomProblem } from './randomProblem';

const WORKER = join(__dirname, '..', '..', '..', 'src', 'core', 'placement', 'placementWorker.js');
const GiB = 1024 ** 3;

/** 4,000 services × 150 nodes, with constraints and pins: far more than a 300 ms search can finish. */
function hugeProblem(): PlacementProblem {
  const nodes = Array.from({ length: 150 }, (_, i) => ({
    name: `node-${i}`,
    cpuMillis: (32 + (i % 4) * 16) * 1000,
    memoryBytes: (128 + (i % 3) * 128) * GiB,
    gpus: i % 5 === 0 ? 8 : i % 5 === 1 ? 4 : 0,
    gpuMemoryBytes: i % 5 === 0 ? 80 * GiB : 48 * GiB,
    labels: { zone: i % 2 === 0 ? 'a' : 'b' },
    costPerHour: i % 5 === 0 ? 100 : i % 5 === 1 ? 30 : 4,
  }));
  const services = Array.from({ length: 4000 }, (_, i) => ({
    name: `svc-${i}`,
    replicas: 1 + (i % 3),
    cpuMillis: (1 + (i % 6)) * 250,
    memoryBytes: (1 + (i % 5)) * GiB,
    gpus: i % 25 === 0 ? 1 : 0,
    ...(i % 7 === 0 ? { constraints: [{ key: 'node.labels.zone', op: '==' as const, value: 'a' }] } : {}),
    ...(i % 11 === 0 ? { pinnedNodes: [`node-${i % 150}`, `node-${(i * 7) % 150}`] } : {}),
    ...(i % 3 === 2 ? { maxReplicasPerNode: 1 } : {}),
  }));
  return { services, nodes };
}

describe('solveInWorker', () => {
  test('returns the solver plan for the sample, reporting plans as they come', async () => {
    const seen: Plan[] = [];
    const plan = await solveInWorker(sampleProblem, { objective: 'pack', budgetMs: 3000, onPlan: (p) => seen.push(p) }, WORKER);
    assert.deepEqual(checkPlan(sampleProblem, plan), []);
    assert.equal(plan.status, 'optimal');
    assert.ok(!plan.stages.includes('timeout'));
    assert.ok(seen.length >= 1);
    assert.deepEqual(seen[0]?.stages, ['heuristic']);
  });

  test('a huge instance with budgetMs 300 comes back within about a second, with a valid plan', async () => {
    const problem = hugeProblem();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    const started = performance.now();
    const plan = await solveInWorker(problem, { objective: 'pack', budgetMs: 300 }, WORKER);
    const ms = performance.now() - started;
    clearInterval(timer);
    assert.ok(ms < 1200, `took ${ms.toFixed(0)} ms`);
    assert.deepEqual(checkPlan(problem, plan), []);
    assert.ok(plan.stages.includes('timeout'), plan.stages.join(','));
    assert.notEqual(plan.status, 'optimal');
    // The caller's event loop ran while the worker searched.
    assert.ok(ticks >= 5, `only ${ticks} timer ticks in ${ms.toFixed(0)} ms`);
  });

  test('abort rejects with an AbortError and stops the worker', async () => {
    const controller = new AbortController();
    const pending = solveInWorker(hugeProblem(), { objective: 'spread', budgetMs: 10_000, signal: controller.signal }, WORKER);
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    await assert.rejects(pending, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.ok(performance.now() - started < 1000);
    const already = AbortSignal.abort();
    await assert.rejects(solveInWorker(sampleProblem, { objective: 'pack', budgetMs: 1000, signal: already }, WORKER), { name: 'AbortError' });
  });

  test('an invalid problem rejects before any thread starts', async () => {
    const bad: PlacementProblem = { services: [{ name: 'x', cpuMillis: -5, memoryBytes: 1, gpus: 0 }], nodes: [] };
    await assert.rejects(solveInWorker(bad, { objective: 'pack', budgetMs: 1000 }, WORKER), (e: unknown) => e instanceof InvalidPlacementProblem && /x: cpuMillis is -5/.test(e.message));
  });

  test('a missing worker file rejects instead of hanging', async () => {
    await assert.rejects(solveInWorker(sampleProblem, { objective: 'pack', budgetMs: 1000 }, join(__dirname, 'no-such-worker.js')));
  });

  test('plans from the worker pass checkPlan for every objective', async () => {
    const problem = randomProblem(7, { services: 25, nodes: 6 });
    for (const objective of ['pack', 'spread', 'priority'] as const) {
      const plan = await solveInWorker(problem, { objective, budgetMs: 400 }, WORKER);
      assert.deepEqual(checkPlan(problem, plan), [], objective);
    }
  });
});
