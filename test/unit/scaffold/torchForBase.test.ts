import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compare } from '@renovatebot/pep440';
import { cudaImages } from '../../../src/core/scaffold/compat/cudaImages';
import { torchForBase } from '../../../src/core/scaffold/compat/torchForBase';
import { torchWheels } from '../../../src/core/scaffold/compat/torchWheels';

/** The newest torch that has a wheel for exactly this CUDA minor, for Python 3.11. */
const newestWith = (cuda: string) =>
  torchWheels
    .filter((r) => r.cuda === cuda && r.pythons.includes('3.11'))
    .map((r) => r.torch)
    .sort((a, b) => compare(b, a))[0];

describe('torchForBase', () => {
  test('a 12.4 base gets the newest torch built for cu124', () => {
    const r = torchForBase('12.4', '3.11');
    assert.ok(r);
    assert.equal(r.choice.torch.variant, 'cu124');
    assert.equal(r.choice.torch.torch, newestWith('12.4'));
    assert.equal(r.problem, undefined);
    assert.deepEqual(torchForBase('12.4.1', '3.11')?.choice, r.choice);
  });

  test('a CUDA with no wheel of its own takes the newest wheel below it in the same major', () => {
    assert.ok(!torchWheels.some((w) => w.cuda === '12.5'));
    const r = torchForBase('12.5', '3.11');
    assert.equal(r?.choice.torch.variant, 'cu124');
    assert.equal(torchForBase('13.2', '3.11')?.choice.torch.variant, 'cu130');
  });

  test('no wheel at or below the base in its major: undefined', () => {
    assert.equal(torchForBase('11.0', '3.11'), undefined);
    assert.equal(torchForBase('9.0', '3.11'), undefined);
    assert.equal(torchForBase('twelve', '3.11'), undefined);
  });

  test('the Python falls back like resolveTorch', () => {
    const r = torchForBase('11.8', '3.14');
    assert.ok(r);
    assert.equal(r.choice.torch.variant, 'cu118');
    assert.ok(r.choice.torch.pythons.includes(r.choice.python));
    assert.notEqual(r.choice.python, '3.14');
    assert.match(r.problem ?? '', /no wheel for Python 3\.14/);
  });

  test('for every nvidia/cuda minor, the wheel is never above the base nor from another major', () => {
    const minors = [...new Set(cudaImages.map((r) => r.cuda.split('.').slice(0, 2).join('.')))];
    for (const minor of minors) {
      const r = torchForBase(minor, '3.11');
      const below = torchWheels.filter((w) => w.cuda !== null && w.cuda.split('.')[0] === minor.split('.')[0] && compare(w.cuda, minor) <= 0);
      if (below.length === 0) {
        assert.equal(r, undefined, minor);
        continue;
      }
      assert.ok(r?.choice.torch.cuda, minor);
      assert.equal(r.choice.torch.cuda.split('.')[0], minor.split('.')[0], minor);
      assert.ok(compare(r.choice.torch.cuda, minor) <= 0, minor);
    }
  });
});
