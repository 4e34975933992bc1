import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compare } from '@renovatebot/pep440';
import { cudaBaseImage } from '../../../src/core/scaffold/compat/cudaBaseImage';
import { cudaImages } from '../../../src/core/scaffold/compat/cudaImages';

const minorOf = (v: string) => v.split('.').slice(0, 2).join('.');

describe('cudaBaseImage', () => {
  test('12.4 runtime with cuDNN is the known 12.4.1 tag on Ubuntu 22.04', () => {
    assert.deepEqual(cudaBaseImage('12.4', { flavor: 'runtime', cudnn: true }), {
      image: 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04',
      cuda: '12.4.1',
      cudnn: '9',
      flavor: 'runtime',
      ubuntu: '22.04',
    });
  });

  test('the base flavor has no cuDNN in its name or its fields', () => {
    const base = cudaBaseImage('12.4', { flavor: 'base', cudnn: false });
    assert.equal(base?.image, 'nvidia/cuda:12.4.1-base-ubuntu22.04');
    assert.equal(base.cudnn, undefined);
    assert.equal(cudaBaseImage('12.4', { flavor: 'base', cudnn: true }), undefined);
  });

  test('takes the newest patch of the minor: 12.6 has 12.6.0 to 12.6.3', () => {
    const patches = [...new Set(cudaImages.filter((r) => minorOf(r.cuda) === '12.6').map((r) => r.cuda))];
    assert.deepEqual(patches, ['12.6.0', '12.6.1', '12.6.2', '12.6.3']);
    assert.equal(cudaBaseImage('12.6', { flavor: 'devel', cudnn: true })?.image, 'nvidia/cuda:12.6.3-cudnn-devel-ubuntu22.04');
  });

  test('an exact patch is honoured', () => {
    assert.equal(cudaBaseImage('12.6.1', { flavor: 'runtime', cudnn: true })?.cuda, '12.6.1');
    assert.equal(cudaBaseImage('12.6.9', { flavor: 'runtime', cudnn: true }), undefined);
  });

  test('falls back to the newest Ubuntu when the version has no 22.04 tag', () => {
    // CUDA 11.2 predates Ubuntu 22.04 images: 16.04, 18.04, 20.04 only.
    assert.ok(!cudaImages.some((r) => minorOf(r.cuda) === '11.2' && r.ubuntu === '22.04'));
    assert.equal(cudaBaseImage('11.2', { flavor: 'runtime', cudnn: true })?.image, 'nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04');
  });

  test('an Ubuntu asked for is required, not preferred', () => {
    assert.equal(cudaBaseImage('12.6', { flavor: 'runtime', cudnn: true, ubuntu: '24.04' })?.image, 'nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04');
    assert.equal(cudaBaseImage('11.8', { flavor: 'runtime', cudnn: true, ubuntu: '24.04' }), undefined);
    assert.equal(cudaBaseImage('12.6', { flavor: 'runtime', cudnn: true, ubuntu: '20.04' })?.ubuntu, '20.04');
  });

  test('the cuDNN major comes from the data, also where the tag does not name it', () => {
    assert.equal(cudaBaseImage('12.3', { flavor: 'runtime', cudnn: true })?.image, 'nvidia/cuda:12.3.2-cudnn9-runtime-ubuntu22.04');
    assert.equal(cudaBaseImage('12.2', { flavor: 'runtime', cudnn: true })?.cudnn, '8');
    assert.equal(cudaBaseImage('13.0', { flavor: 'runtime', cudnn: true })?.cudnn, '9');
  });

  test('versions nvidia/cuda does not publish, and malformed input, give undefined', () => {
    for (const cuda of ['10.2', '12.7', '99.0', '12', '12.4.1.1', 'abc', '', 'v12.4']) {
      assert.equal(cudaBaseImage(cuda, { flavor: 'runtime', cudnn: true }), undefined, cuda);
    }
  });

  test('for every minor and flavor, the answer is the newest patch with those properties, on 22.04 where it exists', () => {
    const minors = [...new Set(cudaImages.map((r) => minorOf(r.cuda)))];
    for (const minor of minors) {
      for (const flavor of ['base', 'runtime', 'devel'] as const) {
        for (const cudnn of [true, false]) {
          const fits = cudaImages.filter((r) => minorOf(r.cuda) === minor && r.flavor === flavor && (r.cudnn !== undefined) === cudnn);
          const got = cudaBaseImage(minor, { flavor, cudnn });
          const what = `${minor} ${flavor} cudnn=${String(cudnn)}`;
          if (fits.length === 0) {
            assert.equal(got, undefined, what);
            continue;
          }
          assert.ok(got, what);
          const pool = fits.some((r) => r.ubuntu === '22.04') ? fits.filter((r) => r.ubuntu === '22.04') : fits;
          const newest = pool.map((r) => r.cuda).sort((a, b) => compare(b, a))[0];
          assert.equal(got.cuda, newest, what);
          assert.ok(pool.some((r) => r.image === got.image), what);
          if (pool === fits) assert.equal(got.ubuntu, fits.filter((r) => r.cuda === newest).map((r) => r.ubuntu).sort((a, b) => compare(b, a))[0], what);
        }
      }
    }
  });
});
