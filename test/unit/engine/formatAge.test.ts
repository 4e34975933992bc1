import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatAge } from '../../../src/core/engine/formatAge';
import { formatDuration } from '../../../src/core/engine/formatDuration';
import { parseHumanDuration } from '../../../src/core/engine/parseHumanDuration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('durations read as docker ps words them (Go units.HumanDuration)', () => {
  const cases: [number, string][] = [
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [S, '1 second'],
    [59 * S, '59 seconds'],
    [60 * S, 'About a minute'],
    [119 * S, 'About a minute'],
    [2 * M, '2 minutes'],
    [59 * M, '59 minutes'],
    [60 * M, 'About an hour'],
    [89 * M, 'About an hour'],
    [90 * M, '2 hours'],
    [47 * H, '47 hours'],
    [48 * H, '2 days'],
    [13 * D, '13 days'],
    [14 * D, '2 weeks'],
    [59 * D, '8 weeks'],
    [60 * D, '2 months'],
    [729 * D, '24 months'],
    [730 * D, '2 years'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, `${ms} ms`);
});

test('ages are lower-cased to follow a "·" and never lie about the future', () => {
  assert.equal(formatAge(0, 3 * D), '3 days ago');
  assert.equal(formatAge(0, H), 'about an hour ago');
  assert.equal(formatAge(5 * S, 0), 'less than a second ago');
});

test('the engine words read back as durations', () => {
  assert.equal(parseHumanDuration('Less than a second'), 0);
  assert.equal(parseHumanDuration('1 second'), S);
  assert.equal(parseHumanDuration('3 minutes'), 3 * M);
  assert.equal(parseHumanDuration('About a minute'), M);
  assert.equal(parseHumanDuration('About an hour'), H);
  assert.equal(parseHumanDuration('5 hours'), 5 * H);
  assert.equal(parseHumanDuration('2 weeks'), 14 * D);
  assert.equal(parseHumanDuration('3 months'), 90 * D);
  assert.equal(parseHumanDuration('2 years'), 730 * D);
  assert.equal(parseHumanDuration('soon'), undefined);
});

test('formatting and reading back agree on every unit boundary', () => {
  for (const ms of [S, 45 * S, 2 * M, 30 * M, 5 * H, 3 * D, 3 * 7 * D, 4 * 30 * D, 3 * 365 * D]) {
    assert.equal(parseHumanDuration(formatDuration(ms)), ms, formatDuration(ms));
  }
});
