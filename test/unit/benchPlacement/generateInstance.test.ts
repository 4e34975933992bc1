import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateInstance } from '../../../bench/placement/generateInstance';
import { oversubscribe } from '../../../bench/placement/oversubscribe';
import type { Assignment, NodeCapacity, PlacementProblem, ServiceDemand } from '../../../src/core/placement/placementProblem';

const GiB = 1024 ** 3;
const SIZES = [
  [20, 5],
  [50, 10],
  [100, 20],
  [200, 40],
  [500, 50],
] as const;

/** An independent check that `witness` places every replica of `problem` validly; returns the violations. */
function violations(problem: PlacementProblem, witness: readonly Assignment[]): string[] {
  const found: string[] = [];
  const nodes = new Map(problem.nodes.map((n) => [n.name, n]));
  const services = new Map(problem.services.map((s) => [s.name, s]));
  const used = new Map<string, { cpu: number; memory: number; gpus: number }>();
  const count = new Map<string, number>();
  for (const a of witness) {
    const svc = services.get(a.service);
    const node = nodes.get(a.node);
    if (!svc || !node) {
      found.push(`unknown ${a.service} or ${a.node}`);
      continue;
    }
    count.set(a.service, (count.get(a.service) ?? 0) + a.replicas);
    if (svc.pinnedNodes && !svc.pinnedNodes.includes(node.name)) found.push(`${svc.name} off its pins on ${node.name}`);
    if (svc.maxReplicasPerNode !== undefined && a.replicas > svc.maxReplicasPerNode) found.push(`${svc.name}: ${a.replicas} on ${node.name}`);
    for (const c of svc.constraints ?? []) {
      const label = node.labels?.[c.key.replace('node.labels.', '')] ?? '';
      if ((label === c.value) !== (c.op === '==')) found.push(`${svc.name} breaks ${c.key} ${c.op} ${c.value} on ${node.name}`);
    }
    const gpus = svc.gpus === 'all' ? node.gpus : svc.gpus;
    if (gpus > 0 && (node.gpuMemoryBytes ?? 0) < (svc.gpuMemoryBytes ?? 0)) found.push(`${svc.name}: GPU memory of ${node.name}`);
    const u = used.get(node.name) ?? { cpu: 0, memory: 0, gpus: 0 };
    u.cpu += svc.cpuMillis * a.replicas;
    u.memory += svc.memoryBytes * a.replicas;
    u.gpus += gpus * a.replicas;
    used.set(node.name, u);
  }
  for (const [name, u] of used) {
    const n = nodes.get(name) as NodeCapacity;
    if (u.cpu > n.cpuMillis || u.memory > n.memoryBytes || u.gpus > n.gpus) found.push(`${name} over capacity`);
  }
  for (const s of problem.services) if ((count.get(s.name) ?? 0) !== (s.replicas ?? 1)) found.push(`${s.name}: ${count.get(s.name) ?? 0} of ${s.replicas ?? 1} placed`);
  return found;
}

const total = (services: readonly ServiceDemand[], f: (s: ServiceDemand) => number): number => services.reduce((sum, s) => sum + (s.replicas ?? 1) * f(s), 0);

test('every size is feasible: the witness places every replica within capacity, constraints, pins and anti-affinity', () => {
  for (const [services, nodes] of SIZES) {
    const { problem, witness } = generateInstance({ services, nodes, seed: 7 });
    assert.equal(problem.services.length, services);
    assert.equal(problem.nodes.length, nodes);
    assert.deepEqual(violations(problem, witness), [], `${services}x${nodes}`);
    assert.equal(new Set(problem.services.map((s) => s.name)).size, services, 'service names are unique');
  }
});

test('maxGpusPerReplica keeps every replica to that many GPUs, and the instance stays feasible and tight', () => {
  for (const [services, nodes] of SIZES) {
    const { problem, witness } = generateInstance({ services, nodes, seed: 1, maxGpusPerReplica: 4 });
    assert.ok(problem.services.every((s) => s.gpus !== 'all' && s.gpus <= 4));
    assert.deepEqual(violations(problem, witness), [], `${services}x${nodes}`);
    const share = total(problem.services, (s) => (s.gpus === 'all' ? 0 : s.gpus)) / problem.nodes.reduce((s, n) => s + n.gpus, 0);
    assert.ok(share >= 0.68, `${services}x${nodes}: GPU share ${share}`);
  }
  assert.ok(generateInstance({ services: 200, nodes: 40, seed: 1 }).problem.services.some((s) => s.gpus === 8), 'by default 70B servers take 8 GPUs');
});

test('the same seed gives the same instance, another seed another one', () => {
  const a = generateInstance({ services: 50, nodes: 10, seed: 3 });
  assert.deepEqual(generateInstance({ services: 50, nodes: 10, seed: 3 }), a);
  assert.notDeepEqual(generateInstance({ services: 50, nodes: 10, seed: 4 }).problem, a.problem);
});

