// Log call sites in a plain Node process (the built package, no test-runner stack hook): the structured fast path,
// and the text path Node uses under --enable-source-maps, name the same module, function and line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/spawn.js";

const dir = mkdtempSync(join(tmpdir(), "call-site-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = join(dir, "order-desk.mjs");
const obs = pathToFileURL(join(ROOT, "dist/obs/index.js")).href;
writeFileSync(
  script,
  [
    `import { createLogger } from ${JSON.stringify(obs)};`,
    `const lines = [];`,
    `const logger = createLogger({ destination: { write: (line) => lines.push(JSON.parse(line)) } });`,
    `function placeOrder() {`,
    `  logger.warning("Order refused");`,
    `}`,
    `class Desk {`,
    `  review() {`,
    `    logger.info("Reviewed");`,
    `  }`,
    `}`,
    `const started = logger.statement("INFO", "Request started");`,
    `function onRequest() {`,
    `  started({ path: "/" });`,
    `}`,
    `placeOrder();`,
    `new Desk().review();`,
    `onRequest();`,
    `onRequest();`,
    `process.stdout.write(JSON.stringify(lines.map(({ module, function: fn, line }) => ({ module, fn, line }))));`,
  ].join("\n"),
);

describe("log call sites in the built package", () => {
  it.each([[[]], [["--enable-source-maps"]]])("node %j names module, function and line", (flags) => {
    const run = spawnSync(process.execPath, [...flags, script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { module: "order-desk", fn: "placeOrder", line: 5 },
      { module: "order-desk", fn: "review", line: 9 },
      { module: "order-desk", fn: "onRequest", line: 14 },
      { module: "order-desk", fn: "onRequest", line: 14 },
    ]);
  });
});
