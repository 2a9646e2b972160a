// Persistence of the kill switch: the file's presence means active. The only I/O in src/safety;
// the running gateway re-reads it before every order and once per second, so the CLI can flip it from outside.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { KillSwitchState } from "../domain/index.js";

export type KillSwitchSource = "cli" | "rest" | "auto" | "file";

const INACTIVE: KillSwitchState = Object.freeze({ active: false, reason: null, activatedAt: null, source: null });

/** Absent file = inactive; an unreadable or corrupt file counts as active (fail closed). */
export function readKillSwitch(path: string): KillSwitchState {
  if (!existsSync(path)) return INACTIVE;
  try {
    const parsed = KillSwitchState.partial().parse(JSON.parse(readFileSync(path, "utf8")));
    return {
      active: true,
      reason: parsed.reason ?? "manual",
      activatedAt: parsed.activatedAt ?? null,
      source: parsed.source ?? null,
    };
  } catch {
    return { active: true, reason: "Kill switch file unreadable", activatedAt: null, source: null };
  }
}

/** Writes the file atomically (temp file + rename) so a concurrent reader never sees half a file. */
export function writeKillSwitch(path: string, reason: string, source: KillSwitchSource, now: Date): KillSwitchState {
  const state: KillSwitchState = { active: true, reason, activatedAt: now.toISOString(), source };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o644 });
  renameSync(tmp, path);
  return state;
}

export function clearKillSwitch(path: string): KillSwitchState {
  rmSync(path, { force: true });
  return INACTIVE;
}
