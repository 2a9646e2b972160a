// Starts the bare node:http server of the HTTP floor figure (http-floor-server.mjs) as its own process.
import { baseEnv, spawnNode, stopChild } from "./child.mjs";

const SERVER = new URL("http-floor-server.mjs", import.meta.url).pathname;

export async function startHttpFloorProcess() {
  const { child, match } = await spawnNode([SERVER], {
    name: "HTTP floor server",
    env: baseEnv(),
    ready: /HTTP floor on (http:\/\/127\.0\.0\.1:\d+)/,
  });
  return { base: match[1], pid: child.pid, stop: () => stopChild(child) };
}
