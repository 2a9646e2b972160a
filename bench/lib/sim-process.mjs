// Runs the TWS simulator as its own process (`ibkr-gateway simulator`), so every client reaches it across a process
// boundary as it would reach TWS, and drives it through its HTTP control API.
import { call } from "./http-client.mjs";
import { baseEnv, spawnNode, stopChild } from "./child.mjs";

const BIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

/** `walkMs` > 0 moves unpinned prices every that many milliseconds (the simulator's --walk-ms). */
export async function startSimProcess({ seed = 42, walkMs = 0 } = {}) {
  const { child, match } = await spawnNode(
    [BIN, "simulator", "--port", "0", "--seed", String(seed), "--control-port", "0", "--walk-ms", String(walkMs)],
    {
      name: "simulator",
      env: baseEnv(),
      ready: /TWS simulator listening on \S+:(\d+) [^]*Control API on (http:\/\/127\.0\.0\.1:\d+)/,
    },
  );
  const control = match[2];
  return {
    port: Number(match[1]),
    control,
    pid: child.pid,
    /** POST /prices: pins bid, ask and last of a symbol. */
    setPrices: (prices) => call(control, "POST", "/prices", prices),
    stop: () => stopChild(child),
  };
}
