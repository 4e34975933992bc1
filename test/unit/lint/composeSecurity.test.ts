// The compose security rules: privileged, the Docker socket, host networking, cap_add ALL, literal secrets.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCompose } from '../../../src/core/compose/readCompose';
import { applyEdits } from './applyEdits';
import { lintComposeText } from './lintComposeText';

function byRule(text: string, rule: string) {
  return lintComposeText(text).filter((f) => f.ruleId === rule);
}

/** The fixed text must still be a compose file the reader accepts, with the service intact. */
function assertValidCompose(text: string): void {
  const result = readCompose({ files: [{ path: '/project/compose.yaml', text }], env: {} });
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), [], text);
  assert.ok(result.workload.services.length > 0, text);
}

describe('berth/compose-privileged', () => {
  const RULE = 'berth/compose-privileged';
  const text = 'services:\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n    privileged: true\n    shm_size: 8gb\n';

  test('fires on privileged: true with the main file named, and the fix removes the line', () => {
    const [finding] = byRule(text, RULE);
    assert.ok(finding);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.file, '/project/compose.yaml');
    assert.deepEqual(finding.range, { startLine: 3, startColumn: 4, endLine: 3, endColumn: 20 });
    const fixed = applyEdits(text, finding.fixes?.[0]?.edits ?? []);
    assert.equal(fixed, 'services:\n  llm:\n    image: vllm/vllm-openai:v0.14.0\n    shm_size: 8gb\n');
    assertValidCompose(fixed);
    assert.deepEqual(byRule(fixed, RULE), []);
  });

  test('the fix works on the last key and without a trailing newline', () => {
    const last = 'services:\n  llm:\n    image: x:1\n    privileged: true';
    const fixed = applyEdits(last, byRule(last, RULE)[0]?.fixes?.[0]?.edits ?? []);
    assertValidCompose(fixed);
    assert.deepEqual(byRule(fixed, RULE), []);
  });

  test('is quiet for privileged: false; suppressed above the key or above the service', () => {
    assert.deepEqual(byRule(text.replace('true', 'false'), RULE), []);
    assert.deepEqual(byRule(text.replace('    privileged', '    # berth-ignore berth/compose-privileged\n    privileged'), RULE), []);
    assert.deepEqual(byRule(text.replace('  llm:', '  # berth-ignore berth/compose-privileged\n  llm:'), RULE), []);
  });
});

describe('berth/compose-docker-socket', () => {
  const RULE = 'berth/compose-docker-socket';

  test('fires on the short and the long volume syntax', () => {
    const text = [
      'services:',
      '  agent:',
      '    image: x:1',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      '      - type: bind',
      '        source: /run/user/1000/podman/podman.sock',
      '        target: /var/run/docker.sock',
      '      - ./models:/models:ro',
      '',
    ].join('\n');
    assert.deepEqual(
      byRule(text, RULE).map((f) => f.range.startLine),
      [4, 5],
    );
  });

  test('is quiet for ordinary mounts; suppressed by a file comment', () => {
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n    volumes: ["./sock:/sock", "cache:/cache"]\n', RULE), []);
    assert.deepEqual(byRule('# berth-ignore-file berth/compose-docker-socket\nservices:\n  a:\n    image: x:1\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n', RULE), []);
  });
});

describe('berth/compose-host-network', () => {
  const RULE = 'berth/compose-host-network';

  test('fires on network_mode: host and says published ports are ignored', () => {
    const [finding] = byRule('services:\n  a:\n    image: x:1\n    network_mode: host\n    ports: ["8000:8000"]\n', RULE);
    assert.equal(finding?.range.startLine, 3);
    assert.match(finding.message, /its ports: are ignored/);
  });

  test('is quiet for bridge networks and multi-node NCCL setups; suppressed above the key', () => {
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n    network_mode: bridge\n', RULE), []);
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n    network_mode: host\n    environment:\n      NCCL_SOCKET_IFNAME: eth0\n', RULE), []);
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n    # berth-ignore berth/compose-host-network\n    network_mode: host\n', RULE), []);
  });
});

describe('berth/compose-cap-add-all', () => {
  const RULE = 'berth/compose-cap-add-all';

  test('fires on ALL (and CAP_ALL), on the item', () => {
    assert.deepEqual(
      byRule('services:\n  a:\n    image: x:1\n    cap_add:\n      - SYS_NICE\n      - ALL\n', RULE).map((f) => [f.range.startLine, f.range.startColumn]),
      [[5, 8]],
    );
    assert.equal(byRule('services:\n  a:\n    image: x:1\n    cap_add: [CAP_ALL]\n', RULE).length, 1);
  });

  test('is quiet for named capabilities; suppressed above the key', () => {
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n    cap_add: [IPC_LOCK]\n', RULE), []);
    assert.deepEqual(byRule('services:\n  a:\n    image: x:1\n    # berth-ignore berth/compose-cap-add-all\n    cap_add: [ALL]\n', RULE), []);
  });
});

describe('berth/compose-secret-in-environment', () => {
  const RULE = 'berth/compose-secret-in-environment';

  test('fires on literal values in both environment forms; the fix writes an interpolation compose reads from .env', () => {
    const text = [
      'services:',
      '  api:',
      '    image: x:1',
      '    environment:',
      '      HF_TOKEN: "hf_abcdef"',
      '      HF_HOME: /cache',
      '  worker:',
      '    image: y:1',
      '    environment:',
      '      - WANDB_API_KEY=abc123',
      '      - LOG_LEVEL=info',
      '',
    ].join('\n');
    const findings = byRule(text, RULE);
    assert.deepEqual(
      findings.map((f) => f.range.startLine),
      [4, 9],
    );
    let fixed = text;
    for (const f of [...findings].reverse()) fixed = applyEdits(fixed, f.fixes?.[0]?.edits ?? []);
    assert.match(fixed, /HF_TOKEN: \$\{HF_TOKEN\}\n/);
    assert.match(fixed, /- WANDB_API_KEY=\$\{WANDB_API_KEY\}\n/);
    assertValidCompose(fixed);
    assert.deepEqual(byRule(fixed, RULE), []);
    const env = readCompose({ files: [{ path: '/project/compose.yaml', text: fixed }], env: { HF_TOKEN: 'from-env' } });
    assert.equal(env.diagnostics.filter((d) => d.severity === 'error').length, 0);
  });

  test('is quiet for interpolations, pass-through names and empty values; suppressed above the variable', () => {
    const text = 'services:\n  api:\n    image: x:1\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n      OPENAI_API_KEY: $OPENAI_API_KEY\n      DB_PASSWORD: ""\n';
    assert.deepEqual(byRule(text, RULE), []);
    assert.deepEqual(byRule('services:\n  api:\n    image: x:1\n    environment:\n      - HF_TOKEN\n      - A_TOKEN=${A}\n', RULE), []);
    assert.deepEqual(byRule('services:\n  api:\n    image: x:1\n    environment:\n      # berth-ignore berth/compose-secret-in-environment\n      DB_PASSWORD: dev\n', RULE), []);
  });
});
