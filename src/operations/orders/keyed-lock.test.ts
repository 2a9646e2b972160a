// KeyedLock: work under one key runs one at a time, in arrival order; other keys and failures do not block.
import { describe, expect, it } from "vitest";
import { KeyedLock } from "./keyed-lock.js";

describe("KeyedLock", () => {
  it("runs work under the same key one after the other, and other keys alongside", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const gate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = lock.run("k", async () => {
      log.push("first start");
      await gate;
      log.push("first end");
    });
    const second = lock.run("k", async () => void log.push("second"));
    const other = lock.run("other", async () => void log.push("other"));
    await other;
    expect(log).toEqual(["first start", "other"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(["first start", "other", "first end", "second"]);
  });

  it("lets the next caller run after a failure, and passes the failure to its own caller", async () => {
    const lock = new KeyedLock();
    await expect(lock.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(lock.run("k", async () => 42)).resolves.toBe(42);
  });
});
