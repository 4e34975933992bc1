// Swarm placement constraints: both operators, any spacing, known keys, and what swarm would refuse.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePlacementConstraint } from '../../../src/core/compose/parsePlacementConstraint';

describe('parsePlacementConstraint', () => {
  test('== and != with or without spaces', () => {
    assert.deepEqual(parsePlacementConstraint('node.labels.gpu == h100'), { key: 'node.labels.gpu', op: '==', value: 'h100' });
    assert.deepEqual(parsePlacementConstraint('node.role!=manager'), { key: 'node.role', op: '!=', value: 'manager' });
    assert.deepEqual(parsePlacementConstraint('  node.hostname ==worker-1  '), { key: 'node.hostname', op: '==', value: 'worker-1' });
    assert.deepEqual(parsePlacementConstraint('node.platform.arch==x86_64'), { key: 'node.platform.arch', op: '==', value: 'x86_64' });
    assert.deepEqual(parsePlacementConstraint('engine.labels.cuda == 12.4'), { key: 'engine.labels.cuda', op: '==', value: '12.4' });
  });

  test('fixed keys are case-insensitive; label names keep their case', () => {
    assert.deepEqual(parsePlacementConstraint('Node.Role == worker'), { key: 'node.role', op: '==', value: 'worker' });
    assert.deepEqual(parsePlacementConstraint('NODE.LABELS.GpuType == A100'), { key: 'node.labels.GpuType', op: '==', value: 'A100' });
  });

  test('unknown keys and impossible roles parse with a warning', () => {
    const unknown = parsePlacementConstraint('node.gpu == 2');
    assert.ok('key' in unknown);
    assert.match(unknown.warning ?? '', /no constraint key `node.gpu`/);
    const role = parsePlacementConstraint('node.role == leader');
    assert.ok('key' in role);
    assert.match(role.warning ?? '', /`manager` or `worker`/);
  });

  test('malformed constraints are errors', () => {
    const cases: [string, RegExp][] = [
      ['node.labels.gpu = h100', /compares with `==` or `!=`/],
      ['node.labels.gpu>=2', /compares with `==` or `!=`/],
      ['node.labels.gpu', /is not a constraint/],
      ['node.role ==', /has no value/],
      ['== manager', /is not a constraint/],
      ['node.labels. == x', /names no label/],
      ['', /is not a constraint/],
    ];
    for (const [text, message] of cases) {
      const parsed = parsePlacementConstraint(text);
      assert.ok('error' in parsed, text);
      assert.match(parsed.error, message, text);
    }
  });
});
