import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCompose } from '../../../src/core/compose/readCompose';
import { lintCompose } from '../../../src/core/lint/lintCompose';
import { readNodeInventory } from '../../../src/core/placement/nodes/readNodeInventory';

const SAMPLE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sample-model-project');

test('the sample stack a newcomer opens has no findings: healthcheck, memory limits, and the GPU-only choice suppressed in the file', () => {
  const path = join(SAMPLE, 'compose.stack.yaml');
  const result = readCompose({ files: [{ path, text: readFileSync(path, 'utf8') }], env: {}, profiles: ['*'] });
  assert.deepEqual(result.diagnostics, []);
  const nodes = readNodeInventory(join(SAMPLE, 'berth.nodes.yaml'), readFileSync(join(SAMPLE, 'berth.nodes.yaml'), 'utf8')).nodes;
  const findings = lintCompose(result, { nodes, hasGpuOverrideFile: false });
  assert.deepEqual(findings.map((f) => `${f.ruleId} at line ${f.range.startLine + 1}`), []);
  // Without the file-level suppression the GPU-override rule would fire: the comment is what keeps it quiet.
  const unsuppressed = readCompose({ files: [{ path, text: readFileSync(path, 'utf8').replace('berth-ignore-file', 'no-ignore') }], env: {}, profiles: ['*'] });
  assert.ok(lintCompose(unsuppressed, { nodes, hasGpuOverrideFile: false }).some((f) => f.ruleId === 'berth/gpu-without-cpu-override'));
});
