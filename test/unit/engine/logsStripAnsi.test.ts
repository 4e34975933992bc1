// ANSI escape sequences out of log lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { stripAnsi } from '../../../src/core/engine/logs/stripAnsi';

const ESC = '\u001b';
const BEL = '\u0007';

test('colours and cursor moves (CSI) go, the text stays', () => {
  assert.equal(stripAnsi(`${ESC}[31mred${ESC}[0m plain ${ESC}[1;32;48;5;236mbold${ESC}[m`), 'red plain bold');
  assert.equal(stripAnsi(`${ESC}[2K${ESC}[1Gprogress 50%${ESC}[?25l`), 'progress 50%');
});

test('titles and hyperlinks (OSC) go, ended by BEL or ST; an unterminated one runs to the end of the line', () => {
  assert.equal(stripAnsi(`${ESC}]0;window title${BEL}after`), 'after');
  assert.equal(stripAnsi(`${ESC}]8;;https://example.com${ESC}\\link${ESC}]8;;${ESC}\\ text`), 'link text');
  assert.equal(stripAnsi(`before${ESC}]0;never ended`), 'before');
});

test('two-byte escapes and charset selection go', () => {
  assert.equal(stripAnsi(`${ESC}(Bline${ESC}=${ESC}7x${ESC}8`), 'linex');
});

test('text without ESC comes back as the same string; non-ASCII text is untouched', () => {
  const text = 'naïve café — 𝄞 [31m is not an escape without ESC';
  assert.equal(stripAnsi(text), text);
});
