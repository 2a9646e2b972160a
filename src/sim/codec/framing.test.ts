// Unit tests of framing: whole frames, byte-by-byte delivery, oversized headers, and the bytes @stoqey/ib sends.

import { describe, expect, it } from "vitest";
import { bytewise, frame } from "../../../test/sim/support/wire.js";
import { FrameSplitter, FrameTooLargeError, encodeFrame, splitFields } from "./framing.js";

describe("FrameSplitter", () => {
  const a = frame(["49", "1"]);
  const b = frame(["71", "2", "7", ""]);

  it("yields a frame delivered whole", () => {
    const payloads = new FrameSplitter().push(a);
    expect(payloads.map(splitFields)).toEqual([["49", "1"]]);
  });

  it("yields the same frames when fed one byte at a time", () => {
    const splitter = new FrameSplitter();
    const payloads = bytewise(Buffer.concat([a, b])).flatMap((chunk) => splitter.push(chunk));
    expect(payloads.map(splitFields)).toEqual([
      ["49", "1"],
      ["71", "2", "7", ""],
    ]);
    expect(splitter.bufferedBytes).toBe(0);
  });

  it("yields several frames from one chunk and keeps a partial tail", () => {
    const splitter = new FrameSplitter();
    const joined = Buffer.concat([a, b, a.subarray(0, 6)]);
    expect(splitter.push(joined).map(splitFields)).toEqual([
      ["49", "1"],
      ["71", "2", "7", ""],
    ]);
    expect(splitter.bufferedBytes).toBe(6);
    expect(splitter.push(a.subarray(6)).map(splitFields)).toEqual([["49", "1"]]);
  });

  it("rejects an oversized frame from its header alone, before any body arrives", () => {
    const splitter = new FrameSplitter(100);
    const header = Buffer.from([0, 0, 0, 101]);
    expect(() => splitter.push(header)).toThrow(FrameTooLargeError);
  });

  it("rejects a header announcing more than 16 MiB by default", () => {
    expect(() => new FrameSplitter().push(Buffer.from([0x01, 0x00, 0x00, 0x01]))).toThrow(/exceeds/);
  });

  it("accepts a frame of exactly the limit", () => {
    const splitter = new FrameSplitter(4);
    expect(splitter.push(frame(["a", "b"])).map(splitFields)).toEqual([["a", "b"]]);
  });

  it("accepts an empty frame as a message without fields", () => {
    expect(new FrameSplitter().push(Buffer.from([0, 0, 0, 0]))).toEqual([Buffer.alloc(0)]);
  });
});

describe("splitFields / encodeFrame", () => {
  it("keeps empty fields and drops only the terminator", () => {
    expect(splitFields(Buffer.from("71\x002\x007\x00\x00"))).toEqual(["71", "2", "7", ""]);
  });

  it("treats an unterminated tail as a last field", () => {
    expect(splitFields(Buffer.from("49\x001"))).toEqual(["49", "1"]);
  });

  it("encodes the documented server reply byte for byte", () => {
    const expected = Buffer.from("0000001a3137380032303235303130322030393a33303a3030204553540" + "0", "hex");
    expect(encodeFrame(["178", "20250102 09:30:00 EST"])).toEqual(expected);
  });

  it("encodes a queued reqCurrentTime byte for byte", () => {
    expect(encodeFrame(["49", "1"])).toEqual(Buffer.from("000000053439003100", "hex"));
  });
});
