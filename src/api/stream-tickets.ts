// One-use tickets for browsers opening GET /stream (a browser cannot set X-API-Key on a WebSocket): issued by the
// authenticated POST /stream/ticket, valid for 30 s, consumed by the first upgrade that presents one.
import { randomBytes } from "node:crypto";
import type { Clock } from "../operations/index.js";

export const TICKET_TTL_MS = 30_000;
const MAX_OUTSTANDING = 1000;

export class StreamTickets {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  issue(): { ticket: string; expiresAt: string } {
    const now = this.clock.now();
    for (const [ticket, expiry] of this.expiries) if (expiry <= now) this.expiries.delete(ticket);
    // Bounded: the oldest outstanding tickets go first.
    while (this.expiries.size >= MAX_OUTSTANDING) this.expiries.delete(this.expiries.keys().next().value!);
    const ticket = randomBytes(24).toString("base64url");
    this.expiries.set(ticket, now + TICKET_TTL_MS);
    return { ticket, expiresAt: new Date(now + TICKET_TTL_MS).toISOString() };
  }

  /** True once for a ticket issued less than 30 s ago; it is gone afterwards. */
  consume(ticket: string): boolean {
    const expiry = this.expiries.get(ticket);
    this.expiries.delete(ticket);
    return expiry !== undefined && expiry > this.clock.now();
  }
}