test('the load is tight: GPU demand 70-85 % of the GPUs, CPU within capacity; about a quarter pinned', () => {
  for (const [services, nodes] of SIZES) {
    const { problem } = generateInstance({ services, nodes, seed: 1 });
    const gpus = problem.nodes.reduce((s, n) => s + n.gpus, 0);
    const gpuShare = total(problem.services, (s) => (s.gpus === 'all' ? 0 : s.gpus)) / gpus;
    assert.ok(gpuShare >= 0.68 && gpuShare <= 0.86, `${services}x${nodes}: GPU share ${gpuShare}`);
    const cpuShare = total(problem.services, (s) => s.cpuMillis) / problem.nodes.reduce((s, n) => s + n.cpuMillis, 0);
    assert.ok(cpuShare > 0.3 && cpuShare <= 0.8, `${services}x${nodes}: CPU share ${cpuShare}`);
    const pinned = problem.services.filter((s) => s.pinnedNodes !== undefined).length / services;
    assert.ok(pinned >= 0.12 && pinned <= 0.4, `${services}x${nodes}: pinned ${pinned}`);
  }
});

test('nodes are the four types of the brief, identical nodes share a type, and services use their features', () => {
  const { problem } = generateInstance({ services: 200, nodes: 40, seed: 1 });
  const byType = new Map<string, NodeCapacity[]>();
  for (const n of problem.nodes) byType.set(n.type ?? '', [...(byType.get(n.type ?? '') ?? []), n]);
  assert.deepEqual([...byType.keys()].sort(), ['cpu', 'h100', 'l40s', 'mem']);
  const h100 = byType.get('h100')?.[0];
  assert.deepEqual([h100?.gpus, h100?.gpuMemoryBytes, h100?.cpuMillis, h100?.memoryBytes, h100?.costPerHour], [8, 80 * GiB, 96_000, 1024 * GiB, 100]);
  const l40s = byType.get('l40s')?.[0];
  assert.deepEqual([l40s?.gpus, l40s?.gpuMemoryBytes, l40s?.cpuMillis, l40s?.memoryBytes, l40s?.costPerHour], [4, 48 * GiB, 48_000, 384 * GiB, 30]);
  const cpu = byType.get('cpu')?.[0];
  assert.deepEqual([cpu?.gpus, cpu?.cpuMillis, cpu?.memoryBytes, cpu?.costPerHour], [0, 64_000, 256 * GiB, 4]);
  assert.ok(byType.get('mem')?.every((n) => n.labels?.nvme === 'true' && n.costPerHour === 5));
  for (const group of byType.values()) {
    const shape = (n: NodeCapacity) => [n.cpuMillis, n.memoryBytes, n.gpus, n.gpuMemoryBytes, n.costPerHour];
    assert.ok(group.every((n) => JSON.stringify(shape(n)) === JSON.stringify(shape(group[0] as NodeCapacity))));
  }
  assert.ok(problem.nodes.some((n) => n.role === 'manager') && problem.nodes.some((n) => n.role === 'worker'));
  const vectordbs = problem.services.filter((s) => s.name.startsWith('vectordb-'));
  assert.ok(vectordbs.length > 0 && vectordbs.every((s) => s.constraints?.some((c) => c.key === 'node.labels.nvme' && c.value === 'true')));
  assert.ok(problem.services.some((s) => s.gpuMemoryBytes === 80 * GiB && s.gpus !== 'all' && s.gpus >= 4), 'a 70B server needs 80 GB GPUs');
  assert.ok(problem.services.every((s) => (s.replicas ?? 1) === 1 || s.maxReplicasPerNode !== undefined || /^(preprocess|etl)-/.test(s.name)));
  const llm = problem.services.find((s) => s.name.startsWith('llm-'));
  const etl = problem.services.find((s) => s.name.startsWith('etl-'));
  assert.ok((llm?.priority ?? 0) > (etl?.priority ?? Infinity), 'LLMs outrank ETL');
  assert.ok(problem.services.some((s) => s.gang !== undefined));
});

test('oversubscribe asks for more than the GPUs hold; pinned services with anti-affinity get no more than their pins hold', () => {
  const { problem } = generateInstance({ services: 100, nodes: 20, seed: 1 });
  const over = oversubscribe(problem, 1.5);
  const gpus = problem.nodes.reduce((s, n) => s + n.gpus, 0);
  assert.ok(total(over.services, (s) => (s.gpus === 'all' ? 0 : s.gpus)) > gpus * 1.1);
  let capped = 0;
  problem.services.forEach((s, i) => {
    const o = over.services[i];
    const asked = Math.ceil((s.replicas ?? 1) * 1.5);
    if (s.pinnedNodes && s.maxReplicasPerNode !== undefined && asked > s.pinnedNodes.length * s.maxReplicasPerNode) {
      capped += 1;
      assert.equal(o?.replicas, Math.max(s.replicas ?? 1, s.pinnedNodes.length * s.maxReplicasPerNode));
    } else assert.equal(o?.replicas, asked, s.name);
  });
  assert.ok(capped > 0, 'some pinned service is capped');
});
