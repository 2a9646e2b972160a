import { assert, describe, expect, it } from "vitest";
import { runWithCorrelation } from "./correlation.js";
import { registerSecret } from "./log-fields.js";
import { createLogger, type LoggerOptions } from "./logger.js";

const FIXED_NOW = new Date("2025-06-02T14:30:00.123Z");

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger({ now: () => FIXED_NOW, destination: { write: (line) => lines.push(line) }, ...options });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

/** Line number of the statement that calls thisLine(), read the same way a reader of the stack would. */
function thisLine(): number {
  const frame = new Error().stack?.split("\n")[2] ?? "";
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

describe("JSON log lines", () => {
  it("carry the standard keys, then the structured fields", () => {
    const { logger, records } = capture({ name: "api" });
    logger.info("Request started", { method: "GET", path: "/health" });
    expect(records()).toEqual([
      expect.objectContaining({
        timestamp: "2025-06-02T14:30:00.123Z",
        level: "INFO",
        logger: "api",
        message: "Request started",
        method: "GET",
        path: "/health",
      }),
    ]);
    expect(Object.keys(records()[0] ?? {}).sort()).toEqual(
      ["function", "level", "line", "logger", "message", "method", "module", "path", "timestamp"].sort(),
    );
  });

  it("points module, function and line at the statement that logged", () => {
    const { logger, records } = capture();
    function placeOrder() {
      logger.warning("Order refused");
      return thisLine() - 1;
    }
    const line = placeOrder();
    expect(records()[0]).toMatchObject({ module: "logger.test", function: "placeOrder", line });
  });

  it("gives a hot-path statement the call site of the place that calls it, read once", () => {
    const { logger, records } = capture();
    const started = logger.statement("INFO", "Request started");
    function onRequest(path: string) {
      started({ path });
      return thisLine() - 1;
    }
    const line = onRequest("/a");
    onRequest("/b");
    expect(records()).toEqual([
      expect.objectContaining({
        message: "Request started",
        path: "/a",
        module: "logger.test",
        function: "onRequest",
        line,
      }),
      expect.objectContaining({
        message: "Request started",
        path: "/b",
        module: "logger.test",
        function: "onRequest",
        line,
      }),
    ]);
    const quiet = createLogger({
      level: "ERROR",
      destination: { write: () => assert.fail("written below its level") },
    });
    quiet.statement("INFO", "Request started")({ path: "/c" });
  });

  it("has correlation_id only inside a correlation context, also across awaits", async () => {
    const { logger, records } = capture();
    logger.info("outside");
    await runWithCorrelation("req-1", async () => {
      await Promise.resolve();
      logger.info("inside");
    });
    const [outside, inside] = records();
    expect(outside).not.toHaveProperty("correlation_id");
    expect(inside).toMatchObject({ message: "inside", correlation_id: "req-1" });
  });

  it("renames fields that collide with standard keys to extra_<key>", () => {
    const { logger, records } = capture();
    logger.info("collision", { level: "x", message: "y", line: 3, symbol: "AAPL" });
    expect(records()[0]).toMatchObject({ level: "INFO", message: "collision", extra_level: "x", extra_message: "y" });
    expect(records()[0]).toMatchObject({ extra_line: 3, symbol: "AAPL" });
  });

  it("flattens errors into type, message and stack", () => {
    const { logger, records } = capture();
    logger.error("Request failed", { error: new TypeError("boom") });
    expect(records()[0]?.["error"]).toMatchObject({ type: "TypeError", message: "boom" });
  });

  it("maps every level name and drops lines below the configured level", () => {
    const { logger, records } = capture({ level: "WARNING" });
    logger.debug("d");
    logger.info("i");
    logger.warning("w");
    logger.error("e");
    logger.critical("c");
    expect(records().map((r) => r["level"])).toEqual(["WARNING", "ERROR", "CRITICAL"]);
    expect(logger.isLevelEnabled("INFO")).toBe(false);
  });

  it("child loggers write to the same destination under their own name", () => {
    const { logger, records } = capture({ name: "root" });
    logger.child("broker").child("orders").info("hello");
    expect(records()[0]).toMatchObject({ logger: "orders" });
  });
});

describe("secret masking", () => {
  it("masks API key fields at any depth, whatever their spelling", () => {
    const { logger, lines } = capture();
    logger.info("request", {
      apiKey: "k1",
      headers: { "X-API-Key": "k2", "x-api-key": "k3" },
      nested: [{ API_KEY: "k4" }],
    });
    expect(lines[0]).not.toMatch(/k[1-4]/);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ apiKey: "***", headers: { "X-API-Key": "***" } });
  });

  it("masks a registered secret value in the message and in any field", () => {
    registerSecret("s3cr3t-value");
    const { logger, lines } = capture();
    logger.info("key is s3cr3t-value", { url: "http://h/?k=s3cr3t-value", error: new Error("bad s3cr3t-value") });
    expect(lines[0]).not.toContain("s3cr3t-value");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ message: "key is ***", url: "http://h/?k=***" });
  });
});

describe("text log lines", () => {
  it("render time, level, short correlation id, logger and message", () => {
    const { logger, lines } = capture({ format: "text", name: "api" });
    logger.info("outside", { symbol: "AAPL" });
    runWithCorrelation("5f0c2a4e-1b7d-4c00-9000-000000000000", () => logger.warning("inside"));
    expect(lines).toEqual([
      "2025-06-02 14:30:00.123 [INFO] [-] api - outside\n",
      "2025-06-02 14:30:00.123 [WARNING] [5f0c2a4e] api - inside\n",
    ]);
  });
});
