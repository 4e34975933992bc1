// Image references read the way the Docker CLI reads them, and what each base brings for GPU work.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseImageKind } from '../../../src/core/lint/dockerfile/baseImageKind';
import { parseImageReference } from '../../../src/core/lint/dockerfile/parseImageReference';

describe('parseImageReference', () => {
  test('registry, repository, tag and digest', () => {
    assert.deepEqual(parseImageReference('python'), { registry: undefined, repository: 'python', tag: undefined, digest: undefined });
    assert.deepEqual(parseImageReference('docker.io/library/Python:3.11-slim'), { registry: undefined, repository: 'python', tag: '3.11-slim', digest: undefined });
    assert.deepEqual(parseImageReference('localhost:5000/team/model:1.2@sha256:abc'), { registry: 'localhost:5000', repository: 'team/model', tag: '1.2', digest: 'sha256:abc' });
    assert.deepEqual(parseImageReference('nvcr.io/nvidia/tritonserver:25.01-py3'), { registry: 'nvcr.io', repository: 'nvidia/tritonserver', tag: '25.01-py3', digest: undefined });
    assert.deepEqual(parseImageReference('registry:5000/x'), { registry: 'registry:5000', repository: 'x', tag: undefined, digest: undefined });
  });
});

describe('baseImageKind', () => {
  const kind = (image: string) => baseImageKind(parseImageReference(image));

  test('nvidia/cuda tags: CUDA, flavor, cuDNN, Ubuntu', () => {
    assert.deepEqual(kind('nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04'), { kind: 'cuda', cuda: '12.4.1', flavor: 'runtime', cudnn: '9', ubuntu: '22.04', family: 'nvidia/cuda' });
    assert.deepEqual(kind('nvcr.io/nvidia/cuda:11.8.0-cudnn8-devel-ubuntu20.04'), { kind: 'cuda', cuda: '11.8.0', flavor: 'devel', cudnn: '8', ubuntu: '20.04', family: 'nvidia/cuda' });
    assert.deepEqual(kind('nvidia/cuda:12.2.2-base-rockylinux8'), { kind: 'cuda', cuda: '12.2.2', flavor: 'base', cudnn: undefined, ubuntu: undefined, family: 'nvidia/cuda' });
    assert.deepEqual(kind('nvidia/cuda:latest'), { kind: 'gpu', devel: false });
  });

  test('pytorch/pytorch, GPU serving images, CPU images, scratch and the unknown', () => {
    assert.deepEqual(kind('pytorch/pytorch:2.4.1-cuda12.4-cudnn9-devel'), { kind: 'cuda', cuda: '12.4', flavor: 'devel', cudnn: '9', ubuntu: undefined, family: 'pytorch/pytorch' });
    assert.equal(kind('vllm/vllm-openai:v0.14.0').kind, 'gpu');
    assert.equal(kind('tensorflow/tensorflow:2.17.0-gpu').kind, 'gpu');
    assert.equal(kind('tensorflow/serving:2.18.0').kind, 'cpu');
    assert.equal(kind('nvcr.io/nvidia/pytorch:24.08-py3').kind, 'gpu');
    assert.equal(kind('python:3.11-slim-bookworm').kind, 'cpu');
    assert.equal(kind('ubuntu').kind, 'cpu');
    assert.equal(kind('scratch').kind, 'scratch');
    assert.equal(kind('ghcr.io/acme/python:3.11').kind, 'unknown');
  });
});
