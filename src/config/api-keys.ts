// The API keys file (API_KEYS_FILE): a JSON list of named keys with scopes and per-key limits, storing only a salted
// SHA-256 of each key. Reads, validates, writes (mode 0600) and matches keys; it does not decide what a scope allows.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";

export const API_KEY_SCOPES = ["read", "trade", "propose", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The name API_KEY acts under (every scope); a file entry may not take it. */
export const API_KEY_NAME = "API_KEY";

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const HASH = /^sha256:[0-9a-f]{32}:[0-9a-f]{64}$/;

const positive = z.number().finite().positive();

export const ApiKeyRecordSchema = z
  .object({
    name: z
      .string()
      .regex(NAME, "must be 1-64 letters, digits, '.', '_' or '-'")
      .refine((n) => n !== API_KEY_NAME, `'${API_KEY_NAME}' is reserved for the API_KEY variable`),
    hash: z.string().regex(HASH, "must be 'sha256:<32 hex salt>:<64 hex digest>' as written by 'keys add'"),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
    maxOrderNotional: positive.optional(),
    maxDailyNotional: positive.optional(),
    symbolAllowlist: z
      .array(z.string().min(1))
      .transform((list) => list.map((s) => s.trim().toUpperCase()))
      .optional(),
    maxOrdersPerMinute: z.number().int().positive().optional(),
    approval: z.enum(["required", "none"]).optional(),
  })
  .strict();

export type ApiKeyRecord = z.output<typeof ApiKeyRecordSchema>;

/** The limits of one key, applied on top of the global ones at the send gate. */
export type ApiKeyLimits = Pick<
  ApiKeyRecord,
  "maxOrderNotional" | "maxDailyNotional" | "symbolAllowlist" | "maxOrdersPerMinute" | "approval"
>;

const FileSchema = z.array(ApiKeyRecordSchema).superRefine((keys, ctx) => {
  const seen = new Set<string>();
  for (const [i, key] of keys.entries()) {
    if (seen.has(key.name))
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate name '${key.name}'` });
    seen.add(key.name);
  }
});

export type KeysFileResult = { ok: true; keys: ApiKeyRecord[] } | { ok: false; problem: string };

/** Reads and validates the file; a missing file is `missing` so callers can decide (the CLI creates it). */
export function readApiKeysFile(path: string): KeysFileResult | { ok: false; missing: true; problem: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    const problem = missing
      ? `API_KEYS_FILE ${path} does not exist (create it with 'ibkr-gateway keys add NAME --scopes ...')`
      : `API_KEYS_FILE ${path} cannot be read: ${(error as Error).message}`;
    return missing ? { ok: false, missing: true, problem } : { ok: false, problem };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `API_KEYS_FILE ${path} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = FileSchema.safeParse(json);
  if (parsed.success) return { ok: true, keys: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
  return { ok: false, problem: `API_KEYS_FILE ${path} is invalid: ${issues.join("; ")}` };
}

/** Writes the whole list readable by the owner only (a temporary file renamed over the old one). */
export function writeApiKeysFile(path: string, keys: readonly ApiKeyRecord[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** A new random key (256 bits) and the hash to store for it. */
export function generateApiKey(): { key: string; hash: string } {
  const key = `ibk_${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key, randomBytes(16)) };
}

function hashApiKey(key: string, salt: Buffer): string {
  const digest = createHash("sha256").update(salt).update(key, "utf8").digest("hex");
  return `sha256:${salt.toString("hex")}:${digest}`;
}

/**
 * The record whose hash matches `given`, or null. Every record is hashed and compared in constant time, so the
 * time taken does not depend on which key (if any) matched or where it differs.
 */
export function matchApiKey(keys: readonly ApiKeyRecord[], given: string): ApiKeyRecord | null {
  let found: ApiKeyRecord | null = null;
  for (const record of keys) {
    const [, saltHex = "", digestHex = ""] = record.hash.split(":");
    const expected = Buffer.from(digestHex, "hex");
    const actual = createHash("sha256").update(Buffer.from(saltHex, "hex")).update(given, "utf8").digest();
    if (timingSafeEqual(actual, expected) && found === null) found = record;
  }
  return found;
}
