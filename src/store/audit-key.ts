// The secret that keys the audit hash chain, kept in a file outside the database (created 0600 on first use), and
// the id of the first row it keys: rows written before the key existed keep their plain SHA-256 hashes.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface ChainKey {
  readonly key: Buffer;
  /** Rows with this id or above are hashed with HMAC-SHA256 under `key`; older ones with plain SHA-256. */
  readonly keyedFromId: number;
}

export class AuditKeyError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`Audit HMAC key file ${path}: ${problem}`);
    this.name = "AuditKeyError";
  }
}

/** The key file used when none is configured: `audit-hmac.key` next to the database. */
export function defaultKeyFile(dbPath: string): string {
  return join(dirname(dbPath), "audit-hmac.key");
}

function parseKey(path: string, text: string): ChainKey {
  let data: { key?: unknown; keyed_from_id?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new AuditKeyError(path, "not valid JSON");
  }
  if (typeof data.key !== "string" || !/^[0-9a-f]{64}$/.test(data.key)) {
    throw new AuditKeyError(path, "key must be 64 hex characters");
  }
  const from = data.keyed_from_id;
  if (typeof from !== "number" || !Number.isSafeInteger(from) || from < 1) {
    throw new AuditKeyError(path, "keyed_from_id must be a positive integer");
  }
  return { key: Buffer.from(data.key, "hex"), keyedFromId: from };
}

/** Reads the key file; undefined when it does not exist. */
export function readChainKey(path: string): ChainKey | undefined {
  if (!existsSync(path)) return undefined;
  return parseKey(path, readFileSync(path, "utf8"));
}

/**
 * Reads the key file, or creates it (mode 0600, never overwriting one another process created meanwhile) keying
 * rows from `nextId` on.
 */
export function loadOrCreateChainKey(path: string, nextId: () => number): ChainKey {
  const existing = readChainKey(path);
  if (existing !== undefined) return existing;
  mkdirSync(dirname(path), { recursive: true });
  const text = `${JSON.stringify({ key: randomBytes(32).toString("hex"), keyed_from_id: nextId() })}\n`;
  try {
    writeFileSync(path, text, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return parseKey(path, readFileSync(path, "utf8"));
}
