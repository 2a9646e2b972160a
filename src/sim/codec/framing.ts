// Length-prefixed framing of the TWS protocol: an incremental splitter for incoming bytes and the
// frame builder for outgoing fields. Knows nothing about message meaning, sockets or time.

/** Largest payload accepted; IBKR's own clients stop at 0xFFFFFF, so anything bigger is garbage or an attack. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

const LENGTH_BYTES = 4;
const NUL = 0;

/** A peer announced a frame longer than the limit; the stream cannot be resynchronised, so the caller closes it. */
export class FrameTooLargeError extends Error {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`Frame of ${length} bytes exceeds the ${limit}-byte limit`);
    this.name = "FrameTooLargeError";
  }
}

/**
 * Collects bytes as they arrive (any chunking, down to single bytes) and yields whole payloads. Chunks are joined only
 * once a frame is complete, so a frame trickling in byte by byte costs linear, not quadratic, time.
 */
export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** Bytes received but not yet part of a complete frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Appends a chunk and returns every payload it completed; throws FrameTooLargeError on an oversized header. */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const payloads: Buffer[] = [];
    while (this.buffered >= LENGTH_BYTES) {
      const length = this.peekLength();
      // Checked before buffering the body, so a hostile header cannot make us hold gigabytes.
      if (length > this.maxFrameBytes) throw new FrameTooLargeError(length, this.maxFrameBytes);
      if (this.buffered < LENGTH_BYTES + length) break;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
      payloads.push(all.subarray(LENGTH_BYTES, LENGTH_BYTES + length));
      const rest = all.subarray(LENGTH_BYTES + length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return payloads;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= LENGTH_BYTES) return first.readUInt32BE(0);
    const joined = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [joined];
    return joined.readUInt32BE(0);
  }
}

/** Splits a payload into its NUL-terminated fields; an unterminated tail counts as a last field. */
export function splitFields(payload: Buffer): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < payload.length; i++) {
    if (payload[i] === NUL) {
      fields.push(payload.toString("utf8", start, i));
      start = i + 1;
    }
  }
  if (start < payload.length) fields.push(payload.toString("utf8", start));
  return fields;
}

/** Builds one frame: 4-byte big-endian length, then every field followed by NUL. */
export function encodeFrame(fields: readonly string[]): Buffer {
  const body = Buffer.from(fields.map((f) => `${f}\0`).join(""), "utf8");
  const frame = Buffer.alloc(LENGTH_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, LENGTH_BYTES);
  return frame;
}
