// The sample project's stack and inventory: valid compose, and the hand-made plan the exporter tests use really is a
// plan for them (same demands as the compose file, every replica placed, no node over capacity, constraints kept).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseCpuMillis, parseMemoryBytes } from '../../../../src/core/compose/units';
import { composeSchemaErrors } from '../../../support/composeSchema';
import { samplePlan, sampleProblem } from './samplePlan';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const STACK = resolve(root, 'test', 'fixtures', 'sample-model-project', 'compose.stack.yaml');

interface StackService {
  image?: string;
  build?: unknown;
  'x-berth'?: { priority?: number };
  deploy?: {
    replicas?: number;
    placement?: { constraints?: string[]; max_replicas_per_node?: number };
    resources?: { reservations?: { cpus?: string; memory?: string; devices?: { count?: number }[] } };
  };
}

function value(parsed: { value: number } | { error: string }): number {
  assert.ok('value' in parsed, JSON.stringify(parsed));
  return parsed.value;
}

test('compose.stack.yaml is valid compose with images only', () => {
  const text = readFileSync(STACK, 'utf8');
  assert.deepEqual(composeSchemaErrors(text), []);
  const services = (parse(text) as { services: Record<string, StackService> }).services;
  for (const [name, service] of Object.entries(services)) {
    assert.ok(service.image, `${name} has an image`);
    assert.equal(service.build, undefined, `${name} is not built`);
  }
});

test('the sample plan places every replica of the stack within each node’s capacity and constraints', () => {
  const problem = sampleProblem();
  const services = (parse(readFileSync(STACK, 'utf8')) as { services: Record<string, StackService> }).services;
  assert.deepEqual(
    problem.services.map((s) => s.name),
    Object.keys(services),
  );
  for (const demand of problem.services) {
    const service = services[demand.name];
    const reservations = service?.deploy?.resources?.reservations;
    assert.equal(demand.replicas ?? 1, service?.deploy?.replicas ?? 1, `${demand.name}: replicas`);
    assert.equal(demand.cpuMillis, value(parseCpuMillis(reservations?.cpus ?? 0)), `${demand.name}: cpus`);
    assert.equal(demand.memoryBytes, value(parseMemoryBytes(reservations?.memory ?? 0)), `${demand.name}: memory`);
    assert.equal(demand.gpus, reservations?.devices?.[0]?.count ?? 0, `${demand.name}: GPUs`);
    assert.equal(demand.maxReplicasPerNode, service?.deploy?.placement?.max_replicas_per_node, `${demand.name}: per node`);
    assert.equal(demand.priority, service?.['x-berth']?.priority, `${demand.name}: priority`);
  }

  const used = new Map(problem.nodes.map((n) => [n.name, { cpu: 0, memory: 0, gpus: 0 }]));
  for (const a of samplePlan.assignments) {
    const demand = problem.services.find((s) => s.name === a.service);
    const node = problem.nodes.find((n) => n.name === a.node);
    const use = used.get(a.node);
    assert.ok(demand && node && use, `${a.service} on ${a.node}`);
    use.cpu += demand.cpuMillis * a.replicas;
    use.memory += demand.memoryBytes * a.replicas;
    use.gpus += (demand.gpus === 'all' ? node.gpus : demand.gpus) * a.replicas;
    assert.ok(a.replicas <= (demand.maxReplicasPerNode ?? Infinity), `${a.service}: anti-affinity on ${a.node}`);
    assert.ok((demand.gpuMemoryBytes ?? 0) <= (node.gpuMemoryBytes ?? 0) || demand.gpus === 0, `${a.service}: GPU memory on ${a.node}`);
    for (const c of demand.constraints ?? []) {
      assert.equal(c.key, 'node.labels.nvme');
      assert.equal(node.labels?.nvme, c.value, `${a.service}: ${c.key} on ${a.node}`);
    }
  }
  for (const node of problem.nodes) {
    const use = used.get(node.name);
    assert.ok(use && use.cpu <= node.cpuMillis && use.memory <= node.memoryBytes && use.gpus <= node.gpus, `${node.name} within capacity`);
  }
  for (const demand of problem.services) {
    const placed = samplePlan.assignments.filter((a) => a.service === demand.name).reduce((sum, a) => sum + a.replicas, 0);
    assert.equal(placed, demand.replicas ?? 1, `${demand.name}: all replicas placed`);
  }
});
