import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextFilter } from '../../../src/core/build/contextFilter';
import { DOCKERIGNORE_FIX_HEADER, dockerignoreAdditions } from '../../../src/core/build/dockerignoreAdditions';
import { CONTEXT_WARNING_BYTES, isWeightFile, scanContext } from '../../../src/core/build/scanContext';

const MiB = 1024 * 1024;

/** Files of the given sizes; sparse, so that gigabytes cost no disk. */
function project(sizes: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-scan-'));
  for (const [name, bytes] of Object.entries(sizes)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), '');
    truncateSync(join(dir, name), bytes);
  }
  return dir;
}

test('sizes, weights and the largest files of what would be sent; ignored files do not count', async (t) => {
  const dir = project({
    'Dockerfile': 100,
    'app.py': 2000,
    'models/llama.safetensors': 700 * MiB,
    'ckpt/model.pt': 5 * MiB,
    'vocab.bin': 1000,
    'data/train.parquet': 300 * MiB,
    'ignored/huge.gguf': 4000 * MiB,
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const scan = await scanContext(dir, 'ignored\n');
  assert.equal(scan.files, 6);
  assert.equal(scan.bytes, 100 + 2000 + 700 * MiB + 5 * MiB + 1000 + 300 * MiB);
  assert.deepEqual(scan.weightFiles.sort(), ['ckpt/model.pt', 'models/llama.safetensors']);
  assert.equal(scan.weightBytes, 705 * MiB);
  assert.deepEqual(scan.largest.slice(0, 3), [
    { path: 'models/llama.safetensors', bytes: 700 * MiB },
    { path: 'data/train.parquet', bytes: 300 * MiB },
    { path: 'ckpt/model.pt', bytes: 5 * MiB },
  ]);
  assert.equal(scan.truncated, false);
  assert.equal(scan.shouldWarn, true);
});

test('a small context of code does not warn; a big one without weights does', async (t) => {
  const small = project({ 'Dockerfile': 10, 'src/a.py': 10 });
  const big = project({ 'Dockerfile': 10, 'data/blob.tar': CONTEXT_WARNING_BYTES + 1 });
  t.after(() => [small, big].forEach((d) => rmSync(d, { recursive: true, force: true })));
  assert.equal((await scanContext(small, '')).shouldWarn, false);
  const scanned = await scanContext(big, '');
  assert.equal(scanned.shouldWarn, true);
  assert.deepEqual(scanned.weightFiles, []);
});

test('the walk stops at its file budget and says so', async (t) => {
  const sizes: Record<string, number> = {};
  for (let i = 0; i < 50; i++) sizes[`d${i % 5}/f${i}.txt`] = 1;
  const dir = project(sizes);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const scan = await scanContext(dir, '', { maxFiles: 10 });
  assert.equal(scan.truncated, true);
  assert.ok(scan.files >= 10 && scan.files < 50, `${scan.files} files`);
});

test('weights are told by extension and size', () => {
  assert.equal(isWeightFile('a/model.safetensors', 2 * MiB), true);
  assert.equal(isWeightFile('variables/variables.data-00000-of-00001', 2 * MiB), true);
  assert.equal(isWeightFile('MODEL.GGUF', 2 * MiB), true);
  assert.equal(isWeightFile('vocab.bin', 1000), false);
  assert.equal(isWeightFile('big.tar', 2 * MiB), false);
});

test('the fix lists weight files so that the same rules then leave them out, and nothing else', async (t) => {
  const dir = project({
    'Dockerfile': 10,
    'app.py': 10,
    'model.safetensors': 2 * MiB,
    'weird #name [1].pt': 2 * MiB,
    ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`shards/part-${i}.bin`, 2 * MiB])),
    'shards/readme.txt': 10,
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const existing = '# mine\n.git';
  const before = await scanContext(dir, existing);
  assert.equal(before.weightFiles.length, 8);
  const addition = dockerignoreAdditions(before.weightFiles, existing);
  assert.ok(addition.startsWith('\n\n'), 'starts on a new line, after a blank one');
  assert.ok(addition.includes(DOCKERIGNORE_FIX_HEADER));
  assert.ok(addition.includes('shards/*.bin\n'), 'six shards of one kind in one folder become one line');
  const after = await scanContext(dir, existing + addition);
  assert.deepEqual(after.weightFiles, []);
  assert.equal(after.files, 3, 'Dockerfile, app.py and shards/readme.txt');
  const filter = new ContextFilter(existing + addition);
  assert.equal(filter.ignores('shards/readme.txt'), false);
  assert.equal(filter.ignores('weird #name [1].pt'), true);
  // Applying it twice adds nothing.
  assert.equal(dockerignoreAdditions(before.weightFiles, existing + addition), '');
});
