// BuildKit's progress through the Engine API arrives as `{"id":"moby.buildkit.trace","aux":"<base64 protobuf>"}`
// (moby.buildkit.v1.StatusResponse). This reads the few fields a terminal needs straight from the wire format, so
// no .proto file has to ship beside the bundle.

export interface BuildkitVertex {
  readonly digest: string;
  /** `[2/3] RUN make`, `[internal] load remote build context`, `[builder 4/7] COPY . .` */
  readonly name: string;
  readonly cached: boolean;
  readonly started: boolean;
  readonly completed: boolean;
  readonly error: string | undefined;
}

export interface BuildkitLog {
  readonly vertex: string;
  /** 1 stdout, 2 stderr. */
  readonly stream: number;
  readonly text: string;
}

export interface BuildkitStatusItem {
  readonly vertex: string;
  readonly id: string;
  readonly current: number;
  readonly total: number;
  readonly completed: boolean;
}

export interface BuildkitStatus {
  readonly vertexes: BuildkitVertex[];
  readonly statuses: BuildkitStatusItem[];
  readonly logs: BuildkitLog[];
}

export function decodeBuildkitStatus(base64: string): BuildkitStatus {
  const status: BuildkitStatus = { vertexes: [], statuses: [], logs: [] };
  for (const field of fields(Buffer.from(base64, 'base64'))) {
    if (field.type !== WIRE_BYTES) continue;
    if (field.number === 1) status.vertexes.push(vertex(field.bytes));
    else if (field.number === 2) status.statuses.push(statusItem(field.bytes));
    else if (field.number === 3) status.logs.push(log(field.bytes));
  }
  return status;
}

function vertex(bytes: Buffer): BuildkitVertex {
  let digest = '';
  let name = '';
  let cached = false;
  let started = false;
  let completed = false;
  let error: string | undefined;
  for (const f of fields(bytes)) {
    if (f.number === 1 && f.type === WIRE_BYTES) digest = f.bytes.toString('utf8');
    else if (f.number === 3 && f.type === WIRE_BYTES) name = f.bytes.toString('utf8');
    else if (f.number === 4 && f.type === WIRE_VARINT) cached = f.value !== 0;
    else if (f.number === 5) started = true;
    else if (f.number === 6) completed = true;
    else if (f.number === 7 && f.type === WIRE_BYTES) error = f.bytes.toString('utf8') || undefined;
  }
  return { digest, name, cached, started, completed, error };
}

function statusItem(bytes: Buffer): BuildkitStatusItem {
  let id = '';
  let vertexDigest = '';
  let current = 0;
  let total = 0;
  let completed = false;
  for (const f of fields(bytes)) {
    if (f.number === 1 && f.type === WIRE_BYTES) id = f.bytes.toString('utf8');
    else if (f.number === 2 && f.type === WIRE_BYTES) vertexDigest = f.bytes.toString('utf8');
    else if (f.number === 4 && f.type === WIRE_VARINT) current = f.value;
    else if (f.number === 5 && f.type === WIRE_VARINT) total = f.value;
    else if (f.number === 8) completed = true;
  }
  return { vertex: vertexDigest, id, current, total, completed };
}

function log(bytes: Buffer): BuildkitLog {
  let vertexDigest = '';
  let stream = 1;
  let text = '';
  for (const f of fields(bytes)) {
    if (f.number === 1 && f.type === WIRE_BYTES) vertexDigest = f.bytes.toString('utf8');
    else if (f.number === 3 && f.type === WIRE_VARINT) stream = f.value;
    else if (f.number === 4 && f.type === WIRE_BYTES) text = f.bytes.toString('utf8');
  }
  return { vertex: vertexDigest, stream, text };
}

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_BYTES = 2;
const WIRE_32 = 5;

type Field =
  | { readonly number: number; readonly type: typeof WIRE_VARINT; readonly value: number }
  | { readonly number: number; readonly type: typeof WIRE_BYTES; readonly bytes: Buffer }
  | { readonly number: number; readonly type: typeof WIRE_64 | typeof WIRE_32 };

/** The fields of one message in order; throws on a truncated or malformed buffer. */
function* fields(buffer: Buffer): Generator<Field> {
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error('truncated BuildKit status message');
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Error('malformed varint in a BuildKit status message');
  };
  while (offset < buffer.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const type = key & 7;
    if (type === WIRE_VARINT) yield { number, type, value: varint() };
    else if (type === WIRE_BYTES) {
      const length = varint();
      if (offset + length > buffer.length) throw new Error('truncated BuildKit status message');
      yield { number, type, bytes: buffer.subarray(offset, offset + length) };
      offset += length;
    } else if (type === WIRE_64) {
      offset += 8;
      yield { number, type };
    } else if (type === WIRE_32) {
      offset += 4;
      yield { number, type };
    } else throw new Error(`unsupported wire type ${type} in a BuildKit status message`);
  }
}
