// Unit tests of hello parsing: the bytes @stoqey/ib sends, partial input, connect options and garbage.

import { describe, expect, it } from "vitest";
import { hello } from "../../../test/sim/support/wire.js";
import { parseHello } from "./handshake.js";

describe("parseHello", () => {
  // The 17 bytes `@stoqey/ib` sends.
  const stoqeyHello = Buffer.from("4150490000000009763130302e2e313933", "hex");

  it("parses the hello of @stoqey/ib", () => {
    expect(parseHello(stoqeyHello)).toEqual({
      status: "ok",
      hello: { minVersion: 100, maxVersion: 193, options: [] },
      consumed: 17,
    });
  });

  it("reports incomplete for every proper prefix, then ok", () => {
    for (let n = 0; n < stoqeyHello.length; n++) {
      expect(parseHello(stoqeyHello.subarray(0, n)).status).toBe("incomplete");
    }
  });

  it("tells where the framed messages begin", () => {
    const bytes = Buffer.concat([hello("v157..178"), Buffer.from([0, 0, 0, 1])]);
    const result = parseHello(bytes);
    expect(result.status === "ok" && result.consumed).toBe(17);
  });

  it("accepts connect options and a single version", () => {
    expect(parseHello(hello("v157..178 +PACEAPI"))).toMatchObject({
      status: "ok",
      hello: { minVersion: 157, maxVersion: 178, options: ["+PACEAPI"] },
    });
    expect(parseHello(hello("v178"))).toMatchObject({ hello: { minVersion: 178, maxVersion: 178 } });
  });

  it("rejects a stream that does not start with API\\0 as soon as one byte disagrees", () => {
    expect(parseHello(Buffer.from("G")).status).toBe("invalid");
    expect(parseHello(Buffer.from("GET / HTTP/1.1\r\n")).status).toBe("invalid");
  });

  it("rejects unreadable version text and absurd lengths", () => {
    expect(parseHello(hello("hello")).status).toBe("invalid");
    expect(parseHello(hello("v..")).status).toBe("invalid");
    const huge = Buffer.concat([Buffer.from("API\0"), Buffer.from([0x7f, 0, 0, 0])]);
    expect(parseHello(huge).status).toBe("invalid");
  });
});
