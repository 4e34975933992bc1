// GPU reservations that cannot work, the GPU override file, and memory limits on GPU services.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCompose } from '../../../src/core/compose/readCompose';
import type { ComposeLintContext } from '../../../src/core/lint/lintCompose';
import type { NodeCapacity } from '../../../src/core/placement/placementProblem';
import { applyEdits } from './applyEdits';
import { lintComposeText } from './lintComposeText';

function byRule(text: string, rule: string, context: ComposeLintContext = {}, others: { path: string; text: string }[] = []) {
  return lintComposeText(text, context, others).filter((f) => f.ruleId === rule);
}

function gpuService(device: string[], extra: string[] = []): string {
  return [
    'services:',
    '  llm:',
    '    image: vllm/vllm-openai:v0.14.0',
    '    shm_size: 8gb',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          memory: 32g',
    '        reservations:',
    '          devices:',
    ...device.map((l) => `            ${l}`),
    ...extra,
    '',
  ].join('\n');
}

/** The GPU request the reader makes of the fixed text, with its diagnostics: a fix must leave a request compose accepts. */
function readGpu(text: string) {
  const result = readCompose({ files: [{ path: '/project/compose.yaml', text }], env: {} });
  return { gpu: result.workload.services[0]?.gpu, errors: result.diagnostics.filter((d) => d.severity === 'error') };
}

describe('berth/gpu-count-and-device-ids', () => {
  const RULE = 'berth/gpu-count-and-device-ids';

  test('fires on count with device_ids; the fix removes count, also when it opens the list item', () => {
    for (const device of [
      ['- driver: nvidia', '  count: 2', '  device_ids: ["0", "1"]', '  capabilities: [gpu]'],
      ['- count: 2', '  device_ids: ["0", "1"]', '  capabilities: [gpu]'],
    ]) {
      const text = gpuService(device);
      const [finding] = byRule(text, RULE);
      assert.ok(finding, device.join(' '));
      assert.equal(finding.severity, 'error');
      const fixed = applyEdits(text, finding.fixes?.[0]?.edits ?? []);
      const { gpu, errors } = readGpu(fixed);
      assert.deepEqual(errors, [], fixed);
      assert.deepEqual(gpu?.deviceIds, ['0', '1']);
      assert.deepEqual(byRule(fixed, RULE), []);
    }
  });

  test('also in the `gpus:` form; quiet with either alone; suppressed above the key', () => {
    const gpus = 'services:\n  a:\n    image: x:1\n    gpus:\n      - count: 1\n        device_ids: ["0"]\n';
    assert.equal(byRule(gpus, RULE).length, 1);
    assert.deepEqual(byRule(gpuService(['- driver: nvidia', '  count: 2', '  capabilities: [gpu]']), RULE), []);
    assert.deepEqual(byRule(gpuService(['- driver: nvidia', '  # berth-ignore berth/gpu-count-and-device-ids', '  count: 2', '  device_ids: ["0"]', '  capabilities: [gpu]']), RULE), []);
  });
});

describe('berth/gpu-capabilities-missing', () => {
  const RULE = 'berth/gpu-capabilities-missing';

  test('fires on a device reservation without capabilities; the fix adds [gpu] and the reader then sees a GPU', () => {
    for (const device of [['- driver: nvidia', '  count: 1'], ['- driver: nvidia']]) {
      const text = gpuService(device);
      const [finding] = byRule(text, RULE);
      assert.ok(finding, device.join(' '));
      assert.equal(readGpu(text).gpu, undefined, 'no GPU without capabilities');
      const fixed = applyEdits(text, finding.fixes?.[0]?.edits ?? []);
      const { gpu, errors } = readGpu(fixed);
      assert.deepEqual(errors, [], fixed);
      assert.deepEqual(gpu?.capabilities, ['gpu']);
      assert.deepEqual(byRule(fixed, RULE), []);
    }
  });

  test('is quiet with capabilities; suppressed above the service', () => {
    assert.deepEqual(byRule(gpuService(['- capabilities: [gpu]']), RULE), []);
    assert.deepEqual(byRule(gpuService(['- driver: nvidia']).replace('  llm:', '  # berth-ignore berth/gpu-capabilities-missing\n  llm:'), RULE), []);
  });
});

