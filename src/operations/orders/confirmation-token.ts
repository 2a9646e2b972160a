// Confirmation tokens: HMAC-SHA256 over the canonical order, valid 300 s and for one submission.
// The secret exists only in this process, so tokens never survive a restart. Nothing here reads a clock.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_TTL_MS = 300_000;
const TOKEN_FORMAT = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]+)$/;

export const TOKEN_MESSAGES = {
  missing: "confirmationToken is required: call POST /orders/preview first and pass its confirmationToken",
  mismatch: "confirmationToken does not match this order; preview the order again",
  expired: "confirmationToken has expired; preview the order again",
  used: "confirmationToken has already been used",
} as const;

export type TokenProblem = keyof typeof TOKEN_MESSAGES;

export interface IssuedToken {
  token: string;
  expiresAtMs: number;
}

export class ConfirmationTokens {
  /** Consumed tokens and their expiry; an expired one can no longer be replayed, so it is forgotten. */
  private readonly used = new Map<string, number>();
  /** The order each live token was issued for, to say what differs when another order brings it. */
  private readonly issuedFor = new Map<string, { canonicalOrder: string; expiresAtMs: number }>();

  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  issue(canonicalOrder: string, nowMs: number): IssuedToken {
    const expiresAtMs = nowMs + TOKEN_TTL_MS;
    const token = `v1.${expiresAtMs}.${this.sign(expiresAtMs, canonicalOrder)}`;
    for (const [known, issued] of this.issuedFor) if (issued.expiresAtMs < nowMs) this.issuedFor.delete(known);
    this.issuedFor.set(token, { canonicalOrder, expiresAtMs });
    return { token, expiresAtMs };
  }

  /** The canonical order a live token of this process was issued for (null when unknown or expired). */
  orderOf(token: string): string | null {
    return this.issuedFor.get(token)?.canonicalOrder ?? null;
  }

  /** Null when the token may be used for this order now. The signature is checked before the expiry. */
  check(token: string, canonicalOrder: string, nowMs: number): TokenProblem | null {
    const match = TOKEN_FORMAT.exec(token);
    if (!match) return "mismatch";
    const expiresAtMs = Number(match[1]);
    const given = Buffer.from(match[2] ?? "");
    const expected = Buffer.from(this.sign(expiresAtMs, canonicalOrder));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "mismatch";
    if (nowMs > expiresAtMs) return "expired";
    return this.used.has(token) ? "used" : null;
  }

  /** Marks the token used; false when another submission consumed it first. Synchronous on purpose. */
  consume(token: string, nowMs: number): boolean {
    for (const [known, expiresAtMs] of this.used) if (expiresAtMs < nowMs) this.used.delete(known);
    if (this.used.has(token)) return false;
    const match = TOKEN_FORMAT.exec(token);
    this.used.set(token, match ? Number(match[1]) : nowMs);
    return true;
  }

  /** Undoes a consumption whose order was never sent. */
  release(token: string): void {
    this.used.delete(token);
  }

  private sign(expiresAtMs: number, canonicalOrder: string): string {
    return createHmac("sha256", this.secret).update(`v1.${expiresAtMs}.${canonicalOrder}`).digest("base64url");
  }
}
