// The compose override: every planned replica is represented (hostname pins for one node, labels plus a per-node cap
// for several), unplaced services are scaled to 0 with the reason, and the file is valid compose.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse, parseDocument } from 'yaml';
import { exportComposeOverride } from '../../../../src/core/placement/export/exportComposeOverride';
import type { PlacementProblem, Plan } from '../../../../src/core/placement/placementProblem';
import { composeSchemaErrors } from '../../../support/composeSchema';
import { samplePlan, sampleProblem } from './samplePlan';

const GiB = 1024 ** 3;

interface Deploy {
  replicas?: number;
  placement?: { constraints?: string[]; max_replicas_per_node?: number };
}
interface Override {
  services: Record<string, { deploy: Deploy }>;
  'x-berth-plan': { objective: string; status: string; assignments: Record<string, Record<string, number>> };
}

/** Per service, the replicas the plan puts on each node's hostname (added up from the plan, not from the exporter). */
function plannedByHostname(plan: Plan, problem: PlacementProblem): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const a of plan.assignments) {
    const node = problem.nodes.find((n) => n.name === a.node);
    const host = node?.hostname ?? a.node;
    const perNode = result.get(a.service) ?? new Map<string, number>();
    perNode.set(host, (perNode.get(host) ?? 0) + a.replicas);
    result.set(a.service, perNode);
  }
  return result;
}

/** `docker node update --label-add <key>=true <host>` lines of the header, as label key -> hosts. */
function labelCommands(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const match of text.matchAll(/^#\s+docker node update --label-add '?([^=\s']+)=true'? '?([^'\s]+)'?$/gm)) {
    const [, key, host] = match;
    if (!key || !host) continue;
    result.set(key, [...(result.get(key) ?? []), host]);
  }
  return result;
}

/** Checks that the override represents every assignment of the plan exactly, in the way each service can express it. */
function assertRepresents(text: string, plan: Plan, problem: PlacementProblem): Override {
  assert.deepEqual(composeSchemaErrors(text), [], 'valid compose');
  const override = parse(text) as Override;
  const planned = plannedByHostname(plan, problem);
  const labels = labelCommands(text);
  for (const service of problem.services) {
    const deploy = override.services[service.name]?.deploy;
    assert.ok(deploy, `${service.name} is in the override`);
    const perNode = planned.get(service.name) ?? new Map<string, number>();
    const total = [...perNode.values()].reduce((a, b) => a + b, 0);
    assert.equal(deploy.replicas, total, `${service.name}: replicas`);
    const constraints = deploy.placement?.constraints ?? [];
    if (perNode.size === 0) {
      assert.deepEqual(constraints, [], `${service.name}: no constraint when nothing is placed`);
    } else if (perNode.size === 1) {
      assert.deepEqual(constraints, [`node.hostname == ${[...perNode.keys()][0] ?? ''}`], service.name);
      assert.equal(deploy.placement?.max_replicas_per_node, undefined);
    } else {
      const key = `berth.plan.${service.name}`;
      assert.deepEqual(constraints, [`node.labels.${key} == true`], service.name);
      assert.deepEqual(labels.get(key)?.slice().sort(), [...perNode.keys()].sort(), `${service.name}: the nodes to label`);
      assert.equal(deploy.placement?.max_replicas_per_node, Math.max(...perNode.values()), `${service.name}: per-node cap`);
    }
    const exact = override['x-berth-plan'].assignments[service.name] ?? {};
    assert.equal(
      Object.values(exact).reduce((a, b) => a + b, 0),
      total,
      `${service.name}: x-berth-plan counts add up`,
    );
  }
  return override;
}

