// berth/weights-in-image and berth/weights-without-dockerignore, with the .dockerignore fix checked by Docker's own
// matcher: after the edit, the weights are excluded and the code is not.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import ignore from '@balena/dockerignore';
import { lintDockerfile, type DockerfileLintContext } from '../../../src/core/lint/lintDockerfile';
import { applyEdits } from './applyEdits';

const IN_IMAGE = 'berth/weights-in-image';
const NO_IGNORE = 'berth/weights-without-dockerignore';
const WEIGHTS = ['weights/model.safetensors', 'weights/tokenizer/extra.bin', 'models/llama.gguf'];

function byRule(text: string, ctx: Partial<DockerfileLintContext>, rule: string) {
  return lintDockerfile(text, { hasDockerignore: true, ...ctx }).filter((f) => f.ruleId === rule);
}

describe('berth/weights-in-image', () => {
  test('fires on a COPY that names a weight file, a glob of them, or an ADD of one by URL', () => {
    for (const line of ['COPY model.safetensors /models/', 'COPY ["weights/a.gguf", "/models/"]', 'COPY *.onnx /models/', 'ADD https://hf.co/x/model.pt /m/']) {
      const findings = byRule(`FROM python:3.11-slim\n${line}\n`, {}, IN_IMAGE);
      assert.equal(findings.length, 1, line);
      assert.equal(findings[0]?.range.startLine, 1);
      assert.match(findings[0].message, /into the image.*mount them at run time/);
      assert.equal(findings[0].fixes, undefined, 'no .dockerignore entry can fix a COPY of the file itself');
    }
  });

  test('fires on a COPY of a folder (or the context) that holds weights, with a .dockerignore fix', () => {
    const text = 'FROM python:3.11-slim\nCOPY . /app\n';
    const [finding] = byRule(text, { contextWeightFiles: WEIGHTS }, IN_IMAGE);
    assert.ok(finding);
    assert.deepEqual(finding.range, { startLine: 1, startColumn: 5, endLine: 1, endColumn: 6 });
    assert.match(finding.message, /COPY \. copies 3 weight files \(weights\/model\.safetensors, …\)/);
    const edit = finding.fixes?.[0]?.edits[0];
    assert.equal(edit?.file, '.dockerignore');
    const dockerignore = applyEdits('.git\n', [edit]);
    const matcher = ignore().add(dockerignore.split('\n'));
    for (const w of WEIGHTS) assert.ok(matcher.ignores(w), `${w} excluded`);
    assert.ok(!matcher.ignores('app.py') && !matcher.ignores('weights/README.md'), 'code stays in the context');
    assert.ok(matcher.ignores('.git'), 'the existing entries stay');

    assert.equal(byRule('FROM python:3.11-slim\nCOPY weights/ /models\n', { contextWeightFiles: WEIGHTS }, IN_IMAGE).length, 1);
    assert.equal(byRule('FROM python:3.11-slim\nCOPY ./models /models\n', { contextWeightFiles: WEIGHTS }, IN_IMAGE).length, 1);
    assert.equal(byRule('FROM python:3.11-slim\nCOPY weights/tok* /models\n', { contextWeightFiles: WEIGHTS }, IN_IMAGE).length, 1);
  });

  test('is quiet on code folders, COPY --from, heredocs and an empty context', () => {
    const quiet = [
      'COPY src/ /app/src/',
      'COPY --from=build /models /models',
      'COPY <<EOF /app/config.json\n{"model": "a.safetensors"}\nEOF',
      'COPY <<EOF /app/weights.txt\nmodel.safetensors\nweights/\nEOF',
      'COPY requirements.txt /tmp/',
      'COPY --exclude=weights --exclude=**/*.gguf . /app',
    ];
    for (const line of quiet) assert.deepEqual(byRule(`FROM python:3.11-slim\n${line}\n`, { contextWeightFiles: WEIGHTS }, IN_IMAGE), [], line);
    assert.deepEqual(byRule('FROM python:3.11-slim\nCOPY . /app\n', {}, IN_IMAGE), []);
  });

  test('suppressed above the COPY (baking weights in on purpose)', () => {
    const text = 'FROM python:3.11-slim\n# Baked in on purpose: an air-gapped site.\n# berth-ignore berth/weights-in-image\nCOPY model.safetensors /models/\n';
    assert.deepEqual(byRule(text, {}, IN_IMAGE), []);
  });
});

describe('berth/weights-without-dockerignore', () => {
  test('fires when weights sit in the context and there is no .dockerignore; the fix creates one that excludes them', () => {
    const [finding] = byRule('FROM python:3.11-slim\nCOPY app.py /app/\n', { hasDockerignore: false, contextWeightFiles: WEIGHTS }, NO_IGNORE);
    assert.ok(finding);
    assert.deepEqual(finding.range, { startLine: 0, startColumn: 0, endLine: 0, endColumn: 4 });
    const edit = finding.fixes?.[0]?.edits[0];
    assert.ok(edit);
    assert.equal(edit.file, '.dockerignore');
    const matcher = ignore().add(applyEdits('', [edit]).split('\n'));
    for (const w of WEIGHTS) assert.ok(matcher.ignores(w), w);
    assert.ok(!matcher.ignores('app.py'));
  });

  test('is quiet with a .dockerignore or without weights', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\n', { hasDockerignore: true, contextWeightFiles: WEIGHTS }, NO_IGNORE), []);
    assert.deepEqual(byRule('FROM python:3.11-slim\n', { hasDockerignore: false, contextWeightFiles: [] }, NO_IGNORE), []);
  });

  test('suppressed for the file', () => {
    const text = '# berth-ignore-file berth/weights-without-dockerignore\nFROM python:3.11-slim\n';
    assert.deepEqual(byRule(text, { hasDockerignore: false, contextWeightFiles: WEIGHTS }, NO_IGNORE), []);
  });
});
