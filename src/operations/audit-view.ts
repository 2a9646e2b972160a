// The audit trail over HTTP for admin keys (the dashboard's audit view): search the audit log, verify its hash
// chain and export the order history, all from the running gateway's own store. The CLI's `audit` commands do the
// same on a database file (audit-records.ts).
import { z } from "zod";
import { strictObject } from "../domain/index.js";
import { ordersToCsv, ordersToJson, AUDIT_EVENT_TYPES } from "../store/index.js";
import { defineOperation } from "./operation.js";

const isoBound = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(`${what}, ISO-8601 (2026-01-05T00:00:00.000Z); compared with the stored timestamps as text`);
const page = (max: number, fallback: number, what: string) => ({
  limit: z.coerce.number().int().min(1).max(max).default(fallback).describe(`At most this many ${what} (1-${max})`),
  offset: z.coerce.number().int().min(0).default(0).describe(`Skip this many ${what} first (newest first)`),
});

const AuditRecordOut = z.object({
  id: z.number().int(),
  correlationId: z.string().nullable(),
  timestamp: z.string(),
  eventType: z.string(),
  eventData: z.record(z.string(), z.unknown()),
  userContext: z.record(z.string(), z.unknown()).nullable(),
  accountId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const queryAudit = defineOperation({
  name: "query_audit",
  summary: "Search the audit log, newest first",
  input: strictObject({
    eventType: z.enum(AUDIT_EVENT_TYPES).optional().describe("Only this event type, e.g. ORDER_SUBMIT"),
    correlationId: z.string().trim().min(1).optional().describe("Only the rows of this request (X-Correlation-ID)"),
    start: isoBound("Not before"),
    end: isoBound("Not after"),
    ...page(1000, 100, "records"),
  }),
  output: z.object({ records: z.array(AuditRecordOut), total: z.number().int().min(0) }),
  needsBroker: false,
  async run({ store }, input) {
    const { records, total } = await store.queryAudit(input);
    return {
      records: records.map((r) => ({ ...r, userContext: r.userContext as Record<string, unknown> | null })),
      total,
    };
  },
});

export const verifyAudit = defineOperation({
  name: "verify_audit",
  summary: "Recompute the audit log's hash chain",
  input: z.object({}),
  output: z.union([
    z.object({ ok: z.literal(true), count: z.number().int().min(0) }),
    z.object({ ok: z.literal(false), id: z.number().int(), reason: z.string() }),
  ]),
  needsBroker: false,
  async run({ store }) {
    return store.verifyChain();
  },
});

export const exportOrders = defineOperation({
  name: "export_orders",
  summary: "Order history as CSV or JSON text (the columns of `ibkr-gateway audit export`)",
  input: strictObject({
    format: z.enum(["csv", "json"]).default("csv").describe("csv (default) or json"),
    symbol: z.string().trim().min(1).toUpperCase().optional().describe("Only this symbol"),
    status: z.string().trim().min(1).toUpperCase().optional().describe("Only this order status, e.g. FILLED"),
    start: isoBound("Placed not before"),
    end: isoBound("Placed not after"),
    ...page(10_000, 1000, "orders"),
  }),
  output: z.object({
    format: z.enum(["csv", "json"]),
    count: z.number().int().min(0),
    /** Null when no order matched. */
    content: z.string().nullable(),
  }),
  needsBroker: false,
  async run({ store }, input) {
    const { format, ...query } = input;
    const { orders } = await store.queryOrders(query);
    if (orders.length === 0) return { format, count: 0, content: null };
    const content = format === "csv" ? ordersToCsv(orders) : `${ordersToJson(orders, true)}\n`;
    return { format, count: orders.length, content };
  },
});
