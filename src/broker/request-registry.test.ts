import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/broker/support/fake-clock.js";
import { Metrics } from "../obs/index.js";
import type { BrokerMetrics } from "./hooks.js";
import { FIRST_REQUEST_ID, RequestRegistry } from "./request-registry.js";
import { TwsError } from "./tws-error.js";

describe("request registry", () => {
  it("allocates ids from 1,000,000 and rejects on timeout with the operation's wording", async () => {
    const clock = new FakeClock();
    const registry = new RequestRegistry(clock);
    const request = registry.start<number>({ operation: "account summary", timeoutMs: 10_000 });
    expect(request.id).toBe(FIRST_REQUEST_ID);
    clock.advance(10_000);
    await expect(request.promise).rejects.toMatchObject({
      code: "IBKR_TIMEOUT",
      message: "IBKR request timed out: account summary after 10s",
    });
    expect(request.signal.aborted).toBe(true);
    expect(registry.size).toBe(0);
  });

  it("routes broker errors by id, ignores notices and fails everything on connection loss", async () => {
    const registry = new RequestRegistry(new FakeClock());
    const a = registry.start<number>({ operation: "quote", timeoutMs: 1000, classify: (e) => new Error(`x${e.code}`) });
    const b = registry.start<number>({ operation: "historical data", timeoutMs: 1000 });
    expect(registry.routeError(new TwsError(10167, a.id, "delayed"))).toBe(true);
    expect(a.settled).toBe(false);
    registry.routeError(new TwsError(354, a.id, "no permission"));
    await expect(a.promise).rejects.toThrow("x354");
    expect(registry.routeError(new TwsError(354, 42, "nobody"))).toBe(false);
    registry.failAll();
    await expect(b.promise).rejects.toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
      message: "IBKR connection failed: connection lost while waiting for historical data",
    });
  });

  it("follows the caller's abort signal and runs cleanups once", async () => {
    const registry = new RequestRegistry(new FakeClock());
    const controller = new AbortController();
    const request = registry.start<void>({ operation: "quote", timeoutMs: 1000, signal: controller.signal });
    let cleanups = 0;
    request.onSettle(() => cleanups++);
    controller.abort(new Error("caller gave up"));
    await expect(request.promise).rejects.toThrow("caller gave up");
    request.resolve();
    expect(cleanups).toBe(1);
  });

  it("meters outcomes through a metrics sink the gateway's Metrics satisfies", async () => {
    const metrics: BrokerMetrics = new Metrics({ defaultMetrics: false });
    const clock = new FakeClock();
    const request = new RequestRegistry(clock, metrics).start<number>({
      operation: "quote",
      metric: "quote",
      timeoutMs: 50,
    });
    clock.advance(50);
    await expect(request.promise).rejects.toThrow();
    expect((metrics as Metrics).snapshot().counters["ibkr_operations_total"]).toEqual({
      "operation=quote,status=timeout": 1,
    });
  });
});
