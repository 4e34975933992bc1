// The defaults offered to the user: serving profile, accelerator, and Python minor from a range.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ModelFileKind, ProjectDetection } from '../../../src/core/scaffold/scaffoldTypes';
import { suggestAccelerator } from '../../../src/core/scaffold/suggestAccelerator';
import { suggestProfile } from '../../../src/core/scaffold/suggestProfile';
import { suggestPythonMinor } from '../../../src/core/scaffold/suggestPythonMinor';

/** `torch==2.4.1+cu121`, `tensorflow[and-cuda]`, `vllm`: requirement strings kept simple for the table below. */
function detection(options: { requires?: string[]; models?: ModelFileKind[]; entryPoint?: string }): ProjectDetection {
  return {
    requirementFiles: ['requirements.txt'],
    requirements: (options.requires ?? []).map((spec, i) => {
      const m = /^([a-z0-9-]+)(?:\[([^\]]*)\])?(.*)$/.exec(spec);
      return { name: m?.[1] ?? spec, specifier: m?.[3] ?? '', extras: m?.[2] ? m[2].split(',') : [], source: { file: 'requirements.txt', line: i + 1 } };
    }),
    entryPoint: options.entryPoint,
    modelFiles: (options.models ?? []).map((kind, i) => ({ path: `m${i}`, kind, bytes: 1 })),
    python: undefined,
    warnings: [],
    truncated: false,
    filesSeen: 10,
  };
}

describe('suggestProfile', () => {
  const cases: [string, Parameters<typeof detection>[0], string][] = [
    ['vllm wins over everything', { requires: ['torch', 'transformers', 'vllm'], models: ['safetensors'] }, 'vllm'],
    ['a Triton repository', { requires: ['torch'], models: ['triton-repository', 'onnx'], entryPoint: 'app.py' }, 'triton'],
    ['a tritonclient requirement', { requires: ['tritonclient'] }, 'triton'],
    ['a SavedModel without an entry point', { requires: ['tensorflow'], models: ['tf-saved-model'] }, 'tf-serving'],
    ['a SavedModel served by its own app', { requires: ['tensorflow'], models: ['tf-saved-model'], entryPoint: 'app.py' }, 'python-server'],
    ['gguf without an entry point', { models: ['gguf'] }, 'ollama'],
    ['gguf with an ollama client app', { requires: ['ollama'], models: ['gguf'], entryPoint: 'app.py' }, 'ollama'],
    ['gguf with its own app (llama-cpp-python)', { requires: ['llama-cpp-python'], models: ['gguf'], entryPoint: 'app.py' }, 'python-server'],
    ['an onnxruntime requirement', { requires: ['onnxruntime', 'transformers'] }, 'onnxruntime'],
    ['an onnxruntime-gpu requirement', { requires: ['onnxruntime-gpu'] }, 'onnxruntime'],
    ['onnx files and no torch', { requires: ['fastapi'], models: ['onnx'], entryPoint: 'app.py' }, 'onnxruntime'],
    ['onnx files exported by a torch project', { requires: ['torch'], models: ['onnx', 'pt'], entryPoint: 'app.py' }, 'pytorch'],
    ['transformers', { requires: ['torch', 'transformers'], models: ['safetensors'] }, 'transformers'],
    ['torch', { requires: ['torch==2.4.1'], models: ['pt'] }, 'pytorch'],
    ['tensorflow with an entry point', { requires: ['tensorflow'], entryPoint: 'app.py' }, 'python-server'],
    ['nothing at all', {}, 'python-server'],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(suggestProfile(detection(input)), expected));
  }
});

describe('suggestAccelerator', () => {
  const cases: [string, string[], ModelFileKind[], 'gpu' | 'cpu'][] = [
    ['onnxruntime-gpu', ['onnxruntime-gpu'], [], 'gpu'],
    ['onnxruntime CPU-only', ['onnxruntime'], ['onnx'], 'cpu'],
    ['onnxruntime CPU-only beside transformers', ['transformers', 'onnxruntime'], [], 'cpu'],
    ['vllm', ['vllm'], [], 'gpu'],
    ['tensorflow[and-cuda]', ['tensorflow[and-cuda]==2.17.0'], [], 'gpu'],
    ['plain tensorflow', ['tensorflow==2.17.0'], [], 'cpu'],
    ['a CUDA torch pin', ['torch==2.4.1+cu121'], [], 'gpu'],
    ['a CPU torch pin', ['torch==2.4.1+cpu', 'transformers'], [], 'cpu'],
    ['torch alone', ['torch'], [], 'gpu'],
    ['transformers alone', ['transformers'], [], 'gpu'],
    ['a Triton repository', [], ['triton-repository'], 'gpu'],
    ['tritonclient', ['tritonclient'], [], 'gpu'],
    ['no GPU framework', ['flask', 'scikit-learn'], ['bin'], 'cpu'],
    ['gguf alone', [], ['gguf'], 'cpu'],
  ];
  for (const [name, requires, models, expected] of cases) {
    test(name, () => assert.equal(suggestAccelerator(detection({ requires, models })), expected));
  }
});

describe('suggestPythonMinor', () => {
  test('the newest of 3.8–3.12 allowed, 3.13 only when nothing older fits', () => {
    assert.equal(suggestPythonMinor('>=3.10'), '3.12');
    assert.equal(suggestPythonMinor('>=3.9,<3.12'), '3.11');
    assert.equal(suggestPythonMinor('>=3.9, <3.12'), '3.11');
    assert.equal(suggestPythonMinor('>=3.11,<4.0'), '3.12');
    assert.equal(suggestPythonMinor('<=3.10'), '3.10');
    assert.equal(suggestPythonMinor('~=3.11.4'), '3.11');
    assert.equal(suggestPythonMinor('>=3.11.4,<3.11.6'), '3.11');
    assert.equal(suggestPythonMinor('>=3.13'), '3.13');
    assert.equal(suggestPythonMinor('!=3.12.*,>=3.10'), '3.11');
  });
  test('exact pins are returned as written, even outside the window', () => {
    assert.equal(suggestPythonMinor('==3.11.9'), '3.11');
    assert.equal(suggestPythonMinor('==3.10.*'), '3.10');
    assert.equal(suggestPythonMinor('==3.7'), '3.7');
  });
  test('nothing usable', () => {
    assert.equal(suggestPythonMinor(''), undefined);
    assert.equal(suggestPythonMinor('>=3.14'), undefined);
    assert.equal(suggestPythonMinor('not a range'), undefined);
  });
});
