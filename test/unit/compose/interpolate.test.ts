// Compose interpolation: every operator, nesting, `$$`, and problems placed at their characters in the template.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { interpolate, type VariableLookup } from '../../../src/core/compose/interpolate';

const vars: Record<string, string> = { TAG: '1.2', EMPTY: '', HOST: 'db', PORT: '5432' };
const lookup: VariableLookup = (name) => vars[name];

function value(template: string): string {
  const result = interpolate(template, lookup);
  assert.deepEqual(result.problems, [], template);
  return result.value;
}

describe('interpolate', () => {
  test('plain and braced variables', () => {
    assert.equal(value('app:$TAG'), 'app:1.2');
    assert.equal(value('app:${TAG}-cuda'), 'app:1.2-cuda');
    assert.equal(value('$HOST:$PORT'), 'db:5432');
    assert.equal(value('no variables'), 'no variables');
  });

  test('defaults: `:-` on unset or empty, `-` on unset only', () => {
    assert.equal(value('${MISSING:-fallback}'), 'fallback');
    assert.equal(value('${EMPTY:-fallback}'), 'fallback');
    assert.equal(value('${MISSING-fallback}'), 'fallback');
    assert.equal(value('${EMPTY-fallback}'), '');
    assert.equal(value('${TAG:-fallback}'), '1.2');
  });

  test('alternatives: `:+` when set and not empty, `+` when set', () => {
    assert.equal(value('${TAG:+yes}'), 'yes');
    assert.equal(value('${EMPTY:+yes}'), '');
    assert.equal(value('${MISSING:+yes}'), '');
    assert.equal(value('${EMPTY+yes}'), 'yes');
    assert.equal(value('${MISSING+yes}'), '');
  });

  test('nested defaults and `$$`', () => {
    assert.equal(value('${MISSING:-${HOST}:${PORT}}'), 'db:5432');
    assert.equal(value('${MISSING:-${ALSO_MISSING:-deep}}'), 'deep');
    assert.equal(value('cost: $$5 and $${TAG}'), 'cost: $5 and ${TAG}');
    assert.equal(value('${MISSING:-a}b}'), 'ab}');
  });

  test('an unused default is not evaluated, so its variables raise nothing', () => {
    assert.equal(value('${TAG:-${NOT_SET}}'), '1.2');
  });

  test('an unset variable is blank, with a warning on exactly its characters', () => {
    const template = 'image: ${REGISTRY}/app:$VERSION';
    const result = interpolate(template, lookup);
    assert.equal(result.value, 'image: /app:');
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity, template.slice(p.start, p.end)]),
      [
        ['undefined-variable', 'warning', '${REGISTRY}'],
        ['undefined-variable', 'warning', '$VERSION'],
      ],
    );
    assert.equal(result.problems[0]?.message, 'The "REGISTRY" variable is not set. Defaulting to a blank string.');
  });

  test('`:?` and `?` are errors when the variable is missing, with the message given', () => {
    const result = interpolate('--model ${MODEL:?set MODEL in .env}', lookup);
    assert.equal(result.value, '--model ');
    assert.equal(result.problems.length, 1);
    const [problem] = result.problems;
    assert.ok(problem);
    assert.equal(problem.code, 'required-variable');
    assert.equal(problem.severity, 'error');
    assert.equal(problem.message, 'required variable MODEL is missing a value: set MODEL in .env');
    assert.equal(problem.start, 8);
    assert.equal(interpolate('${EMPTY:?no}', lookup).problems[0]?.code, 'required-variable');
    assert.deepEqual(interpolate('${EMPTY?no}', lookup).problems, []);
    assert.equal(interpolate('${MISSING?}', lookup).problems[0]?.message, 'required variable MISSING is missing a value');
  });

  test('malformed templates are errors, never exceptions', () => {
    for (const [template, fragment] of [
      ['${TAG', '${TAG'],
      ['price $5', '$'],
      ['trailing $', '$'],
      ['${}', '${}'],
      ['${1ABC}', '${1ABC}'],
      ['${TAG:x}', '${TAG:x}'],
      ['${TAG.x}', '${TAG.x}'],
    ] as const) {
      const result = interpolate(template, lookup);
      const problem = result.problems[0];
      assert.ok(problem, template);
      assert.equal(problem.code, 'invalid-interpolation', template);
      assert.equal(template.slice(problem.start, problem.end), fragment, template);
    }
  });
});
