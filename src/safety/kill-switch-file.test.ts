import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearKillSwitch, readKillSwitch, writeKillSwitch } from "./kill-switch-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ks-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("kill switch file", () => {
  it("is inactive while the file is absent", () => {
    expect(readKillSwitch(join(dir, "KILL_SWITCH"))).toEqual({
      active: false,
      reason: null,
      activatedAt: null,
      source: null,
    });
  });

  it("round-trips an activation and is gone after clearing", () => {
    const path = join(dir, "nested", "KILL_SWITCH");
    const state = writeKillSwitch(path, "test", "cli", new Date("2026-01-02T03:04:05.678Z"));
    expect(state).toEqual({ active: true, reason: "test", activatedAt: "2026-01-02T03:04:05.678Z", source: "cli" });
    expect(readKillSwitch(path)).toEqual(state);
    expect(clearKillSwitch(path).active).toBe(false);
    expect(readKillSwitch(path).active).toBe(false);
  });

  it("counts a corrupt or empty file as active", () => {
    const path = join(dir, "KILL_SWITCH");
    writeFileSync(path, "{not json");
    expect(readKillSwitch(path)).toEqual({
      active: true,
      reason: "Kill switch file unreadable",
      activatedAt: null,
      source: null,
    });
    writeFileSync(path, "");
    expect(readKillSwitch(path).active).toBe(true);
  });
});
