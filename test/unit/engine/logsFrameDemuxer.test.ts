// The multiplexed-stream demuxer against hand-made frames, cut at every byte position.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FrameDemuxer, type FrameStream } from '../../../src/core/engine/logs/frameDemuxer';

function frame(stream: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function demux(chunks: readonly Buffer[]): { frames: [FrameStream, string][]; midFrame: boolean } {
  const frames: [FrameStream, string][] = [];
  const demuxer = new FrameDemuxer((stream, payload) => frames.push([stream, payload.toString('latin1')]));
  for (const chunk of chunks) demuxer.push(chunk);
  return { frames, midFrame: demuxer.midFrame };
}

const STREAM = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, ''), frame(1, 'out two, no newline'), frame(2, Buffer.from([0xc3])), frame(2, Buffer.from([0xa9, 0x0a]))]);
const EXPECTED: [FrameStream, string][] = [
  [1, 'out one\n'],
  [2, 'err\n'],
  [1, 'out two, no newline'],
  [2, '\xc3'],
  [2, '\xa9\n'],
];

test('frames come out whole and in order, whatever the chunking (every cut point, then every pair of cut points)', () => {
  assert.deepEqual(demux([STREAM]).frames, EXPECTED);
  for (let i = 0; i <= STREAM.length; i++) {
    assert.deepEqual(demux([STREAM.subarray(0, i), STREAM.subarray(i)]).frames, EXPECTED, `cut at ${i}`);
  }
  for (let i = 0; i <= STREAM.length; i++) {
    for (let j = i; j <= STREAM.length; j++) {
      const result = demux([STREAM.subarray(0, i), STREAM.subarray(i, j), STREAM.subarray(j)]);
      assert.deepEqual(result.frames, EXPECTED, `cut at ${i} and ${j}`);
      assert.equal(result.midFrame, false);
    }
  }
});

test('byte by byte: a header split over eight chunks, a payload over many', () => {
  const chunks = [...STREAM].map((byte) => Buffer.from([byte]));
  assert.deepEqual(demux(chunks).frames, EXPECTED);
});

test('a frame that fits in its chunk is handed on without a copy; one that spans chunks is assembled', () => {
  const payloads: Buffer[] = [];
  const demuxer = new FrameDemuxer((_stream, payload) => payloads.push(payload));
  const chunk = frame(1, 'whole\n');
  demuxer.push(chunk);
  assert.equal(payloads[0]?.buffer, chunk.buffer);
  const big = frame(1, Buffer.alloc(40_000, 0x78));
  for (let offset = 0; offset < big.length; offset += 4096) demuxer.push(big.subarray(offset, offset + 4096));
  const assembled = payloads[1];
  assert.ok(assembled);
  assert.equal(assembled.length, 40_000);
  assert.ok(assembled.every((b) => b === 0x78));
});

test('a stream cut inside a header or a payload is midFrame; reset() starts over at a header', () => {
  assert.equal(demux([STREAM.subarray(0, 3)]).midFrame, true);
  assert.equal(demux([STREAM.subarray(0, 10)]).midFrame, true);
  assert.equal(demux([STREAM.subarray(0, 16)]).midFrame, false);
  const frames: string[] = [];
  const demuxer = new FrameDemuxer((_s, payload) => frames.push(payload.toString()));
  demuxer.push(frame(1, 'lost half').subarray(0, 12));
  demuxer.reset();
  demuxer.push(frame(1, 'next\n'));
  assert.deepEqual(frames, ['next\n']);
});

test('bytes that are not a multiplexed stream are refused, not misread', () => {
  assert.throws(() => demux([Buffer.from('2024-11-29T17:06:40.123456789Z raw tty output\n')]), /not framed as expected/);
  assert.throws(() => demux([Buffer.from([1, 0, 7, 0, 0, 0, 0, 1, 0x41])]), /not framed as expected/);
  const huge = Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => demux([huge]), /not framed as expected/);
});
