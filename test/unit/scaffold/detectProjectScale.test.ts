// detectProject on a 10,000-file project: complete, not truncated, and fast enough for a command's first step.
// The number that matters is printed, not asserted tightly: the benchmark owns the real measurement.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectProject } from '../../../src/core/scaffold/detectProject';

let root = '';
const FILES = 10_000;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-detect-scale-'));
  // 10 × 10 × 10 folders of 10 files, three levels deep, like a dataset or a source tree.
  let written = 0;
  for (let a = 0; a < 10; a++) {
    for (let b = 0; b < 10; b++) {
      for (let c = 0; c < 10; c++) {
        const dir = path.join(root, `pkg${a}`, `mod${b}`, `part${c}`);
        fs.mkdirSync(dir, { recursive: true });
        for (let f = 0; f < 10; f++) fs.writeFileSync(path.join(dir, `file${f}.py`), '');
        written += 10;
      }
    }
  }
  assert.equal(written, FILES);
  // Weights in a skipped folder add files the walk must not count or report.
  fs.mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'x', 'w.safetensors'), '');
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'torch==2.4.1\ntransformers==4.44.2\n');
  fs.writeFileSync(path.join(root, 'app.py'), '');
  fs.writeFileSync(path.join(root, 'pkg9', 'mod9', 'part9', 'model.safetensors'), 'x');
  fs.writeFileSync(path.join(root, 'pkg0', 'model.onnx'), 'xy');
});
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

test('a 10,000-file folder is walked completely and quickly', async (t) => {
  const timesMs: number[] = [];
  let detection: Awaited<ReturnType<typeof detectProject>> | undefined;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    // A generous deadline: this test checks completeness; a loaded CI machine must not turn it into a timeout.
    detection = await detectProject(root, { deadlineMs: 10_000 });
    timesMs.push(performance.now() - started);
  }
  assert.ok(detection);
  assert.equal(detection.truncated, false);
  assert.deepEqual(detection.warnings, []);
  assert.equal(detection.filesSeen, FILES + 4);
  assert.deepEqual(
    detection.modelFiles.map((m) => [m.path, m.kind, m.bytes]),
    [
      ['pkg0/model.onnx', 'onnx', 2],
      ['pkg9/mod9/part9/model.safetensors', 'safetensors', 1],
    ],
  );
  assert.equal(detection.entryPoint, 'app.py');
  assert.deepEqual(
    detection.requirements.map((r) => r.name),
    ['torch', 'transformers'],
  );
  const [first = 0, ...warm] = timesMs;
  t.diagnostic(`detectProject on ${FILES} files: first run ${first.toFixed(1)} ms, warm runs ${warm.map((ms) => ms.toFixed(1)).join(', ')} ms (budget 300 ms)`);
  assert.ok(Math.min(...timesMs) < 1500, `detection took ${Math.min(...timesMs).toFixed(0)} ms`);
});

test('with the default 250 ms deadline the same folder is not truncated on an idle machine', async (t) => {
  const started = performance.now();
  const detection = await detectProject(root);
  const ms = performance.now() - started;
  t.diagnostic(`default limits: ${ms.toFixed(1)} ms, truncated: ${String(detection.truncated)}`);
  // Only a loose check: if the machine is so slow the deadline hit, the result must still say so honestly.
  assert.equal(detection.truncated, detection.filesSeen < FILES + 4);
});
