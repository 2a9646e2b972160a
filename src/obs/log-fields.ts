// Structured log fields made safe for output: API key values masked, registered secret values masked anywhere,
// errors flattened, and names that collide with the standard keys renamed `extra_<key>`. It serialises nothing.

export type LogFields = Readonly<Record<string, unknown>>;

export const MASK = "***";

export const STANDARD_KEYS: ReadonlySet<string> = new Set([
  "timestamp",
  "level",
  "logger",
  "message",
  "correlation_id",
  "module",
  "function",
  "line",
]);

// Compared after lower-casing and dropping "-" and "_": covers API_KEY, apiKey, x-api-key, X-API-Key.
const SECRET_KEY_NAMES: ReadonlySet<string> = new Set(["apikey", "xapikey"]);

// Deep structures are cut rather than walked: a log line is not a dump, and cycles must terminate.
const MAX_DEPTH = 6;

const secrets = new Set<string>();

/** Masks this exact value wherever it appears in later log lines (the configured API key, for instance). */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value !== "") secrets.add(value);
}

export function maskSecrets(text: string): string {
  let masked = text;
  for (const secret of secrets) {
    if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
  }
  return masked;
}

/** Copies `fields` into `target` as top-level keys, applying the masking and renaming rules. */
export function addFields(target: Record<string, unknown>, fields: LogFields): void {
  for (const [key, value] of Object.entries(fields)) {
    target[STANDARD_KEYS.has(key) ? `extra_${key}` : key] = isSecretKey(key) ? MASK : sanitise(value, 0);
  }
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY_NAMES.has(key.toLowerCase().replace(/[-_]/g, ""));
}

function sanitise(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) return flattenError(value);
  if (Array.isArray(value)) return value.map((item: unknown) => sanitise(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? MASK : sanitise(item, depth + 1);
  }
  return copy;
}

function flattenError(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: maskSecrets(error.message),
    ...(error.stack === undefined ? {} : { stack: maskSecrets(error.stack) }),
  };
}

// HTTP header objects have a null prototype; class instances (Date, Buffer, ...) serialise themselves.
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
