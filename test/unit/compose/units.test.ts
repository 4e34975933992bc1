// Docker's memory and CPU notations: binary multiples for b/k/m/g/t/p (units.RAMInBytes), cores for CPUs; errors never throw.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCpuMillis, parseMemoryBytes, type ParsedQuantity } from '../../../src/core/compose/units';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

function value(parsed: ParsedQuantity): number {
  assert.ok(!('error' in parsed), `unexpected error: ${'error' in parsed ? parsed.error : ''}`);
  return parsed.value;
}

function error(parsed: ParsedQuantity): string {
  assert.ok('error' in parsed, `expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.error;
}

describe('parseMemoryBytes', () => {
  test('every Docker form is a binary multiple', () => {
    const cases: [string | number, number][] = [
      ['512m', 512 * MiB],
      ['512M', 512 * MiB],
      ['2G', 2 * GiB],
      ['2GB', 2 * GiB],
      ['1gb', GiB],
      ['1.5g', 1.5 * GiB],
      ['100k', 100 * KiB],
      ['100kb', 100 * KiB],
      ['2Gi', 2 * GiB],
      ['2GiB', 2 * GiB],
      ['1t', 1024 * GiB],
      ['1024', 1024],
      ['1024b', 1024],
      ['512 m', 512 * MiB],
      [' 64m ', 64 * MiB],
      [4096, 4096],
      [0, 0],
    ];
    for (const [input, bytes] of cases) assert.equal(value(parseMemoryBytes(input)), bytes, String(input));
  });

  test('not a size, negative or absurd: an error naming the value', () => {
    for (const input of ['two', '1e30', '-1g', '5x', 'g', '1.5.2g', '', '2i', '.5g']) {
      assert.match(error(parseMemoryBytes(input)), /is not a size|negative/, input);
    }
    assert.match(error(parseMemoryBytes(1e30)), /larger than 1 EiB/);
    assert.match(error(parseMemoryBytes('2000000p')), /larger than 1 EiB/);
    assert.match(error(parseMemoryBytes(-5)), /negative/);
    assert.match(error(parseMemoryBytes(Number.NaN)), /not a size/);
  });

  test('fractions of a byte round to whole bytes', () => {
    assert.equal(value(parseMemoryBytes('0.3k')), Math.round(0.3 * 1024));
  });
});

describe('parseCpuMillis', () => {
  test('cores as numbers and strings, in thousandths', () => {
    const cases: [string | number, number][] = [
      [1.5, 1500],
      ['0.5', 500],
      [2, 2000],
      ['2', 2000],
      ['.25', 250],
      ['4.', 4000],
      [0, 0],
      ['0.0005', 1],
    ];
    for (const [input, millis] of cases) assert.equal(value(parseCpuMillis(input)), millis, String(input));
  });

  test("Kubernetes' 500m is read, with a warning that compose wants cores", () => {
    const parsed = parseCpuMillis('500m');
    assert.equal(value(parsed), 500);
    assert.ok('warning' in parsed);
    assert.match(parsed.warning ?? '', /Kubernetes notation.*`0\.5`/);
  });

  test('negative, words and absurd counts are errors', () => {
    assert.match(error(parseCpuMillis(-1)), /negative/);
    assert.match(error(parseCpuMillis('-1')), /negative/);
    assert.match(error(parseCpuMillis('two')), /not a number of CPUs/);
    assert.match(error(parseCpuMillis('1,5')), /not a number of CPUs/);
    assert.match(error(parseCpuMillis(1e9)), /more than any machine/);
    assert.match(error(parseCpuMillis(Number.POSITIVE_INFINITY)), /not a number of CPUs/);
  });
});
