// The signed head checkpoint of the audit chain: the last row's id and hash, HMAC-signed with the chain key and
// written next to the database (not in it) after every commit. Deleting rows from the tail, or swapping in a
// recomputed chain, no longer matches it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ChainKey } from "./audit-key.js";

export interface ChainHead {
  /** Id of the last row; ids start at 1 and have no gaps, so this is also the row count. */
  readonly headId: number;
  readonly headHash: string;
}

export type CheckpointRead =
  { status: "missing" } | { status: "invalid"; problem: string } | { status: "ok"; head: ChainHead };

export function checkpointPath(dbPath: string): string {
  return `${dbPath}.head`;
}

function sign(key: ChainKey, head: ChainHead): string {
  return createHmac("sha256", key.key).update(`audit-head|${head.headId}|${head.headHash}`).digest("hex");
}

export function readCheckpoint(path: string, key: ChainKey): CheckpointRead {
  if (!existsSync(path)) return { status: "missing" };
  let data: { head_id?: unknown; head_hash?: unknown; mac?: unknown };
  try {
    data = JSON.parse(readFileSync(path, "utf8")) as typeof data;
  } catch {
    return { status: "invalid", problem: "head checkpoint is not valid JSON" };
  }
  const { head_id, head_hash, mac } = data;
  if (typeof head_id !== "number" || typeof head_hash !== "string" || typeof mac !== "string") {
    return { status: "invalid", problem: "head checkpoint is malformed" };
  }
  const head = { headId: head_id, headHash: head_hash };
  const expected = Buffer.from(sign(key, head), "hex");
  const given = Buffer.from(mac, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: "invalid", problem: "head checkpoint signature does not match (edited, or another key)" };
  }
  return { status: "ok", head };
}

/** Writes atomically (temp file + rename); never moves the checkpoint backwards (several processes may write). */
export function writeCheckpoint(path: string, key: ChainKey, head: ChainHead): void {
  const current = readCheckpoint(path, key);
  if (current.status === "ok" && current.head.headId >= head.headId) return;
  const body = {
    head_id: head.headId,
    head_hash: head.headHash,
    written_at: new Date().toISOString(),
    mac: sign(key, head),
  };
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