describe('exportComposeOverride', () => {
  test('the sample stack: one-node services pinned by hostname, spread ones by label, exact counts in x-berth-plan', () => {
    const problem = sampleProblem();
    const text = exportComposeOverride(samplePlan, problem, { header: 'Generated from compose.stack.yaml and berth.nodes.yaml' });
    const override = assertRepresents(text, samplePlan, problem);
    assert.ok(text.startsWith('# Generated from compose.stack.yaml and berth.nodes.yaml\n'));
    assert.deepEqual(override['x-berth-plan'].assignments.gateway, { 'l40s-1': 2, 'l40s-2': 1 });
    assert.deepEqual(override['x-berth-plan'].assignments.llm, { 'l40s-1': 1, 'l40s-2': 1 });
    assert.equal(override['x-berth-plan'].objective, 'pack');
    assert.deepEqual(
      Object.keys(override.services),
      problem.services.map((s) => s.name),
    );
    // Swarm cannot be told exact per-node counts; the header says what can.
    assert.match(text, /"Apply to Swarm" places exact counts/);
    assert.equal(labelCommands(text).size, 2);
  });

  test('unplaced and partly placed services: replicas 0 or what was placed, with the reason above the service', () => {
    const problem: PlacementProblem = {
      services: [
        { name: 'train', replicas: 1, cpuMillis: 4000, memoryBytes: 8 * GiB, gpus: 8 },
        { name: 'api', replicas: 3, cpuMillis: 1000, memoryBytes: GiB, gpus: 0 },
        { name: 'idle', replicas: 1, cpuMillis: 100, memoryBytes: GiB, gpus: 0 },
      ],
      nodes: [{ name: 'n1', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 4 }],
    };
    const plan: Plan = {
      ...samplePlan,
      objective: 'priority',
      status: 'feasible',
      assignments: [{ service: 'api', node: 'n1', replicas: 2 }],
      unplaced: [
        { service: 'train', replicas: 1, reason: 'needs 8 GPUs; the largest node has 4' },
        { service: 'api', replicas: 1, reason: 'n1 has no CPU left' },
      ],
    };
    const text = exportComposeOverride(plan, problem);
    const override = assertRepresents(text, plan, problem);
    assert.equal(override.services.train?.deploy.replicas, 0);
    assert.equal(override.services.idle?.deploy.replicas, 0);
    const doc = parseDocument(text);
    const lines = text.split('\n');
    const above = (service: string) => lines[lines.findIndex((l) => l === `  ${service}:`) - 1];
    assert.equal(above('train'), '  # Not placed: needs 8 GPUs; the largest node has 4');
    assert.equal(above('api'), '  # 2 of 3 replicas placed; 1 not: n1 has no CPU left');
    assert.equal(above('idle'), '  # Not placed: the plan does not place it');
    assert.deepEqual(doc.errors, []);
  });

  test('hostnames, not node names, in constraints and label commands; odd service names kept as compose keys', () => {
    const problem: PlacementProblem = {
      services: [
        { name: 'My.Service_v2', replicas: 4, cpuMillis: 500, memoryBytes: GiB, gpus: 0 },
        { name: 'solo', cpuMillis: 500, memoryBytes: GiB, gpus: 0 },
      ],
      nodes: [
        { name: 'a', hostname: 'ip-10-0-0-1.ec2.internal', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 0 },
        { name: 'b', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 0 },
      ],
    };
    const plan: Plan = {
      ...samplePlan,
      assignments: [
        { service: 'My.Service_v2', node: 'b', replicas: 1 },
        { service: 'My.Service_v2', node: 'a', replicas: 2 },
        { service: 'My.Service_v2', node: 'a', replicas: 1 },
        { service: 'solo', node: 'a', replicas: 1 },
      ],
    };
    const text = exportComposeOverride(plan, problem);
    const override = assertRepresents(text, plan, problem);
    assert.equal(override.services.solo?.deploy.placement?.constraints?.[0], 'node.hostname == ip-10-0-0-1.ec2.internal');
    assert.equal(override.services['My.Service_v2']?.deploy.placement?.max_replicas_per_node, 3, 'two assignments to one node add up');
    assert.match(text, /^# {3}docker node update --label-add berth\.plan\.My\.Service_v2=true ip-10-0-0-1\.ec2\.internal$/m);
    // Nodes follow the problem's order, whatever the plan's order.
    assert.deepEqual(Object.keys(override['x-berth-plan'].assignments['My.Service_v2'] ?? {}), ['a', 'b']);
  });

  test('a plan that places nothing is still a valid override', () => {
    const problem = sampleProblem();
    const plan: Plan = {
      ...samplePlan,
      status: 'infeasible',
      assignments: [],
      unplaced: problem.services.map((s) => ({ service: s.name, replicas: s.replicas ?? 1, reason: 'no node is labelled nvme' })),
    };
    const text = exportComposeOverride(plan, problem);
    const override = assertRepresents(text, plan, problem);
    assert.ok(Object.values(override.services).every((s) => s.deploy.replicas === 0));
    assert.doesNotMatch(text, /docker node update/);
  });
});
