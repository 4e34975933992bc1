// berth/gpu-framework-on-cpu-base and berth/devel-base-in-final-stage.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cudaImages } from '../../../src/core/scaffold/compat/cudaImages';
import { lintDockerfile, type DockerfileLintContext } from '../../../src/core/lint/lintDockerfile';
import { applyEdits } from './applyEdits';

const CPU = 'berth/gpu-framework-on-cpu-base';
const DEVEL = 'berth/devel-base-in-final-stage';

function byRule(text: string, ctx: Partial<DockerfileLintContext>, rule: string) {
  return lintDockerfile(text, { hasDockerignore: true, ...ctx }).filter((f) => f.ruleId === rule);
}

const requirements = (text: string): Partial<DockerfileLintContext> => ({ requirements: { path: '/p/requirements.txt', text } });

describe('berth/gpu-framework-on-cpu-base', () => {
  test('fires for GPU-only packages on a CPU base, naming each and where it is pinned', () => {
    const [finding, ...rest] = byRule('FROM python:3.11-slim\nRUN pip install onnxruntime-gpu==1.20.1\n', requirements('cupy-cuda12x\n'), CPU);
    assert.ok(finding);
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, { startLine: 0, startColumn: 5, endLine: 0, endColumn: 21 });
    assert.match(finding.message, /^python:3\.11-slim has no CUDA, but /);
    assert.match(finding.message, /onnxruntime-gpu is the CUDA build \(use onnxruntime on CPU\) \(Dockerfile:2\)/);
    assert.match(finding.message, /cupy-cuda\* needs CUDA \(requirements\.txt:1\)/);
  });

  test('fires for torch from PyPI (its CUDA build on amd64) and for a CUDA wheel index', () => {
    const [pypi] = byRule('FROM python:3.11-slim\n', requirements('torch==2.4.1\n'), CPU);
    assert.match(pypi?.message ?? '', /torch from PyPI is its CUDA build on linux\/amd64 .* install it from https:\/\/download\.pytorch\.org\/whl\/cpu/);
    const [index] = byRule('FROM python:3.11-slim\nRUN pip install --index-url https://download.pytorch.org/whl/cu121 torch\n', {}, CPU);
    assert.match(index?.message ?? '', /torch comes from the cu121 \(CUDA\) index/);
    const [tf] = byRule('FROM python:3.12-slim\n', requirements('tensorflow[and-cuda]==2.17.0\n'), CPU);
    assert.match(tf?.message ?? '', /tensorflow\[and-cuda\] installs CUDA from pip/);
  });

  test('is quiet for CPU builds, arm64, CUDA bases and bases Berth does not know', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\nRUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.4.1\n', {}, CPU), []);
    assert.deepEqual(byRule('FROM python:3.11-slim\n', requirements('torch==2.4.1+cpu\nonnxruntime\n'), CPU), []);
    assert.deepEqual(byRule('FROM --platform=linux/arm64 python:3.11-slim\n', requirements('torch==2.4.1\n'), CPU), []);
    assert.deepEqual(byRule('FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\n', requirements('onnxruntime-gpu\n'), CPU), []);
    assert.deepEqual(byRule('FROM mycorp/ml-base:3\n', requirements('onnxruntime-gpu\n'), CPU), []);
  });

  test('looks at the final stage: a CUDA build stage does not make a CPU runtime right', () => {
    const text = 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS build\nRUN pip install vllm==0.6.0\nFROM python:3.11-slim AS runtime\nCOPY --from=build /opt /opt\n';
    const [finding] = byRule(text, {}, CPU);
    assert.equal(finding?.range.startLine, 2);
    assert.match(finding.message, /vllm is built for CUDA GPUs/);
    assert.deepEqual(byRule('FROM python:3.11-slim AS build\nRUN pip install vllm\nFROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n', {}, CPU), []);
  });

  test('suppressed by a comment above the final FROM', () => {
    assert.deepEqual(byRule(`# berth-ignore ${CPU}\nFROM python:3.11-slim\n`, requirements('onnxruntime-gpu\n'), CPU), []);
  });
});

describe('berth/devel-base-in-final-stage', () => {
  test('fires on a devel final stage and switches to the runtime sibling, which exists', () => {
    const text = 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\nCMD ["python3", "serve.py"]\n';
    const [finding] = byRule(text, {}, DEVEL);
    assert.ok(finding);
    assert.match(finding.message, /a devel image .* run on nvidia\/cuda:12\.4\.1-cudnn-runtime-ubuntu22\.04/);
    const fix = finding.fixes?.[0];
    assert.ok(fix);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed.split('\n')[0], 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04');
    assert.ok(cudaImages.some((r) => r.tag === '12.4.1-cudnn-runtime-ubuntu22.04'));
    assert.deepEqual(byRule(fixed, {}, DEVEL), []);
  });

  test('pytorch/pytorch devel tags switch to their runtime twin', () => {
    const text = 'FROM pytorch/pytorch:2.4.1-cuda12.1-cudnn9-devel\n';
    const fixed = applyEdits(text, byRule(text, {}, DEVEL)[0]?.fixes?.[0]?.edits ?? []);
    assert.equal(fixed, 'FROM pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime\n');
  });

  test('follows a final stage built FROM a devel stage, without a fix (the stage is not the place to change)', () => {
    const text = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS base\nRUN make\nFROM base AS final\n';
    const [finding] = byRule(text, {}, DEVEL);
    assert.equal(finding?.range.startLine, 2);
    assert.match(finding.message, /builds on stage "base", which runs on the devel image/);
    assert.equal(finding.fixes, undefined);
  });

  test('is quiet when devel is only in a build stage (the multi-stage pattern it recommends)', () => {
    const text = 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS build\nRUN make\nFROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nCOPY --from=build /out /out\n';
    assert.deepEqual(byRule(text, {}, DEVEL), []);
  });

  test('suppressed by a comment', () => {
    assert.deepEqual(byRule(`# berth-ignore ${DEVEL}\nFROM nvidia/cuda:12.4.1-devel-ubuntu22.04\n`, {}, DEVEL), []);
  });
});
