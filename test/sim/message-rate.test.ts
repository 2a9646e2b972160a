// IB's limit of 50 messages per second per client, as the simulator enforces it: a client
// over the limit gets error 100 for each extra message, which is still served.
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { RawPeer } from "./support/raw.js";
import { frame } from "./support/wire.js";

const CURRENT_TIME = frame(["49", "1"]);
const isRateError = (f: string[]) => f[0] === "4" && f[3] === "100";
const isTime = (f: string[]) => f[0] === "49";

describe("message rate limit", () => {
  let sim: RunningSimulator | undefined;
  let peer: RawPeer | undefined;
  afterEach(async () => {
    peer?.destroy();
    await sim?.stop();
  });

  it("answers error 100 for every message beyond 50 within one second, and still serves them", async () => {
    sim = await startSimulator({ port: 0, seed: 42 });
    peer = await RawPeer.open(sim.port);
    await peer.start(7);
    await peer.write(Buffer.concat(Array.from({ length: 50 }, () => CURRENT_TIME)));
    await peer.until(() => peer!.frames.filter(isTime).length === 50);
    expect(peer.frames.filter(isRateError)).toHaveLength(0);
    await peer.write(Buffer.concat(Array.from({ length: 10 }, () => CURRENT_TIME)));
    await peer.until(() => peer!.frames.filter(isTime).length === 60);
    const errors = peer.frames.filter(isRateError);
    expect(errors).toHaveLength(10);
    expect(errors[0]?.[4]).toBe("Max rate of messages per second has been exceeded.");
    expect(sim.control.stats().messageRateErrors).toBe(10);
  });
});
