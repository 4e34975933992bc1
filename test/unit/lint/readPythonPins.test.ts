// What the build installs, read from requirements.txt, pyproject.toml (PEP 621, dependency groups, Poetry) and RUN lines.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readPythonPins } from '../../../src/core/lint/dockerfile/readPythonPins';

const pinsOf = (sources: Parameters<typeof readPythonPins>[0]) => readPythonPins(sources).pins.map((p) => `${p.name}${p.extras.length ? `[${p.extras.join(',')}]` : ''}${p.specifier}${p.variant ? `+${p.variant}` : ''} @${p.origin}`);

describe('readPythonPins', () => {
  test('requirements.txt through the scaffolding parser, with a PyTorch index as the torch variant', () => {
    const text = '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.4.1+cu121  # pinned\nnumpy<2 ; sys_platform == "win32"\ntransformers[torch]>=4.40\n';
    const pins = readPythonPins({ requirements: { path: '/p/requirements.txt', text }, instructions: [] });
    assert.deepEqual(pins.pins.map((p) => `${p.name}${p.specifier}+${p.variant ?? ''} @${p.origin}`), ['torch==2.4.1+cu121 @requirements.txt:2', 'transformers>=4.40+ @requirements.txt:4']);
    assert.deepEqual([...pins.torchIndexVariants], ['cu121']);
  });

  test('pyproject.toml: PEP 621 dependencies and optional groups, dependency-groups, Poetry tables; not other arrays', () => {
    const text = [
      '[project]',
      'name = "svc"',
      'keywords = ["torch", "serving"]',
      'dependencies = [',
      '  "fastapi>=0.110",',
      '  "torch==2.5.1",  # the model',
      ']',
      '[project.optional-dependencies]',
      'gpu = ["onnxruntime-gpu==1.20.1"]',
      '[dependency-groups]',
      'dev = ["pytest"]',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'tensorflow = { version = "~2.17", extras = ["and-cuda"] }',
      '[tool.poetry.group.test.dependencies]',
      'pytest-asyncio = "^0.23"',
      '',
    ].join('\n');
    assert.deepEqual(pinsOf({ pyproject: { path: '/p/pyproject.toml', text }, instructions: [] }), [
      'fastapi>=0.110 @pyproject.toml:5',
      'torch==2.5.1 @pyproject.toml:6',
      'onnxruntime-gpu==1.20.1 @pyproject.toml:9',
      'pytest @pyproject.toml:11',
      'tensorflow[and-cuda]>=2.17,<2.18 @pyproject.toml:14',
      'pytest-asyncio>=0.23,<0.24 @pyproject.toml:16',
    ]);
  });

  test('pip install, pip3 install, python -m pip install and uv pip install in RUN, options skipped', () => {
    const run = 'RUN pip install --no-cache-dir -r requirements.txt "torch==2.4.1" \\\n    && python3 -m pip install -i https://download.pytorch.org/whl/cpu torchvision==0.19.1 \\\n    && uv pip install --system vllm && echo install done';
    const pins = readPythonPins({ instructions: [{ text: run, line: 6 }] });
    assert.deepEqual(pins.pins.map((p) => `${p.name}${p.specifier} @${p.origin}`), ['torch==2.4.1 @Dockerfile:7', 'torchvision==0.19.1 @Dockerfile:7', 'vllm @Dockerfile:7']);
    assert.deepEqual([...pins.torchIndexVariants], ['cpu']);
  });

  test('garbage in, nothing out', () => {
    assert.deepEqual(pinsOf({ requirements: { path: 'r.txt', text: '\u0000\u0001' }, pyproject: { path: 'p.toml', text: '[[[' }, instructions: [{ text: 'RUN pip install', line: 0 }] }), []);
  });
});
