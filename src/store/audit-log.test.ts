import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "./audit-events.js";
import type { AuditAppend } from "./audit-log.js";
import { openAuditStore, type AuditStore } from "./audit-store.js";

let dir: string;
let path: string;
let store: AuditStore;
let clockMs = 0;

const authFailure = (n: number): AuditEvent => ({
  eventType: "AUTH_FAILURE",
  eventData: { method: "GET", path: `/p${n}`, reason: "invalid" },
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-log-"));
  path = join(dir, "audit.db");
  store = openAuditStore(path, { now: () => new Date((clockMs += 1000)) });
  clockMs = Date.parse("2025-06-02T14:30:00.000Z");
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function tamper(sql: string, ...params: unknown[]): void {
  const db = new BetterSqlite3(path);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function appendTen(): void {
  for (let n = 1; n <= 10; n++) {
    store.append({ ...authFailure(n), correlationId: `c${n % 2}`, accountId: n <= 5 ? "DU1" : null });
  }
}

describe("appending", () => {
  it("stores the row context and chains HMAC hashes under the key file's secret", () => {
    const { key } = JSON.parse(readFileSync(join(dir, "audit-hmac.key"), "utf8")) as { key: string };
    const hmac = (text: string) => createHmac("sha256", Buffer.from(key, "hex")).update(text).digest("hex");
    const fingerprint = store.keyFingerprint("secret-secret-secret");
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const first = store.append({
      eventType: "ORDER_CANCEL_REQUESTED",
      eventData: { order_id: "42", ibkr_order_id: 7 },
      correlationId: "corr-1",
      accountId: "DU1234567",
      userContext: {
        interface: "rest",
        client_ip: "127.0.0.1",
        api_key_fingerprint: fingerprint,
      },
    });
    const second = store.append(authFailure(2));
    const expected = hmac(
      [
        "0".repeat(64),
        "1",
        "2025-06-02T14:30:01.000Z",
        "ORDER_CANCEL_REQUESTED",
        "corr-1",
        "DU1234567",
        '{"order_id":"42","ibkr_order_id":7}',
        `{"interface":"rest","client_ip":"127.0.0.1","api_key_fingerprint":"${fingerprint}"}`,
      ].join("|"),
    );
    expect(first).toMatchObject({ id: 1, prevHash: "0".repeat(64), hash: expected });
    const nullsAsEmpty = ["", "2", "2025-06-02T14:30:02.000Z", "AUTH_FAILURE", "", "", "", ""];
    nullsAsEmpty[0] = expected;
    nullsAsEmpty[6] = '{"method":"GET","path":"/p2","reason":"invalid"}';
    expect(second.prevHash).toBe(expected);
    expect(second.hash).toBe(hmac(nullsAsEmpty.join("|")));
  });

  it("types event data per event type, so keys cannot be misnamed", () => {
    // @ts-expect-error AUTH_FAILURE carries method, path and reason, not order_id
    const wrong: AuditAppend = { eventType: "AUTH_FAILURE", eventData: { order_id: "1" } };
    expect(() => store.append(wrong)).not.toThrow();
  });

  it("accepts an explicit timestamp", () => {
    const record = store.append({ ...authFailure(1), timestamp: new Date("2024-01-01T00:00:00.5Z") });
    expect(record.timestamp).toBe("2024-01-01T00:00:00.500Z");
  });

  it("appendSafe reports and counts a failed write instead of throwing", () => {
    const failures: unknown[] = [];
    const failing = openAuditStore(join(dir, "other.db"), { onAppendError: (error) => failures.push(error) });
    failing.close();
    expect(failing.appendSafe(authFailure(1))).toBeNull();
    expect(failing.appendFailures).toBe(1);
    expect(failures).toHaveLength(1);
    expect(store.appendSafe(authFailure(1))).toMatchObject({ id: 1 });
  });
});

describe("verifying the chain", () => {
  it("accepts an empty log and an intact one", () => {
    expect(store.verifyChain()).toEqual({ ok: true, count: 0 });
    appendTen();
    expect(store.verifyChain()).toEqual({ ok: true, count: 10 });
  });

  it.each([
    ["timestamp", "'2030-01-01T00:00:00.000Z'"],
    ["event_type", "'ORDER_FILL'"],
    ["correlation_id", "'forged'"],
    ["account_id", "'DU999'"],
    ["event_data", `'{"method":"POST","path":"/p4","reason":"invalid"}'`],
    ["user_context", `'{"interface":"cli"}'`],
    ["hash", "'" + "f".repeat(64) + "'"],
  ])("detects an edited %s as a hash mismatch at that row", (column, value) => {
    appendTen();
    tamper(`UPDATE audit_log SET ${column} = ${value} WHERE id = 4`);
    expect(store.verifyChain()).toEqual({ ok: false, id: 4, reason: "hash mismatch" });
  });

  it("detects an edited prev_hash", () => {
    appendTen();
    tamper("UPDATE audit_log SET prev_hash = ? WHERE id = 6", "0".repeat(64));
    expect(store.verifyChain()).toEqual({ ok: false, id: 6, reason: "prev_hash does not match previous record" });
  });

  it("detects a deleted row at the row that followed it", () => {
    appendTen();
    tamper("DELETE FROM audit_log WHERE id = 3");
    expect(store.verifyChain()).toEqual({ ok: false, id: 4, reason: "prev_hash does not match previous record" });
  });

  it("detects a deleted first row", () => {
    appendTen();
    tamper("DELETE FROM audit_log WHERE id = 1");
    expect(store.verifyChain()).toEqual({ ok: false, id: 2, reason: "prev_hash does not match previous record" });
  });
});

describe("querying", () => {
  it("pages newest first with the total of matching rows", () => {
    appendTen();
    const first = store.queryAudit({ limit: 2, offset: 0 });
    const second = store.queryAudit({ limit: 2, offset: 2 });
    expect(first.total).toBe(10);
    expect(first.records.map((r) => r.id)).toEqual([10, 9]);
    expect(second.records.map((r) => r.id)).toEqual([8, 7]);
    expect(store.queryAudit().records).toHaveLength(10);
  });

  it("filters by event type, correlation id, account and inclusive time bounds", () => {
    appendTen();
    store.append({ eventType: "KILL_SWITCH", eventData: { active: true, reason: "manual", source: "cli" } });
    expect(store.queryAudit({ eventType: "KILL_SWITCH" }).records.map((r) => r.id)).toEqual([11]);
    expect(store.queryAudit({ correlationId: "c1", accountId: "DU1" }).records.map((r) => r.id)).toEqual([5, 3, 1]);
    const window = store.queryAudit({ start: "2025-06-02T14:30:03.000Z", end: "2025-06-02T14:30:05.000Z" });
    expect(window.records.map((r) => r.id)).toEqual([5, 4, 3]);
    expect(store.queryAudit({ accountId: "nobody" })).toEqual({ records: [], total: 0 });
  });

  it("decodes JSON columns", () => {
    store.append({ ...authFailure(1), userContext: { interface: "mcp" } });
    expect(store.queryAudit().records[0]).toMatchObject({
      eventType: "AUTH_FAILURE",
      eventData: { method: "GET", path: "/p1", reason: "invalid" },
      userContext: { interface: "mcp" },
      correlationId: null,
      accountId: null,
    });
  });
});
