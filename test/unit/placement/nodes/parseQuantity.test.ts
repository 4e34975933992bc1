// Kubernetes quantities: binary and decimal suffixes, millis, exponents, and what is not a quantity.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseQuantity } from '../../../../src/core/placement/nodes/parseQuantity';

test('quantities as kubectl prints them', () => {
  const cases: [input: unknown, expected: number][] = [
    ['8', 8],
    ['7910m', 7.91],
    ['32Gi', 32 * 2 ** 30],
    ['32986188Ki', 32986188 * 1024],
    ['1e9', 1e9],
    ['1E3', 1000],
    ['2E', 2e18],
    ['64G', 64e9],
    ['500M', 5e8],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['.5', 0.5],
    ['100k', 1e5],
    ['250u', 250e-6],
    ['2Ti', 2 * 2 ** 40],
    [' 16 ', 16],
    [4, 4],
  ];
  for (const [input, expected] of cases) {
    const value = parseQuantity(input);
    assert.ok(value !== undefined && Math.abs(value - expected) <= Math.abs(expected) * 1e-12, `${String(input)} -> ${String(value)}, expected ${expected}`);
  }
});

test('not quantities', () => {
  for (const input of ['', 'Gi', '32GB', '32gi', '1.2.3', 'abc', '5 Gi', null, undefined, {}, Number.NaN]) {
    assert.equal(parseQuantity(input), undefined, JSON.stringify(input));
  }
});
