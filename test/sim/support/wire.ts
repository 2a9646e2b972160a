// Tiny, independent builders of TWS wire bytes for tests: frames and hellos are assembled here by hand so that the
// codec under test never produces its own expected values.

/** A framed message: 4-byte big-endian length, then each field followed by NUL. */
export function frame(fields: readonly string[]): Buffer {
  const body = Buffer.concat(fields.map((f) => Buffer.concat([Buffer.from(f, "utf8"), Buffer.from([0])])));
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

/** The client hello: `API\0`, 4-byte length, version text (no NUL). */
export function hello(text: string): Buffer {
  const body = Buffer.from(text, "latin1");
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([Buffer.from("API\0", "latin1"), header, body]);
}

/** Splits a buffer into 1-byte chunks, the harshest segmentation TCP can produce. */
export function bytewise(buffer: Buffer): Buffer[] {
  return [...buffer].map((b) => Buffer.from([b]));
}

/** Canonical numeric text so a captured `0.0` / `1.0` compares equal to the codec's `0` / `1`. */
export function canonical(fields: readonly string[]): string[] {
  return fields.map((f) => (/^-?\d+\.0$/.test(f) ? f.slice(0, -2) : f));
}

/** Splits received bytes into frames' fields; whatever is left is an incomplete frame. */
export function parseFrames(bytes: Buffer): { frames: string[][]; rest: Buffer } {
  const frames: string[][] = [];
  let offset = 0;
  while (bytes.length - offset >= 4) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.length - offset - 4 < length) break;
    const body = bytes.toString("utf8", offset + 4, offset + 4 + length);
    frames.push(body.split("\0").slice(0, -1));
    offset += 4 + length;
  }
  return { frames, rest: bytes.subarray(offset) };
}
