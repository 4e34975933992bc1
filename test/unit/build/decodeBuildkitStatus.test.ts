// The decoder is checked against protobufjs reading the same bytes with dockerode's copy of BuildKit's schema.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as protobuf from 'protobufjs';
import { decodeBuildkitStatus } from '../../../src/core/build/decodeBuildkitStatus';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const schema = protobuf.loadSync(join(ROOT, 'node_modules/dockerode/lib/proto/buildkit_status.proto')).lookupType('moby.buildkit.v1.StatusResponse');

interface Reference {
  vertexes?: { digest?: string; name?: string; cached?: boolean; started?: object; completed?: object; error?: string }[];
  logs?: { vertex?: string; stream?: number; msg?: Uint8Array }[];
  statuses?: { ID?: string; vertex?: string; current?: number; total?: number; completed?: object }[];
}

function reference(base64: string): Reference {
  const decoded: Reference = schema.toObject(schema.decode(Buffer.from(base64, 'base64')), { longs: Number, defaults: false });
  return decoded;
}

function assertSame(base64: string): void {
  const ours = decodeBuildkitStatus(base64);
  const theirs = reference(base64);
  assert.deepEqual(
    ours.vertexes,
    (theirs.vertexes ?? []).map((v) => ({
      digest: v.digest ?? '',
      name: v.name ?? '',
      cached: v.cached ?? false,
      started: v.started !== undefined,
      completed: v.completed !== undefined,
      error: v.error || undefined,
    })),
  );
  assert.deepEqual(
    ours.logs,
    (theirs.logs ?? []).map((l) => ({ vertex: l.vertex ?? '', stream: l.stream ?? 1, text: Buffer.from(l.msg ?? new Uint8Array()).toString('utf8') })),
  );
  assert.deepEqual(
    ours.statuses,
    (theirs.statuses ?? []).map((s) => ({ vertex: s.vertex ?? '', id: s.ID ?? '', current: s.current ?? 0, total: s.total ?? 0, completed: s.completed !== undefined })),
  );
}

test('every trace of a real BuildKit build (engine 20.10, multi-stage, failing RUN) decodes as protobufjs decodes it', () => {
  const lines = readFileSync(join(ROOT, 'test/unit/build/buildkitTrace.jsonl'), 'utf8').split('\n').filter(Boolean);
  const traces = lines.map((l) => JSON.parse(l) as { id?: string; aux?: unknown }).filter((m) => m.id === 'moby.buildkit.trace');
  assert.ok(traces.length > 10);
  for (const trace of traces) assertSame(String(trace.aux));
  const failed = traces.flatMap((t) => decodeBuildkitStatus(String(t.aux)).vertexes).find((v) => v.error);
  assert.equal(failed?.name, '[app 2/2] RUN echo failing && exit 7');
  assert.match(failed.error ?? '', /exit code: 7/u);
});

test('messages written by protobufjs, with statuses, large numbers and stderr logs, decode the same', () => {
  const message = schema.create(
    schema.fromObject({
      vertexes: [
        { digest: 'sha256:aa', inputs: ['sha256:bb'], name: '[1/2] COPY . .', cached: true, started: { seconds: 1700000000, nanos: 5 }, completed: { seconds: 1700000001 } },
        { digest: 'sha256:cc', name: '[2/2] RUN make', error: 'boom', progressGroup: { id: 'g', name: 'n', weak: true } },
      ],
      statuses: [{ ID: 'extracting sha256:dd', vertex: 'sha256:cc', current: 3_000_000_000, total: 5_000_000_000, completed: { seconds: 2 } }],
      logs: [{ vertex: 'sha256:cc', stream: 2, msg: Buffer.from('héllo\n'), timestamp: { seconds: 3 } }],
      warnings: [{ vertex: 'sha256:cc', level: 1, short: Buffer.from('w') }],
    }),
  );
  const base64 = Buffer.from(schema.encode(message).finish()).toString('base64');
  assertSame(base64);
  assert.equal(decodeBuildkitStatus(base64).logs[0]?.text, 'héllo\n');
  assert.equal(decodeBuildkitStatus(base64).statuses[0]?.total, 5_000_000_000);
});

test('an empty message is empty and a truncated one throws', () => {
  assert.deepEqual(decodeBuildkitStatus(''), { vertexes: [], statuses: [], logs: [] });
  const whole = Buffer.from(schema.encode(schema.fromObject({ vertexes: [{ digest: 'sha256:aa', name: 'x' }] })).finish());
  assert.throws(() => decodeBuildkitStatus(whole.subarray(0, whole.length - 2).toString('base64')), /truncated/u);
});
