// Correlation context: the id of the request being served and its API key's name, carried through async calls by
// AsyncLocalStorage.
// It does not read or write HTTP headers itself; interfaces pass the header value in and echo the id out.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

const context = new AsyncLocalStorage<{ id: string; keyName: string | undefined }>();

const MAX_ID_LENGTH = 128;
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/**
 * Runs `fn` with `id` as the current correlation id (and the name of the API key it authenticated with, once
 * known); everything it awaits or schedules sees the same values.
 */
export function runWithCorrelation<T>(id: string, fn: () => T, keyName?: string): T {
  return context.run({ id, keyName }, fn);
}

/** The correlation id of the request being served, or undefined outside any request. */
export function currentCorrelationId(): string | undefined {
  return context.getStore()?.id;
}

/** The name of the API key of the request being served (never the key), or undefined. */
export function currentKeyName(): string | undefined {
  return context.getStore()?.keyName;
}

export interface ResolvedCorrelationId {
  id: string;
  /** True when a value was sent but was not acceptable, so the caller can log the replacement. */
  replaced: boolean;
}

/**
 * The id to use for an incoming `X-Correlation-ID` value: 1–128 printable ASCII characters are kept verbatim;
 * a missing header gets a fresh UUID v4, and any other value (empty, too long, control or non-ASCII characters,
 * repeated header) is replaced by one.
 */
export function resolveCorrelationId(
  header: string | readonly string[] | undefined,
  newId: () => string = randomUUID,
): ResolvedCorrelationId {
  if (header === undefined) return { id: newId(), replaced: false };
  if (typeof header === "string" && header.length <= MAX_ID_LENGTH && PRINTABLE_ASCII.test(header)) {
    return { id: header, replaced: false };
  }
  return { id: newId(), replaced: true };
}
