// The engine's log bytes -> lines, with hand-made streams shaped like the engine's (checked against dockerd 20.10):
// every entry starts with its RFC3339Nano timestamp, a long line comes as 16 KiB entries sharing one timestamp,
// a TTY container's stream is raw. Cut at every byte position; replays after a cut show every line exactly once.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { LogLine } from '../../../src/core/engine/logs/logLine';
import { LogPosition } from '../../../src/core/engine/logs/logPosition';
import { LogStreamDecoder } from '../../../src/core/engine/logs/logStreamDecoder';

const ESC = '\u001b';

function ts(n: number): string {
  return `2024-11-29T17:06:40.${String(n).padStart(9, '0')}Z`;
}

interface Entry {
  readonly stream: 1 | 2;
  readonly timestamp: string;
  readonly content: Buffer;
}

function entry(stream: 1 | 2, n: number, content: string | Buffer): Entry {
  return { stream, timestamp: ts(n), content: typeof content === 'string' ? Buffer.from(content) : content };
}

function multiplexed(entries: readonly Entry[]): Buffer {
  return Buffer.concat(
    entries.map((e) => {
      const payload = Buffer.concat([Buffer.from(`${e.timestamp} `), e.content]);
      const header = Buffer.alloc(8);
      header[0] = e.stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    }),
  );
}

function raw(entries: readonly Entry[]): Buffer {
  return Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from(`${e.timestamp} `), e.content])));
}

function decode(chunks: readonly Buffer[], options = { timestamps: false, keepAnsi: false }): LogLine[] {
  const lines: LogLine[] = [];
  const decoder = new LogStreamDecoder(options, (line) => lines.push(line));
  decoder.begin('since');
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end(true);
  return lines;
}

const brief = (lines: readonly LogLine[]) => lines.map((l) => `${l.stream}:${l.text}`);

// stdout's long line comes in three entries with a stderr line between them; 'é' is cut between two entries.
const ENTRIES: Entry[] = [
  entry(1, 1, 'one\n'),
  entry(2, 2, `err ${ESC}[31mred${ESC}[0m\n`),
  entry(1, 3, 'aaaa'),
  entry(2, 4, 'mid\n'),
  entry(1, 3, 'bbbb'),
  entry(1, 3, 'cccc\n'),
  entry(1, 5, Buffer.from([0x78, 0xc3])),
  entry(1, 5, Buffer.from([0xa9, 0x20, 0x65, 0x6e, 0x64, 0x0d, 0x0a])),
  entry(2, 6, 'no newline at the end'),
];
const LINES = ['stdout:one', 'stderr:err red', 'stderr:mid', 'stdout:aaaabbbbcccc', 'stdout:xé end', 'stderr:no newline at the end'];

test('multiplexed: streams marked, lines reassembled across entries, é decoded across frames, at every cut point', () => {
  const bytes = multiplexed(ENTRIES);
  assert.deepEqual(brief(decode([bytes])), LINES);
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= bytes.length; j += 3) {
      assert.deepEqual(brief(decode([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])), LINES, `cut at ${i} and ${j}`);
    }
  }
});

test('each line carries the timestamp of the entry it began in; `timestamps` puts it in the text; keepAnsi keeps codes', () => {
  const lines = decode([multiplexed(ENTRIES)], { timestamps: true, keepAnsi: true });
  assert.deepEqual(
    lines.map((l) => l.timestamp),
    [ts(1), ts(2), ts(4), ts(3), ts(5), ts(6)],
  );
  assert.equal(lines[1]?.text, `${ts(2)} err ${ESC}[31mred${ESC}[0m`);
  assert.equal(lines[3]?.text, `${ts(3)} aaaabbbbcccc`);
});

test('TTY (raw) stream: all stdout, \\r\\n ends lines, a 16 KiB cut (timestamp inside the line) and a cut é are reassembled', () => {
  const long = Buffer.concat([Buffer.alloc(16_383, 0x78), Buffer.from([0xc3])]);
  const entries = [
    entry(1, 1, 'one\r\n'),
    entry(1, 2, `${ESC}[1mbold${ESC}[0m\r\n`),
    entry(1, 3, long),
    entry(1, 3, Buffer.concat([Buffer.from([0xa9]), Buffer.from('yyy\r\n')])),
    entry(1, 4, 'last, no newline'),
  ];
  const expected = ['stdout:one', 'stdout:bold', `stdout:${'x'.repeat(16_383)}éyyy`, 'stdout:last, no newline'];
  const bytes = raw(entries);
  assert.deepEqual(brief(decode([bytes])), expected);
  // Every cut point near the entries' boundaries, and a sample of the rest.
  const cuts = new Set<number>();
  for (let i = 0; i <= bytes.length; i += i < 120 || Math.abs(i - 16_460) < 120 || i > bytes.length - 120 ? 1 : 211) cuts.add(i);
  for (const i of cuts) assert.deepEqual(brief(decode([bytes.subarray(0, i), bytes.subarray(i)])), expected, `cut at ${i}`);
});

