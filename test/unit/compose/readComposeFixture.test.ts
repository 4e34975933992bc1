// A realistic ML stack read from disk the way the extension reads it: compose.yaml + compose.override.yaml + .env, with an
// `extends` into another folder, anchors shared by the GPU services, and profiles.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCompose, type ComposeReadResult } from '../../../src/core/compose/readCompose';
import type { WorkloadService } from '../../../src/core/compose/workload';
import { textRange } from './textRange';

const dir = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'compose', 'ml-stack');
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function readStack(profiles?: string[], env: Record<string, string> = {}): ComposeReadResult {
  const file = (name: string): { path: string; text: string } => ({ path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') });
  return readCompose({
    files: [file('compose.yaml'), file('compose.override.yaml')],
    dotEnv: file('.env'),
    env,
    ...(profiles === undefined ? {} : { profiles }),
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

function service(result: ComposeReadResult, name: string): WorkloadService {
  const found = result.workload.services.find((s) => s.name === name);
  assert.ok(found, name);
  return found;
}

describe('the ML stack fixture', () => {
  test('reads cleanly: the default profile set, merged services in file order', () => {
    const result = readStack();
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.workload.services.map((s) => s.name), ['vllm', 'embeddings', 'qdrant', 'gateway']);
    assert.deepEqual(result.workload.inactiveServices, ['notebook', 'metrics']);
  });

  test('vLLM: two GPUs, reservations over limits, constraints from both files, x-berth merged', () => {
    const vllm = service(readStack(), 'vllm');
    // VLLM_TAG is single-quoted in .env.
    assert.equal(vllm.image, 'vllm/vllm-openai:v0.6.4');
    assert.equal(vllm.replicas, 1);
    assert.equal(vllm.cpuMillis, 8000);
    assert.equal(vllm.memoryBytes, 32 * GiB);
    assert.equal(vllm.memoryLimitBytes, 48 * GiB);
    const expected = { count: 2, deviceIds: [], capabilities: ['gpu'], driver: 'nvidia', source: 'devices', range: undefined };
    assert.deepEqual({ ...vllm.gpu, range: undefined }, expected);
    assert.deepEqual(vllm.constraints.map((c) => `${c.key} ${c.op} ${c.value}`), ['node.labels.gpu == h100', 'node.role != manager']);
    assert.deepEqual(vllm.berth, { priority: 20, gang: 'rag', gpuMemoryBytes: 80 * GiB });
  });

  test('ranges point into the file that wrote each value', () => {
    const base = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    const override = readFileSync(join(dir, 'compose.override.yaml'), 'utf8');
    const result = readStack();
    const vllm = service(result, 'vllm');
    assert.deepEqual(vllm.range, textRange(join(dir, 'compose.override.yaml'), override, 'vllm'));
    assert.deepEqual(vllm.ranges.cpus, textRange(join(dir, 'compose.yaml'), base, '"8"'));
    assert.deepEqual(vllm.constraints[1]?.range, textRange(join(dir, 'compose.override.yaml'), override, 'node.role != manager'));
    assert.equal(vllm.gpu?.range.startLine, textRange(join(dir, 'compose.yaml'), base, '- driver: nvidia').startLine);
    const qdrant = service(result, 'qdrant');
    assert.deepEqual(qdrant.ranges.replicas, textRange(join(dir, 'compose.yaml'), base, '${QDRANT_REPLICAS:-1}'));
  });

  test('the embedding server, the vector store and the gateway', () => {
    const result = readStack();
    const embeddings = service(result, 'embeddings');
    assert.deepEqual([embeddings.gpu?.count, embeddings.gpu?.deviceIds, embeddings.cpuMillis, embeddings.memoryBytes], [1, ['0'], 2000, 8 * GiB]);
    assert.deepEqual(embeddings.berth, { gang: 'rag' });
    const qdrant = service(result, 'qdrant');
    assert.deepEqual([qdrant.replicas, qdrant.cpuMillis, qdrant.memoryBytes, qdrant.maxReplicasPerNode], [2, 1000, 4 * GiB, 1]);
    assert.equal(qdrant.gpu, undefined);
    const gateway = service(result, 'gateway');
    assert.deepEqual([gateway.replicas, gateway.cpuMillis, gateway.memoryBytes], [3, 500, 256 * MiB]);
  });

  test('profiles bring in the notebook (all GPUs) and the metrics exporter (extends in another folder)', () => {
    const result = readStack(['dev', 'observability']);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(service(result, 'notebook').gpu?.count, 'all');
    const metrics = service(result, 'metrics');
    assert.equal(metrics.image, 'prom/node-exporter:v1.8.2');
    assert.deepEqual([metrics.cpuMillis, metrics.memoryBytes, metrics.memoryLimitBytes], [250, 32 * MiB, 64 * MiB]);
    assert.ok(result.documents.some((d) => d.path === join(dir, 'shared', 'metrics.yaml')));
  });

  test('the shell environment wins over .env; a missing required MODEL_ID is an error at its place', () => {
    const base = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    assert.equal(service(readStack(undefined, { VLLM_TAG: 'nightly' }), 'vllm').image, 'vllm/vllm-openai:nightly');
    const result = readCompose({ files: [{ path: join(dir, 'compose.yaml'), text: base }] });
    const required = result.diagnostics.filter((d) => d.code === 'required-variable');
    assert.equal(required.length, 1);
    assert.deepEqual(required[0]?.range, textRange(join(dir, 'compose.yaml'), base, '${MODEL_ID:?set MODEL_ID in .env}'));
    assert.equal(service(result, 'qdrant').replicas, 1, 'the default in ${QDRANT_REPLICAS:-1}');
  });
});
