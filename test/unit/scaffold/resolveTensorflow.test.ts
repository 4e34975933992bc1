import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compare } from '@renovatebot/pep440';
import { resolveTensorflow } from '../../../src/core/scaffold/compat/resolveTensorflow';
import { tensorflowBuilds } from '../../../src/core/scaffold/compat/tensorflowBuilds';
import type { PythonRequirement } from '../../../src/core/scaffold/scaffoldTypes';

function tf(specifier: string): PythonRequirement {
  return { name: 'tensorflow', specifier, extras: [], source: { file: 'pyproject.toml' } };
}

const newestFor = (python: string) =>
  tensorflowBuilds
    .filter((b) => b.pythons.includes(python))
    .map((b) => b.tensorflow)
    .sort((a, b) => compare(b, a))[0];

describe('resolveTensorflow', () => {
  test('GPU, 2.14 and later: tensorflow[and-cuda] on the plain CUDA base of the tested build', () => {
    const r = resolveTensorflow({ requirement: tf('==2.17.0'), python: '3.11', accelerator: 'gpu' });
    assert.equal(r.problem, undefined);
    assert.deepEqual(r.choice.tensorflow, {
      tensorflow: '2.17.0',
      pipRequirement: 'tensorflow[and-cuda]==2.17.0',
      cuda: '12.3',
      cudnn: '8.9',
      pythons: ['3.9', '3.10', '3.11', '3.12'],
    });
    assert.equal(r.choice.base?.image, 'nvidia/cuda:12.3.2-base-ubuntu22.04');
    assert.equal(r.choice.base.cudnn, undefined);
    assert.equal(r.reasons[0], 'tensorflow==2.17.0 in pyproject.toml');
  });

  test('GPU before 2.14: plain tensorflow on a runtime image carrying the cuDNN major it was built with', () => {
    const r = resolveTensorflow({ requirement: tf('==2.13.0'), python: '3.11', accelerator: 'gpu' });
    assert.equal(r.choice.tensorflow.pipRequirement, 'tensorflow==2.13.0');
    assert.equal(r.choice.base?.image, 'nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04');
    const first = resolveTensorflow({ requirement: tf('==2.14.0'), python: '3.11', accelerator: 'gpu' });
    assert.equal(first.choice.tensorflow.pipRequirement, 'tensorflow[and-cuda]==2.14.0');
    assert.equal(first.choice.base?.flavor, 'base');
  });

  test('CPU: the tensorflow-cpu wheel and no base', () => {
    const r = resolveTensorflow({ requirement: tf('==2.17.0'), python: '3.11', accelerator: 'cpu' });
    assert.equal(r.choice.tensorflow.pipRequirement, 'tensorflow-cpu==2.17.0');
    assert.equal(r.choice.tensorflow.cuda, undefined);
    assert.equal(r.choice.tensorflow.cudnn, undefined);
    assert.equal(r.choice.base, undefined);
  });

  test('unpinned: the newest release for the Python', () => {
    for (const python of ['3.9', '3.11', '3.13']) {
      const want = newestFor(python);
      assert.ok(want);
      assert.equal(resolveTensorflow({ python, accelerator: 'gpu' }).choice.tensorflow.tensorflow, want, python);
    }
  });

  test('a range picks the newest tested build inside it', () => {
    const r = resolveTensorflow({ requirement: tf('>=2.12,<2.15'), python: '3.11', accelerator: 'cpu' });
    assert.equal(r.choice.tensorflow.tensorflow, '2.14.0');
    assert.equal(r.problem, undefined);
  });

  test('an exact pin to a patch release the table lacks keeps the version, with its minor\'s build', () => {
    const r = resolveTensorflow({ requirement: tf('==2.15.1'), python: '3.11', accelerator: 'gpu' });
    const minor = tensorflowBuilds.find((b) => b.tensorflow === '2.15.0');
    assert.ok(minor);
    assert.equal(r.choice.tensorflow.tensorflow, '2.15.1');
    assert.equal(r.choice.tensorflow.pipRequirement, 'tensorflow[and-cuda]==2.15.1');
    assert.equal(r.choice.tensorflow.cuda, minor.cuda);
    assert.equal(r.problem, undefined);
  });

  test('a pin with no wheel for the Python moves to the nearest Python it has', () => {
    const r = resolveTensorflow({ requirement: tf('==2.9.0'), python: '3.12', accelerator: 'gpu' });
    assert.equal(r.choice.tensorflow.tensorflow, '2.9.0');
    assert.equal(r.choice.python, '3.10');
    assert.equal(r.problem, 'tensorflow 2.9.0 has no wheel for Python 3.12 (it has 3.7–3.10); using Python 3.10');
    // CUDA 11.2 images stop at Ubuntu 20.04.
    assert.equal(r.choice.base?.image, 'nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04');
  });

  test('a release that does not exist falls back to the newest, and says so', () => {
    const r = resolveTensorflow({ requirement: tf('==3.0.0'), python: '3.11', accelerator: 'cpu' });
    assert.equal(r.choice.tensorflow.tensorflow, newestFor('3.11'));
    assert.match(r.problem ?? '', /^tensorflow==3\.0\.0 matches no TensorFlow release/);
  });

  test('every tested build resolves on GPU and CPU with a consistent choice', () => {
    for (const b of tensorflowBuilds) {
      for (const accelerator of ['gpu', 'cpu'] as const) {
        const r = resolveTensorflow({ requirement: tf(`==${b.tensorflow}`), python: '3.11', accelerator });
        const what = `${b.tensorflow} ${accelerator}`;
        assert.equal(r.choice.tensorflow.tensorflow, b.tensorflow, what);
        assert.ok(r.choice.tensorflow.pythons.includes(r.choice.python), what);
        assert.ok(r.choice.tensorflow.pipRequirement.endsWith(`==${b.tensorflow}`), what);
        if (accelerator === 'gpu') {
          assert.equal(r.choice.base?.cuda.split('.').slice(0, 2).join('.'), b.cuda, what);
        } else {
          assert.equal(r.choice.base, undefined, what);
        }
        assert.equal(r.problem === undefined, r.choice.python === '3.11', what);
      }
    }
  });
});
