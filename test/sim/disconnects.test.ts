// How the simulator logs a client going away: a plain close and a TCP reset (a CLI command whose process exits with
// unread data) are both "client disconnected", never a socket error.
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { RawPeer } from "./support/raw.js";
import { frame } from "./support/wire.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** A simulator whose log lines are kept, and a wait for a line matching a pattern. */
async function loggingSimulator() {
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  sim = await startSimulator({
    port: 0,
    walkMs: 1,
    log: (line) => {
      lines.push(line);
      waiters.forEach((w) => w());
    },
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${lines.join("\n")}`)), 5000);
      const check = () => {
        if (!lines.some((l) => pattern.test(l))) return;
        clearTimeout(timer);
        resolve();
      };
      waiters.push(check);
      check();
    });
  return { sim, lines, waitFor };
}

const AAPL = ["0", "AAPL", "STK", "", "", "", "", "SMART", "NASDAQ", "USD", "", ""];

describe("client disconnects", () => {
  it("logs a reset by the client as a disconnect, not as ECONNRESET", async () => {
    const { sim: running, lines, waitFor } = await loggingSimulator();
    const peer = await RawPeer.open(running.port);
    await peer.start(1);
    // A streaming market-data line: the simulator keeps writing ticks, also after the client's reset.
    await peer.write(frame(["1", "11", "12", ...AAPL, "0", "", "0", "0", ""]));
    await peer.until(() => peer.frames.length > 12);
    peer.reset();
    await waitFor(/connection 1: client disconnected/);
    expect(lines.join("\n")).not.toMatch(/ECONNRESET|socket error/);
  });

  it("logs a plain close the same way", async () => {
    const { sim: running, lines, waitFor } = await loggingSimulator();
    const peer = await RawPeer.open(running.port);
    await peer.start(2);
    peer.destroy();
    await waitFor(/connection 1: client disconnected/);
    expect(lines.filter((l) => l.includes("connection 1"))).toEqual([
      "connection 1: client 2 ready at server version 193",
      "connection 1: client disconnected",
    ]);
  });
});
