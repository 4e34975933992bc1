import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatBytes } from '../../../src/core/engine/formatBytes';

test('image sizes use decimal units with three significant digits at most, as docker images does', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1985472), '1.99 MB');
  assert.equal(formatBytes(1.2e9), '1.2 GB');
  assert.equal(formatBytes(123_456_789), '123 MB');
  assert.equal(formatBytes(5e12), '5 TB');
});

test('memory uses binary units', () => {
  assert.equal(formatBytes(16 * 1024 ** 3, 1024), '16 GiB');
  assert.equal(formatBytes(25276514304, 1024), '23.5 GiB');
  assert.equal(formatBytes(1536, 1024), '1.5 KiB');
});

test('a value that rounds up to the next unit is shown in that unit', () => {
  assert.equal(formatBytes(999_700_000), '1 GB');
});

test('nonsense sizes do not pretend to be numbers', () => {
  assert.equal(formatBytes(-1), '?');
  assert.equal(formatBytes(Number.NaN), '?');
});
