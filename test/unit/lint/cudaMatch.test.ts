// berth/cuda-torch-mismatch and berth/cuda-tensorflow-mismatch, checked against the scaffolding's own resolvers: the
// base a finding suggests must be the one Berth would scaffold for the same pin.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { resolveTensorflow } from '../../../src/core/scaffold/compat/resolveTensorflow';
import { resolveTorch } from '../../../src/core/scaffold/compat/resolveTorch';
import { lintDockerfile, type DockerfileLintContext } from '../../../src/core/lint/lintDockerfile';
import type { PythonRequirement } from '../../../src/core/scaffold/scaffoldTypes';
import { applyEdits } from './applyEdits';

const TORCH = 'berth/cuda-torch-mismatch';
const TF = 'berth/cuda-tensorflow-mismatch';

function context(requirements: string): DockerfileLintContext {
  return { hasDockerignore: true, requirements: { path: '/project/requirements.txt', text: requirements } };
}

function byRule(text: string, ctx: DockerfileLintContext, rule: string) {
  return lintDockerfile(text, ctx).filter((f) => f.ruleId === rule);
}

function torchBase(specifier: string): string {
  const requirement: PythonRequirement = { name: 'torch', specifier, extras: [], source: { file: 'requirements.txt', line: 1 } };
  const base = resolveTorch({ requirement, python: '3.11', accelerator: 'gpu', preferCudaMajor: 12 }).choice.base;
  assert.ok(base, `resolveTorch gives a base for torch${specifier}`);
  return base.image;
}

describe('berth/cuda-torch-mismatch', () => {
  const mismatched = 'FROM nvidia/cuda:12.8.0-cudnn-runtime-ubuntu22.04\nUSER app\nCMD ["python", "job.py"]\n';

  test('fires when the base CUDA is not one the pinned torch has wheels for, and says what to change', () => {
    const [finding, ...rest] = byRule(mismatched, context('torch==2.5.1\n'), TORCH);
    assert.ok(finding);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.docsAnchor, 'lint-cuda-torch-mismatch');
    assert.deepEqual(finding.range, { startLine: 0, startColumn: 5, endLine: 0, endColumn: 49 });
    assert.match(finding.message, /torch 2\.5\.1 \(requirements\.txt:1\) ships CUDA 12\.4\/12\.1\/11\.8 wheels; this base has CUDA 12\.8/);
    // torch 2.7.0 is the first release with a cu128 wheel (torchWheels.json).
    assert.match(finding.message, /or pin torch>=2\.7\.0/);
    assert.ok(finding.message.includes(`use ${torchBase('==2.5.1')}`), finding.message);
  });

  test('the quick fix puts the base the scaffolding would choose, and the finding goes away', () => {
    const [finding] = byRule(mismatched, context('torch==2.5.1\n'), TORCH);
    const fix = finding?.fixes?.[0];
    assert.ok(fix);
    const fixed = applyEdits(mismatched, fix.edits);
    assert.equal(fixed.split('\n')[0], `FROM ${torchBase('==2.5.1')}`);
    assert.deepEqual(byRule(fixed, context('torch==2.5.1\n'), TORCH), []);
  });

  test('keeps the registry and the Ubuntu the user wrote when nvidia/cuda has that tag', () => {
    const text = 'FROM nvcr.io/nvidia/cuda:12.1.1-cudnn8-devel-ubuntu20.04 AS build\n';
    const [finding] = byRule(text, context('torch==2.6.0\n'), TORCH);
    const fix = finding?.fixes?.[0];
    assert.ok(fix, 'a fix');
    // torch 2.6.0 has cu118/cu124/cu126: the newest 12.x wheel is cu126; 12.6.3 devel+cuDNN exists for Ubuntu 20.04.
    assert.equal(applyEdits(text, fix.edits).split('\n')[0], 'FROM nvcr.io/nvidia/cuda:12.6.3-cudnn-devel-ubuntu20.04 AS build');
  });

  test('is quiet when the base matches a wheel of the pin, for exact pins, ranges and Dockerfile installs', () => {
    assert.deepEqual(byRule('FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\n', context('torch==2.5.1\n'), TORCH), []);
    assert.deepEqual(byRule('FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\n', context('torch>=2.3,<2.5\n'), TORCH), []);
    const installs = 'FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04\nRUN pip install "torch==2.7.1"\n';
    assert.deepEqual(byRule(installs, { hasDockerignore: true }, TORCH), []);
  });

  test('is quiet without a pin, on pins newer than the table, and on CPU or unknown bases', () => {
    const cuda = 'FROM nvidia/cuda:12.8.0-cudnn-runtime-ubuntu22.04\n';
    assert.deepEqual(byRule(cuda, context('torch\n'), TORCH), []);
    assert.deepEqual(byRule(cuda, context('torch==9.9.9\n'), TORCH), []);
    assert.deepEqual(byRule(cuda, { hasDockerignore: true }, TORCH), []);
    assert.deepEqual(byRule('FROM python:3.11-slim\n', context('torch==2.5.1\n'), TORCH), []);
    assert.deepEqual(byRule('FROM mycorp/base:1\n', context('torch==2.5.1\n'), TORCH), []);
  });

  test('a wheel variant named by an index URL or a local version decides', () => {
    const text = 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install --index-url https://download.pytorch.org/whl/cu124 torch==2.4.1\n';
    const [finding] = byRule(text, { hasDockerignore: true }, TORCH);
    assert.ok(finding);
    assert.match(finding.message, /installs the cu124 wheel \(CUDA 12\.4\); this base has CUDA 12\.1 — use nvidia\/cuda:12\.4\.1-runtime-ubuntu22\.04 or install from https:\/\/download\.pytorch\.org\/whl\/cu121/);
    assert.deepEqual(byRule('FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n', context('torch==2.4.1+cu121\n'), TORCH), []);
    const cpuWheel = byRule('FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n', context('torch==2.4.1+cpu\n'), TORCH);
    assert.match(cpuWheel[0]?.message ?? '', /uses no CUDA/);
  });

  test('reads pyproject.toml pins (PEP 621 and Poetry) with their line', () => {
    const pep621 = '[project]\nname = "x"\ndependencies = [\n  "fastapi",\n  "torch==2.5.1",\n]\n';
    const [a] = byRule('FROM nvidia/cuda:12.8.0-runtime-ubuntu22.04\n', { hasDockerignore: true, pyproject: { path: '/p/pyproject.toml', text: pep621 } }, TORCH);
    assert.match(a?.message ?? '', /torch 2\.5\.1 \(pyproject\.toml:5\)/);
    const poetry = '[tool.poetry.dependencies]\npython = "^3.11"\ntorch = { version = "2.5.1", source = "pytorch" }\n';
    const [b] = byRule('FROM nvidia/cuda:12.8.0-runtime-ubuntu22.04\n', { hasDockerignore: true, pyproject: { path: '/p/pyproject.toml', text: poetry } }, TORCH);
    assert.match(b?.message ?? '', /torch 2\.5\.1 \(pyproject\.toml:3\)/);
  });

  test('pytorch/pytorch bases are compared too, without a tag Berth cannot vouch for', () => {
    const [finding] = byRule('FROM pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime\n', context('torch==2.6.0\n'), TORCH);
    assert.ok(finding);
    assert.match(finding.message, /use a pytorch\/pytorch tag built with CUDA 12\.6/);
    assert.equal(finding.fixes, undefined);
  });

  test('suppressed above the FROM, for the file, or in settings', () => {
    const ctx = context('torch==2.5.1\n');
    assert.deepEqual(byRule(`# berth-ignore ${TORCH}\n${mismatched}`, ctx, TORCH), []);
    assert.deepEqual(byRule(`${mismatched}# berth-ignore-file berth/unpinned-base-image, ${TORCH}\n`, ctx, TORCH), []);
    assert.deepEqual(byRule(mismatched, { ...ctx, disabledRules: new Set([TORCH]) }, TORCH), []);
    // A comment for another rule does not silence this one.
    assert.equal(byRule(`# berth-ignore berth/runs-as-root\n${mismatched}`, ctx, TORCH).length, 1);
  });
});