test('TTY stream from json-file: a character split by the 16 KiB cut was stored as U+FFFD (3 bytes each half): the next entry is still found', () => {
  const replacement = Buffer.from('\ufffd');
  const entries = [entry(1, 1, Buffer.concat([Buffer.alloc(16_383, 0x78), replacement])), entry(1, 1, Buffer.concat([replacement, Buffer.from(' end\r\n')])), entry(1, 2, 'next\r\n')];
  const expected = [`stdout:${'x'.repeat(16_383)}\ufffd\ufffd end`, 'stdout:next'];
  const bytes = raw(entries);
  for (let i = 16_380; i <= 16_460; i++) assert.deepEqual(brief(decode([bytes.subarray(0, i), bytes.subarray(i)])), expected, `cut at ${i}`);
  const oneByteChunks = [...bytes.subarray(16_400)].map((b) => Buffer.from([b]));
  assert.deepEqual(brief(decode([bytes.subarray(0, 16_400), ...oneByteChunks])), expected, 'byte by byte after the cut');
});

test('after a cut, a reattach from `since` shows every line exactly once, wherever the cut fell', () => {
  const entries = [entry(1, 1, 'a\n'), entry(1, 2, 'b1-'), entry(2, 2, 'e\n'), entry(1, 2, 'b2\n'), entry(1, 2, 'c\n'), entry(1, 3, 'd\n'), entry(2, 3, 'f\n')];
  const expected = ['stdout:a', 'stderr:e', 'stdout:b1-b2', 'stdout:c', 'stdout:d', 'stderr:f'];
  const bytes = multiplexed(entries);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const lines: LogLine[] = [];
    const position = new LogPosition();
    const decoder = new LogStreamDecoder({ timestamps: false, keepAnsi: false }, (line) => lines.push(line), position);
    decoder.begin('since');
    decoder.push(bytes.subarray(0, cut));
    decoder.end(false);
    // What the engine answers to `since`: every entry at or after it (inclusive), in the log's order.
    const from = position.timestamp;
    const replay = from === undefined ? entries : entries.filter((e) => e.timestamp >= from);
    decoder.begin('since');
    decoder.push(multiplexed(replay));
    decoder.end(true);
    assert.deepEqual(brief(lines), expected, `cut at ${cut} (since ${from ?? 'the start'})`);
  }
});

test('`since` is seconds and nanoseconds, as the engine parses it', () => {
  const position = new LogPosition();
  position.beginRead('since');
  position.accept('2024-11-29T17:06:40.000000123Z');
  assert.equal(position.since, '1732900000.000000123');
  position.accept('2024-11-29T18:06:41.5+01:00');
  assert.equal(position.since, '1732900001.500000000');
});

test('a tail read that begins inside a group of entries sharing a timestamp: the replay skips the whole group', () => {
  const position = new LogPosition();
  // tail 1 shows only the last piece of a long line: pieces before it share its timestamp but were not seen.
  position.beginRead('tail');
  assert.equal(position.accept(ts(5)), true);
  position.beginRead('since');
  assert.equal(position.accept(ts(5)), false, 'first piece, never shown, but older than the window');
  assert.equal(position.accept(ts(5)), false, 'the piece shown');
  assert.equal(position.accept(ts(6)), true);
  assert.equal(position.accept(ts(6)), true);
});

test('several reattaches in a row each skip exactly what was seen, including entries without timestamp', () => {
  const position = new LogPosition();
  position.beginRead('since');
  assert.deepEqual([ts(1), ts(1), ts(2), ts(2)].map((t) => position.accept(t)), [true, true, true, true]);
  position.beginRead('since');
  assert.deepEqual([ts(2), undefined, ts(2), ts(2), undefined, ts(3)].map((t) => position.accept(t)), [false, false, false, true, true, true]);
  position.beginRead('since');
  assert.deepEqual([ts(3), ts(3)].map((t) => position.accept(t)), [false, true]);
});

test('entries without a timestamp (an engine that ignored `timestamps`) are plain content, never dropped', () => {
  const frames = Buffer.concat(
    ['plain one\n', 'plain two with a space\n'].map((text) => {
      const header = Buffer.alloc(8);
      header[0] = 1;
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    }),
  );
  const lines = decode([frames]);
  assert.deepEqual(brief(lines), ['stdout:plain one', 'stdout:plain two with a space']);
  assert.ok(lines.every((l) => l.timestamp === undefined));
  assert.deepEqual(brief(decode([Buffer.from('raw tty line\r\nanother\r\n')])), ['stdout:raw tty line', 'stdout:another']);
});
