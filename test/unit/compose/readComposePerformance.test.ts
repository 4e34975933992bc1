// readCompose runs on every keystroke: times for a 2,000-line file and for 10,000 services, printed as test diagnostics.
// The bounds are loose (shared CI machines); the numbers to watch are the ones printed.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCompose } from '../../../src/core/compose/readCompose';

/** One realistic service of 20 lines: anchors merged in, interpolation, resources, a GPU every fourth, constraints. */
function serviceYaml(i: number): string {
  const devices = `          devices:\n            - { driver: nvidia, count: ${(i % 3) + 1}, capabilities: [gpu] }\n`;
  const gpu = i % 4 === 0 ? devices : `          # no GPU\n\n`;
  return `  svc-${i}:
    <<: *defaults
    image: \${REGISTRY:-ghcr.io/acme}/svc-${i}:\${TAG:-1.0}
    environment:
      MODEL_ID: model-${i}
      LOG_LEVEL: info
    ports: ["${10000 + i}:8080"]
    deploy:
      replicas: ${(i % 3) + 1}
      resources:
        limits: { cpus: "${(i % 8) + 1}", memory: ${(i % 16) + 1}g }
        reservations:
          cpus: "0.${(i % 9) + 1}"
          memory: ${(i % 7) + 1}00m
${gpu}      placement:
        constraints: ["node.labels.zone == z${i % 5}"]
    x-berth: { priority: ${i % 10} }
`;
}

/** A small service of 3 lines, for the many-services case. */
function compactServiceYaml(i: number): string {
  const deploy = `{ replicas: ${(i % 3) + 1}, resources: { reservations: { cpus: "0.5", memory: 512m } } }`;
  return `  svc-${i}:\n    image: app-${i}:\${TAG:-1}\n    deploy: ${deploy}\n`;
}

function composeText(services: number, yaml: (i: number) => string): string {
  const header = `x-defaults: &defaults\n  restart: unless-stopped\n  logging: { driver: json-file }\nservices:\n`;
  return header + Array.from({ length: services }, (_, i) => yaml(i)).join('');
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('readCompose performance', () => {
  test('a 2,000-line compose file', (t) => {
    const text = composeText(105, serviceYaml);
    const lines = text.split('\n').length;
    assert.ok(lines >= 2000 && lines < 2100, `${lines} lines`);
    for (let i = 0; i < 5; i++) readCompose({ files: [{ path: `/warmup${i}.yaml`, text: `${text}#${i}` }] });
    // A new text each time (the parse cache cannot help), as when the file being typed in changes.
    const changed: number[] = [];
    for (let i = 0; i < 15; i++) {
      const edited = `${text}# edit ${i}\n`;
      const started = performance.now();
      const result = readCompose({ files: [{ path: '/p/compose.yaml', text: edited }] });
      changed.push(performance.now() - started);
      assert.equal(result.workload.services.length, 105);
      assert.deepEqual(result.diagnostics.filter((d) => d.severity !== 'warning'), []);
    }
    // The same text again, as for the files beside the one being edited.
    const unchanged: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      readCompose({ files: [{ path: '/p/compose.yaml', text }] });
      unchanged.push(performance.now() - started);
    }
    t.diagnostic(`2,000 lines: ${median(changed).toFixed(1)} ms changed text, ${median(unchanged).toFixed(1)} ms unchanged text (medians of 15)`);
    assert.ok(median(changed) < 150, `median ${median(changed).toFixed(1)} ms`);
    assert.ok(median(unchanged) < 30, `median ${median(unchanged).toFixed(1)} ms`);
  });

  test('10,000 services', (t) => {
    const text = composeText(10_000, compactServiceYaml);
    const started = performance.now();
    const result = readCompose({ files: [{ path: '/p/big.yaml', text }] });
    const millis = performance.now() - started;
    t.diagnostic(`10,000 services (${text.split('\n').length} lines, ${(text.length / 2 ** 20).toFixed(1)} MiB): ${millis.toFixed(0)} ms`);
    assert.equal(result.workload.services.length, 10_000);
    assert.equal(result.workload.services[9_999]?.name, 'svc-9999');
    assert.equal(result.workload.services[9_999].memoryBytes, 512 * 2 ** 20);
    assert.ok(millis < 15_000, `${millis.toFixed(0)} ms`);
  });
});