describe('berth/cuda-tensorflow-mismatch', () => {
  test('fires with the base TensorFlow was built for, as the scaffolding resolves it', () => {
    const text = 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\n';
    const [finding] = byRule(text, context('tensorflow[and-cuda]==2.17.1\n'), TF);
    assert.ok(finding);
    assert.match(finding.message, /tensorflow 2\.17\.1 \(requirements\.txt:1\) is built with CUDA 12\.3 and cuDNN 8\.9; this base has CUDA 12\.4/);
    const requirement: PythonRequirement = { name: 'tensorflow', specifier: '==2.17.1', extras: [], source: { file: 'requirements.txt', line: 1 } };
    const expected = resolveTensorflow({ requirement, python: '3.11', accelerator: 'gpu' }).choice.base?.image;
    assert.ok(expected);
    assert.ok(finding.message.includes(`use ${expected}`), finding.message);
    const fix = finding.fixes?.[0];
    assert.ok(fix);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, `FROM ${expected}\n`);
    assert.deepEqual(byRule(fixed, context('tensorflow==2.17.1\n'), TF), []);
  });

  test('is quiet on a matching base and without a pin', () => {
    assert.deepEqual(byRule('FROM nvidia/cuda:12.5.1-base-ubuntu22.04\n', context('tensorflow==2.18.0\n'), TF), []);
    assert.deepEqual(byRule('FROM nvidia/cuda:12.4.1-base-ubuntu22.04\n', context('tensorflow\n'), TF), []);
  });

  test('suppressed by a comment above the FROM', () => {
    assert.deepEqual(byRule(`# berth-ignore ${TF}\nFROM nvidia/cuda:12.4.1-base-ubuntu22.04\n`, context('tensorflow==2.17.0\n'), TF), []);
  });
});
