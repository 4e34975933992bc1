// Splits the engine's multiplexed stream (non-TTY containers) into whole frames, whatever the chunking: a header can
// be cut between chunks and a payload can span many. dockerode's demuxStream only pipes bytes to two streams; Berth
// needs to know where each frame ends, because a frame is one log entry with its own timestamp.

/** Frame header: [stream, 0, 0, 0, size uint32 big-endian]. */
const HEADER_BYTES = 8;
/** The engine's log frames are at most 16 KiB plus a timestamp; anything this big means the stream is not framed. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** 0 stdin, 1 stdout, 2 stderr, 3 the engine's own error message ("systemerr"). */
export type FrameStream = 0 | 1 | 2 | 3;

export class FrameDemuxer {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerBytes = 0;
  private stream: FrameStream = 1;
  /** The payload being assembled when it spans chunks. */
  private payload: Buffer | undefined;
  private payloadBytes = 0;

  /** `onFrame` gets each payload whole: a view into the chunk when it fits in one (no copy), else a new buffer. */
  constructor(private readonly onFrame: (stream: FrameStream, payload: Buffer) => void) {}

  /** Whether the bytes so far end inside a frame: a stream that stops here was cut. */
  get midFrame(): boolean {
    return this.headerBytes > 0 || this.payload !== undefined;
  }

  /** Throws when the bytes are not a multiplexed stream (a bad header); the demuxer is then unusable until reset(). */
  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.payload) {
        const take = Math.min(this.payload.length - this.payloadBytes, chunk.length - offset);
        chunk.copy(this.payload, this.payloadBytes, offset, offset + take);
        this.payloadBytes += take;
        offset += take;
        if (this.payloadBytes === this.payload.length) {
          const payload = this.payload;
          this.payload = undefined;
          this.onFrame(this.stream, payload);
        }
        continue;
      }
      let size: number;
      if (this.headerBytes === 0 && chunk.length - offset >= HEADER_BYTES) {
        size = this.readHeader(chunk, offset);
        offset += HEADER_BYTES;
      } else {
        const take = Math.min(HEADER_BYTES - this.headerBytes, chunk.length - offset);
        chunk.copy(this.header, this.headerBytes, offset, offset + take);
        this.headerBytes += take;
        offset += take;
        if (this.headerBytes < HEADER_BYTES) return;
        this.headerBytes = 0;
        size = this.readHeader(this.header, 0);
      }
      if (size === 0) continue;
      if (chunk.length - offset >= size) {
        this.onFrame(this.stream, chunk.subarray(offset, offset + size));
        offset += size;
      } else {
        this.payload = Buffer.allocUnsafe(size);
        this.payloadBytes = 0;
      }
    }
  }

  /** Forgets a partial frame: the next byte pushed starts a header. */
  reset(): void {
    this.headerBytes = 0;
    this.payload = undefined;
    this.payloadBytes = 0;
  }

  private readHeader(bytes: Buffer, at: number): number {
    const stream = bytes[at] ?? 0xff;
    const size = bytes.readUInt32BE(at + 4);
    if (stream > 3 || bytes[at + 1] !== 0 || bytes[at + 2] !== 0 || bytes[at + 3] !== 0 || size > MAX_FRAME_BYTES) {
      throw new Error(`The Docker Engine's log stream is not framed as expected (header ${bytes.subarray(at, at + HEADER_BYTES).toString('hex')}).`);
    }
    this.stream = stream as FrameStream;
    return size;
  }
}
