// `berth plan` as a pipeline runs it: the sample stack on its inventory, as text, JSON and a compose override; bad input
// with exit status 1 and the usage; a service that fits nowhere with exit status 2 and the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../../../src/cli/berthCli';
import type { Plan } from '../../../src/core/placement/placementProblem';

const SAMPLE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sample-model-project');
const STACK = ['plan', '--compose', join(SAMPLE, 'compose.stack.yaml'), '--nodes', join(SAMPLE, 'berth.nodes.yaml'), '--budget-ms', '1500'];

test('the sample stack as text: the headline, a row per node with what it gives and hosts, exit status 0', async () => {
  const out = await runCli(STACK, {});
  assert.equal(out.exitCode, 0, out.stderr);
  const lines = out.stdout.split('\n');
  assert.match(lines[0] ?? '', /^pack: (optimal|feasible), cost [\d.]+, bound [\d.]+, gap [\d.]+ %, \d+ ms/);
  assert.match(out.stdout, /^NODE\s+CPU\s+MEMORY GiB\s+GPU\s+SERVICES$/m);
  // llm: 2 replicas of 2 GPUs, at most one per node: one on each L40S node.
  assert.match(out.stdout, /^l40s-1\s+\S+\s+\S+\s+\d\/4\s+.*llm ×1/m);
  assert.match(out.stdout, /^l40s-2\s+\S+\s+\S+\s+\d\/4\s+.*llm ×1/m);
  assert.doesNotMatch(out.stdout, /Left out/);
});

test('--json carries the plan for the objective asked; --export compose pins services to nodes', async () => {
  const json = await runCli([...STACK, '--json', '--objective', 'spread'], {});
  assert.equal(json.exitCode, 0, json.stderr);
  const { objective, plan } = JSON.parse(json.stdout) as { objective: string; plan: Plan };
  assert.equal(objective, 'spread');
  assert.equal(plan.objective, 'spread');
  assert.ok(plan.assignments.length > 0);
  const override = await runCli([...STACK, '--export', 'compose'], {});
  assert.equal(override.exitCode, 0, override.stderr);
  const doc = parse(override.stdout) as { services: Record<string, { deploy?: { placement?: { constraints?: string[] } } }> };
  assert.ok(doc.services.qdrant?.deploy?.placement?.constraints?.some((c) => /node\.hostname == mem-1/.test(c)), override.stdout);
});

test('bad input: exit status 1, a message naming the problem, and the usage', async () => {
  const missing = await runCli(['plan', '--compose', join(SAMPLE, 'compose.stack.yaml')], {});
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /berth: --nodes is required/);
  assert.match(missing.stderr, /usage: berth plan/);
  const objective = await runCli([...STACK, '--objective', 'fastest'], {});
  assert.equal(objective.exitCode, 1);
  assert.match(objective.stderr, /--objective must be one of pack, spread, priority/);
  const unknown = await runCli([...STACK, '--frobnicate'], {});
  assert.equal(unknown.exitCode, 1);
  assert.match(unknown.stderr, /usage: berth plan/);
});

test('a service that fits nowhere: exit status 2, and the reason in the output', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  big:\n    image: big:1\n    deploy:\n      resources:\n        reservations: { cpus: "64", memory: 1g }\n');
  writeFileSync(join(dir, 'berth.nodes.yaml'), 'nodes:\n  - type: small\n    count: 2\n    cpus: 8\n    memory: 32GiB\n');
  const out = await runCli(['plan', '--compose', join(dir, 'compose.yaml'), '--nodes', join(dir, 'berth.nodes.yaml'), '--objective', 'priority'], {});
  assert.equal(out.exitCode, 2, out.stderr);
  assert.match(out.stdout, /Left out:\n {2}big ×1: .*64/);
});
