// The .env format compose reads: comments, `export`, quoting rules, inline comments, expansion, and problems with offsets.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDotEnv } from '../../../src/core/compose/parseDotEnv';

const noEnvironment = (): undefined => undefined;

describe('parseDotEnv', () => {
  test('comments, blank lines, export, quotes and inline comments', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      '  SPACED = around  ',
      "SINGLE='literal ${PLAIN} \\n'",
      'DOUBLE="line1\\nline2 \\"q\\" ${PLAIN}"',
      'INLINE=abc # a comment',
      'HASH=abc#not-a-comment',
      'EMPTY=',
      'EMPTY_QUOTES=""',
      'URL=http://host:8080/path?a=1&b=2',
      'DOTTED.NAME=ok',
      'CRLF=windows\r',
      'MULTI="first',
      'second"',
      'ESCAPED_DOLLAR="\\$HOME"',
    ].join('\n');
    const parsed = parseDotEnv(text, noEnvironment);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(Object.fromEntries(parsed.variables), {
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'around',
      SINGLE: 'literal ${PLAIN} \\n',
      DOUBLE: 'line1\nline2 "q" value',
      INLINE: 'abc',
      HASH: 'abc#not-a-comment',
      EMPTY: '',
      EMPTY_QUOTES: '',
      URL: 'http://host:8080/path?a=1&b=2',
      'DOTTED.NAME': 'ok',
      CRLF: 'windows',
      MULTI: 'first\nsecond',
      ESCAPED_DOLLAR: '$HOME',
    });
  });

  test('values expand earlier lines, then the environment; a later line wins', () => {
    const env: Record<string, string> = { HOME: '/home/me', TAG: 'from-env' };
    const parsed = parseDotEnv('TAG=1\nIMAGE=app:${TAG}\nDATA=$HOME/data\nTAG=2\nINHERITED\nHOME', (name) => env[name]);
    assert.equal(parsed.variables.get('IMAGE'), 'app:1');
    assert.equal(parsed.variables.get('DATA'), '/home/me/data');
    assert.equal(parsed.variables.get('TAG'), '2');
    // A name alone passes the environment's value through, and is unset when the environment has none.
    assert.equal(parsed.variables.get('HOME'), '/home/me');
    assert.equal(parsed.variables.has('INHERITED'), false);
  });

  test('malformed lines are reported at their offsets and skipped', () => {
    // A double quote may span lines, so only one left open at the end of the file is unterminated.
    const text = 'GOOD=1\n1BAD=2\nNOEQUALS value\nTRAIL="x" junk\nUNSET=${NOPE}\nAFTER=3\nOPEN="never closed';
    const parsed = parseDotEnv(text, noEnvironment);
    const problems = parsed.problems.map((p) => [p.severity, p.code, text.slice(p.start, p.end)]);
    assert.deepEqual(problems, [
      ['warning', 'dotenv-syntax', '1BAD=2'],
      ['warning', 'dotenv-syntax', 'NOEQUALS value'],
      ['warning', 'dotenv-syntax', ' junk'],
      ['warning', 'undefined-variable', '${NOPE}'],
      ['error', 'dotenv-syntax', '"never closed'],
    ]);
    assert.equal(parsed.variables.get('GOOD'), '1');
    assert.equal(parsed.variables.get('AFTER'), '3');
    assert.equal(parsed.variables.get('TRAIL'), 'x');
    assert.equal(parsed.variables.get('UNSET'), '');
    assert.equal(parsed.variables.has('OPEN'), false);
  });
});
