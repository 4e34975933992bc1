// berth/compose-no-healthcheck and berth/shm-size-missing.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCompose } from '../../../src/core/compose/readCompose';
import { profiles } from '../../../src/core/scaffold/profiles';
import { applyEdits } from './applyEdits';
import { lintComposeText } from './lintComposeText';

function byRule(text: string, rule: string, others: { path: string; text: string }[] = []) {
  return lintComposeText(text, {}, others).filter((f) => f.ruleId === rule);
}

describe('berth/compose-no-healthcheck', () => {
  const RULE = 'berth/compose-no-healthcheck';

  test('fires for a serving image without healthcheck, on the service key', () => {
    const [finding] = byRule('services:\n  ollama:\n    image: ollama/ollama:0.9.0\n', RULE);
    assert.deepEqual(finding?.range, { startLine: 1, startColumn: 2, endLine: 1, endColumn: 8 });
    assert.equal(byRule('services:\n  t:\n    image: nvcr.io/nvidia/tritonserver:25.01-py3\n    shm_size: 1gb\n', RULE).length, 1);
  });

  test('is quiet with a healthcheck (here or in an override), for built images and for other images', () => {
    assert.deepEqual(byRule('services:\n  o:\n    image: ollama/ollama:0.9.0\n    healthcheck:\n      test: ["CMD", "ollama", "list"]\n', RULE), []);
    const override = { path: '/project/compose.override.yaml', text: 'services:\n  o:\n    healthcheck:\n      test: ["CMD", "ollama", "list"]\n' };
    assert.deepEqual(byRule('services:\n  o:\n    image: ollama/ollama:0.9.0\n', RULE, [override]), []);
    assert.deepEqual(byRule('services:\n  o:\n    build: .\n    image: ollama/ollama:0.9.0\n', RULE), []);
    assert.deepEqual(byRule('services:\n  db:\n    image: postgres:16\n', RULE), []);
  });

  test('suppressed above the service', () => {
    assert.deepEqual(byRule('services:\n  # berth-ignore berth/compose-no-healthcheck\n  o:\n    image: ollama/ollama:0.9.0\n', RULE), []);
  });
});

describe('berth/shm-size-missing', () => {
  const RULE = 'berth/shm-size-missing';

  test('fires for vLLM and torchrun; the fix adds the scaffolding\'s size, which the reader accepts', () => {
    const text = 'services:\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n    command: ["--model", "/models"]\n';
    const [finding] = byRule(text, RULE);
    assert.ok(finding);
    assert.match(finding.message, new RegExp(`set shm_size \\(${profiles.vllm.shmSize ?? '?'}\\)`));
    const fixed = applyEdits(text, finding.fixes?.[0]?.edits ?? []);
    assert.equal(fixed, `services:\n  llm:\n    shm_size: ${profiles.vllm.shmSize ?? '?'}\n    image: vllm/vllm-openai:v0.14.0\n    command: ["--model", "/models"]\n`);
    const read = readCompose({ files: [{ path: '/project/compose.yaml', text: fixed }], env: {} });
    assert.deepEqual(read.diagnostics, []);
    assert.deepEqual(byRule(fixed, RULE), []);

    const train = byRule('services:\n  train:\n    build: .\n    command: torchrun --nproc-per-node 4 train.py\n', RULE);
    assert.match(train[0]?.message ?? '', new RegExp(`\\(${profiles.pytorch.shmSize ?? '?'}\\)`));
  });

  test('is quiet with shm_size (here or in an override), ipc: host, and for frameworks that do not need it', () => {
    assert.deepEqual(byRule('services:\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n    shm_size: 16gb\n', RULE), []);
    assert.deepEqual(byRule('services:\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n    ipc: host\n', RULE), []);
    const override = { path: '/project/compose.override.yaml', text: 'services:\n  llm:\n    shm_size: 8gb\n' };
    assert.deepEqual(byRule('services:\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n', RULE, [override]), []);
    assert.deepEqual(byRule('services:\n  o:\n    image: ollama/ollama:0.9.0\n', RULE), []);
  });

  test('suppressed above the service', () => {
    assert.deepEqual(byRule('services:\n  # berth-ignore berth/shm-size-missing\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n', RULE), []);
  });
});
