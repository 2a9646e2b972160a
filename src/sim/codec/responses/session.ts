// Connection-level messages: the handshake reply, NEXT_VALID_ID, MANAGED_ACCTS, CURRENT_TIME and ERR_MSG
// Which code to send when is decided by the server, not here.

import { FieldWriter } from "../field-writer.js";
import { encodeFrame } from "../framing.js";
import { OUT } from "../message-ids.js";
import type { EncoderTable } from "./encoder.js";

export interface NextValidId {
  type: "nextValidId";
  orderId: number;
}
export interface ManagedAccounts {
  type: "managedAccounts";
  accounts: string[];
}
export interface CurrentTime {
  type: "currentTime";
  epochSeconds: number;
}
export interface ErrorMessage {
  type: "error";
  /** reqId, tickerId or orderId; -1 for system notices. */
  id: number;
  code: number;
  message: string;
  advancedOrderRejectJson?: string;
}

export type SessionMessage = NextValidId | ManagedAccounts | CurrentTime | ErrorMessage;

export const SESSION_ENCODERS: EncoderTable<SessionMessage> = {
  nextValidId: (m) => new FieldWriter(OUT.NEXT_VALID_ID).int(1).int(m.orderId),
  managedAccounts: (m) => new FieldWriter(OUT.MANAGED_ACCTS).int(1).str(m.accounts.join(",")),
  currentTime: (m) => new FieldWriter(OUT.CURRENT_TIME).int(1).int(m.epochSeconds),
  // Version 2 is the layout with id and code; advancedOrderRejectJson exists at every version we speak (≥ 166).
  error: (m) =>
    new FieldWriter(OUT.ERR_MSG)
      .int(2)
      .int(m.id)
      .int(m.code)
      .text(m.message)
      .text(m.advancedOrderRejectJson ?? ""),
};

/** The handshake reply: exactly two fields, no message id. */
export function encodeServerHello(serverVersion: number, connectionTime: string): Buffer {
  return encodeFrame([String(serverVersion), connectionTime]);
}

/** `YYYYMMDD HH:MM:SS <zone>` in UTC; clients only display it. */
export function formatConnectionTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)} UTC`;
}
