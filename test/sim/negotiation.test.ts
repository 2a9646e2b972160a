// The handshake on raw sockets: version negotiation, the connect sequence, duplicate
// client ids, and hellos that arrive one byte at a time.

import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { RawPeer } from "./support/raw.js";
import { frame, hello } from "./support/wire.js";

const CONNECTION_TIME = /^\d{8} \d{2}:\d{2}:\d{2} \S+$/;

describe("version negotiation and connect", () => {
  const open: { sims: RunningSimulator[]; peers: RawPeer[] } = { sims: [], peers: [] };
  afterEach(async () => {
    for (const peer of open.peers.splice(0)) peer.destroy();
    for (const sim of open.sims.splice(0)) await sim.stop();
  });
  async function sim(maxServerVersion?: number): Promise<RunningSimulator> {
    const started = await startSimulator({ port: 0, ...(maxServerVersion ? { maxServerVersion } : {}) });
    open.sims.push(started);
    return started;
  }
  async function peer(s: RunningSimulator): Promise<RawPeer> {
    const p = await RawPeer.open(s.port);
    open.peers.push(p);
    return p;
  }
  async function negotiate(versions: string, maxServerVersion?: number): Promise<RawPeer> {
    const p = await peer(await sim(maxServerVersion));
    await p.write(hello(versions));
    await p.until(() => p.frames.length > 0 || p.closed);
    return p;
  }

  it.each([
    ["v100..193", 193],
    ["v157..178", 178],
    ["v157..178 +PACEAPI", 178],
    ["v100..176", 176],
    ["v100..225", 193],
    ["v178", 178],
  ])("answers %s with server version %i and the connection time, nothing else", async (versions, expected) => {
    const p = await negotiate(versions);
    expect(p.frames).toHaveLength(1);
    const [reply] = p.frames;
    expect(reply).toHaveLength(2);
    expect(reply?.[0]).toBe(String(expected));
    expect(reply?.[1]).toMatch(CONNECTION_TIME);
  });

  it.each(["v100..150", "v100..175", "v194..225"])("closes the socket without a reply for %s", async (versions) => {
    const p = await negotiate(versions);
    await p.whenClosed();
    expect(p.frames).toEqual([]);
  });

  it("never negotiates above a lowered maximum", async () => {
    expect((await negotiate("v100..193", 178)).frames[0]?.[0]).toBe("178");
    const refused = await negotiate("v180..190", 178);
    await refused.whenClosed();
    expect(refused.frames).toEqual([]);
  });

  it("sends accounts, the next id and the farm notices after START_API, in TWS's order", async () => {
    const p = await peer(await sim());
    const frames = await p.start(5);
    expect(frames.slice(1)).toEqual([
      ["15", "1", "DU1234567"],
      ["9", "1", "1"],
      ["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""],
      ["4", "2", "-1", "2106", "HMDS data farm connection is OK:ushmds", ""],
      ["4", "2", "-1", "2158", "Sec-def data farm connection is OK:secdefnj", ""],
    ]);
  });

  it("accepts the hello and START_API written one byte at a time", async () => {
    const p = await peer(await sim());
    await p.write(Buffer.concat([hello("v100..193"), frame(["71", "2", "9", ""])]), true);
    await p.until(() => p.frames.some((f) => f[0] === "9"));
    expect(p.frames.find((f) => f[0] === "9")).toEqual(["9", "1", "1"]);
  });

  it("refuses a client id already connected with 326 and closes only that socket", async () => {
    const s = await sim();
    const first = await peer(s);
    await first.start(5);
    const second = await peer(s);
    await second.write(Buffer.concat([hello("v100..193"), frame(["71", "2", "5", ""])]));
    await second.whenClosed();
    expect(second.frames.slice(1)).toEqual([
      [
        "4",
        "2",
        "-1",
        "326",
        "Unable to connect as the client id is already in use. Retry with a unique client id.",
        "",
      ],
    ]);
    await first.write(frame(["49", "1"]));
    await first.until(() => first.frames.some((f) => f[0] === "49"));
    expect(first.closed).toBe(false);
  });

  it("frees the client id when its connection ends", async () => {
    const s = await sim();
    const first = await peer(s);
    await first.start(5);
    first.destroy();
    await first.whenClosed();
    const again = await peer(s);
    const frames = await again.start(5);
    expect(frames.some((f) => f[0] === "9")).toBe(true);
  });

  it("closes a connection whose first message is not START_API", async () => {
    const p = await peer(await sim());
    await p.write(Buffer.concat([hello("v100..193"), frame(["49", "1"])]));
    await p.whenClosed();
    expect(p.frames).toHaveLength(1);
  });
});