describe('berth/gpu-count-exceeds-nodes', () => {
  const RULE = 'berth/gpu-count-exceeds-nodes';
  const nodes: NodeCapacity[] = [
    { name: 'a100-1', cpuMillis: 32000, memoryBytes: 256e9, gpus: 4 },
    { name: 'l4-1', cpuMillis: 16000, memoryBytes: 64e9, gpus: 1 },
  ];

  test('fires when count (or the device_ids) exceed the largest node, naming it', () => {
    const [finding] = byRule(gpuService(['- driver: nvidia', '  count: 8', '  capabilities: [gpu]']), RULE, { nodes });
    assert.match(finding?.message ?? '', /asks for 8 GPUs per replica, but the largest node in the inventory \(a100-1\) has 4/);
    assert.equal(finding?.range.startLine, 11);
    const ids = byRule(gpuService(['- device_ids: ["0", "1", "2", "3", "4"]', '  capabilities: [gpu]']), RULE, { nodes });
    assert.equal(ids.length, 1);
    const cpuOnly = byRule(gpuService(['- count: 1', '  capabilities: [gpu]']), RULE, { nodes: [{ name: 'cpu', cpuMillis: 1, memoryBytes: 1, gpus: 0 }] });
    assert.match(cpuOnly[0]?.message ?? '', /no node in the inventory has a GPU/);
  });

  test('is quiet within capacity, for `all`, and without an inventory', () => {
    assert.deepEqual(byRule(gpuService(['- count: 4', '  capabilities: [gpu]']), RULE, { nodes }), []);
    assert.deepEqual(byRule(gpuService(['- count: all', '  capabilities: [gpu]']), RULE, { nodes }), []);
    assert.deepEqual(byRule(gpuService(['- count: 8', '  capabilities: [gpu]']), RULE), []);
  });

  test('suppressed for the file', () => {
    const text = `# berth-ignore-file ${RULE}\n${gpuService(['- count: 8', '  capabilities: [gpu]'])}`;
    assert.deepEqual(byRule(text, RULE, { nodes }), []);
  });
});

describe('berth/gpu-without-cpu-override', () => {
  const RULE = 'berth/gpu-without-cpu-override';
  const text = gpuService(['- driver: nvidia', '  count: 1', '  capabilities: [gpu]']);

  test('fires (info) when the main file reserves a GPU and no GPU override file exists', () => {
    const [finding] = byRule(text, RULE, { hasGpuOverrideFile: false });
    assert.equal(finding?.severity, 'info');
    assert.equal(finding.range.startLine, 10);
    assert.equal(byRule('services:\n  a:\n    image: x:1\n    runtime: nvidia\n', RULE, { hasGpuOverrideFile: false }).length, 1);
    assert.equal(byRule('services:\n  a:\n    image: x:1\n    gpus: all\n', RULE, { hasGpuOverrideFile: false }).length, 1);
  });

  test('is quiet with an override file, when unknown, and for CPU services; suppressed above the service', () => {
    assert.deepEqual(byRule(text, RULE, { hasGpuOverrideFile: true }), []);
    assert.deepEqual(byRule(text, RULE), []);
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n', RULE, { hasGpuOverrideFile: false }), []);
    assert.deepEqual(byRule(text.replace('  llm:', '  # berth-ignore berth/gpu-without-cpu-override\n  llm:'), RULE, { hasGpuOverrideFile: false }), []);
  });
});

describe('berth/gpu-no-memory-limit', () => {
  const RULE = 'berth/gpu-no-memory-limit';
  const noLimit = 'services:\n  llm:\n    image: x:1\n    gpus: all\n';

  test('fires on a GPU service without a memory limit, on the service key', () => {
    const [finding] = byRule(noLimit, RULE);
    assert.deepEqual(finding?.range, { startLine: 1, startColumn: 2, endLine: 1, endColumn: 5 });
  });

  test('counts limits from any form and any file read with the main one', () => {
    assert.deepEqual(byRule(`${noLimit}    mem_limit: 16g\n`, RULE), []);
    assert.deepEqual(byRule(gpuService(['- count: 1', '  capabilities: [gpu]']), RULE), []);
    const override = { path: '/project/compose.override.yaml', text: 'services:\n  llm:\n    deploy:\n      resources:\n        limits:\n          memory: 16g\n' };
    assert.deepEqual(byRule(noLimit, RULE, {}, [override]), []);
  });

  test('is quiet on an override file that only adds the GPU (compose.gpu.yaml read on its own)', () => {
    const gpuOverride = 'services:\n  llm:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n';
    assert.deepEqual(byRule(gpuOverride, RULE), []);
  });

  test('suppressed above the service', () => {
    assert.deepEqual(byRule(noLimit.replace('  llm:', '  # berth-ignore berth/gpu-no-memory-limit\n  llm:'), RULE), []);
  });
});
