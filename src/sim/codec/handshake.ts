// The client hello that opens every TWS connection: `API\0`, a 4-byte length and
// `v<min>..<max>[ options]`. Parsing only; choosing the version lives in versions.ts, the reply in responses/.

const PREFIX = Buffer.from("API\0", "latin1");
const LENGTH_BYTES = 4;
/** Real hellos are ~20 bytes; a long one is not a TWS client. */
const MAX_HELLO_TEXT = 1024;
const VERSION_TEXT = /^v(\d{1,4})(?:\.\.(\d{1,4}))?(?: (.*))?$/s;

export interface ClientHello {
  minVersion: number;
  maxVersion: number;
  /** Connect options such as `+PACEAPI`; accepted and ignored. */
  options: string[];
}

export type HelloParse =
  | { status: "incomplete" }
  | { status: "invalid"; reason: string }
  | { status: "ok"; hello: ClientHello; consumed: number };

/** Parses the hello from the start of `bytes`; `consumed` tells where the framed messages begin. */
export function parseHello(bytes: Buffer): HelloParse {
  const prefixSeen = Math.min(bytes.length, PREFIX.length);
  if (!bytes.subarray(0, prefixSeen).equals(PREFIX.subarray(0, prefixSeen))) {
    return { status: "invalid", reason: "missing API\\0 prefix (pre-V100 clients are not supported)" };
  }
  if (bytes.length < PREFIX.length + LENGTH_BYTES) return { status: "incomplete" };
  const length = bytes.readUInt32BE(PREFIX.length);
  if (length === 0 || length > MAX_HELLO_TEXT) return { status: "invalid", reason: `hello length ${length}` };
  const consumed = PREFIX.length + LENGTH_BYTES + length;
  if (bytes.length < consumed) return { status: "incomplete" };
  const text = bytes.toString("latin1", PREFIX.length + LENGTH_BYTES, consumed);
  const match = VERSION_TEXT.exec(text);
  if (!match) return { status: "invalid", reason: `unreadable version text ${JSON.stringify(text)}` };
  const minVersion = Number(match[1]);
  const maxVersion = match[2] === undefined ? minVersion : Number(match[2]);
  const options = (match[3] ?? "").split(" ").filter((o) => o.length > 0);
  return { status: "ok", hello: { minVersion, maxVersion, options }, consumed };
}
