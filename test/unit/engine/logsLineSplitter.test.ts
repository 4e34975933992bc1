// Lines from one output stream's bytes: cut characters, \r\n, partial last lines, runaway lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/core/engine/logs/lineSplitter';

function split(chunks: readonly (Buffer | [Buffer, string])[], maxLineChars?: number): [string, string | undefined][] {
  const lines: [string, string | undefined][] = [];
  const splitter = new LineSplitter((text, timestamp) => lines.push([text, timestamp]), maxLineChars);
  for (const chunk of chunks) {
    if (Buffer.isBuffer(chunk)) splitter.write(chunk, undefined);
    else splitter.write(chunk[0], chunk[1]);
  }
  splitter.end();
  return lines;
}

const TEXT = Buffer.from('héllo\r\nwörld\n\n€uro 𝄞 ok\r\nno newline at the end: ñ');
const LINES = ['héllo', 'wörld', '', '€uro 𝄞 ok', 'no newline at the end: ñ'];

test('every cut point, and every pair of cut points, gives the same lines: multibyte characters decode whole', () => {
  const whole = split([TEXT]).map(([text]) => text);
  assert.deepEqual(whole, LINES);
  for (let i = 0; i <= TEXT.length; i++) {
    for (let j = i; j <= TEXT.length; j++) {
      const lines = split([TEXT.subarray(0, i), TEXT.subarray(i, j), TEXT.subarray(j)]).map(([text]) => text);
      assert.deepEqual(lines, LINES, `cut at ${i} and ${j}`);
    }
  }
});

test('a line carries the timestamp of the entry it began in; pieces of a cut line share it, a new one starts a new line', () => {
  const lines = split([
    [Buffer.from('one\n'), 'T1'],
    [Buffer.from('lo'), 'T2'],
    [Buffer.from('ng\n'), 'T2'],
    [Buffer.from([0x61, 0xc3]), 'T3'],
    [Buffer.from([0xa9, 0x0a]), 'T3'],
    // The engine's `local` driver loses the newline after the last piece of a cut line: the next entry ends it.
    [Buffer.from('no newline'), 'T4'],
    [Buffer.from('next\n'), 'T5'],
  ]);
  assert.deepEqual(lines, [
    ['one', 'T1'],
    ['long', 'T2'],
    ['aé', 'T3'],
    ['no newline', 'T4'],
    ['next', 'T5'],
  ]);
});

test('only one trailing \\r goes; a \\r elsewhere stays', () => {
  assert.deepEqual(
    split([Buffer.from('a\r\r\nb\rc\n')]).map(([t]) => t),
    ['a\r', 'b\rc'],
  );
});

test('a character cut by the end of the stream becomes U+FFFD on the last line', () => {
  assert.deepEqual(
    split([Buffer.from([0x61, 0xe2, 0x82])]).map(([t]) => t),
    ['a\ufffd'],
  );
});

test('a line that never ends is handed on at maxLineChars: memory stays bounded', () => {
  const writes = Array.from({ length: 20 }, (_, i) => Buffer.from(String.fromCharCode(97 + i).repeat(4)));
  const lines = split([...writes, Buffer.from('end\n')], 10).map(([t]) => t);
  assert.equal(lines.join(''), writes.map((w) => w.toString()).join('') + 'end');
  // Held text is handed on once it reaches the bound: a line is at most the bound plus one write.
  assert.ok(lines.length >= 6 && lines.every((l) => l.length < 10 + 4), lines.join('|'));
});

test('end() with nothing pending hands on nothing', () => {
  assert.deepEqual(split([Buffer.from('a\n')]), [['a', undefined]]);
  assert.deepEqual(split([]), []);
});
