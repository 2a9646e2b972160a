import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, ERROR_TABLE, GatewayError } from "./errors.js";

function docRows(): { code: string; status: number; meaning: string }[] {
  const text = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const section = text.split("## Code table")[1] ?? "";
  return [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|\s*(.+?)\s*\|\s*$/gm)].map((m) => ({
    code: m[1] ?? "",
    status: Number(m[2]),
    meaning: m[3] ?? "",
  }));
}

describe("error table and docs/errors.md", () => {
  it("every row of the code table is documented with the same status and meaning", () => {
    const docs = docRows();
    for (const row of ERROR_TABLE) {
      expect(docs).toContainEqual({ code: row.code, status: row.status, meaning: row.meaning });
    }
  });

  it("every documented row exists in the code table", () => {
    for (const row of docRows()) {
      expect(ERROR_TABLE).toContainEqual(row);
    }
    expect(docRows()).toHaveLength(ERROR_TABLE.length);
  });

  it("every declared code has at least one row", () => {
    for (const code of ERROR_CODES) expect(ERROR_TABLE.some((r) => r.code === code)).toBe(true);
  });
});

describe("GatewayError", () => {
  it("takes the code's default status and omits empty details from the envelope", () => {
    const err = new GatewayError("ACCOUNT_NOT_FOUND", "Account not found: U1", { details: {} });
    expect(err.status).toBe(404);
    expect(err.toEnvelope()).toEqual({ error_code: "ACCOUNT_NOT_FOUND", message: "Account not found: U1" });
  });

  it("accepts an alternative status only when the table defines it", () => {
    expect(new GatewayError("VALIDATION_ERROR", "Invalid tif: 'X'", { status: 400 }).status).toBe(400);
    expect(() => new GatewayError("VALIDATION_ERROR", "x", { status: 500 })).toThrow(
      /not defined with HTTP status 500/,
    );
  });

  it("keeps the cause and details", () => {
    const cause = new Error("socket closed");
    const err = new GatewayError("IBKR_CONNECTION_ERROR", "IBKR connection failed: lost", {
      cause,
      details: { orderSent: true },
    });
    expect(err.cause).toBe(cause);
    expect(err.toEnvelope().details).toEqual({ orderSent: true });
  });
});
