// Confirmation tokens: format, binding to the order, expiry, single use, and per-process secrets.
import { describe, expect, it } from "vitest";
import { ConfirmationTokens, TOKEN_TTL_MS } from "./confirmation-token.js";

const ORDER = '{"orderType":"MKT","quantity":1}';
const NOW = 1_750_000_000_000;

describe("ConfirmationTokens", () => {
  it("issues v1.<expiresAtMs>.<base64url HMAC-SHA256> tokens that expire after 300 s", () => {
    const tokens = new ConfirmationTokens(Buffer.alloc(32, 7));
    const { token, expiresAtMs } = tokens.issue(ORDER, NOW);
    expect(expiresAtMs).toBe(NOW + TOKEN_TTL_MS);
    expect(token).toMatch(new RegExp(`^v1\\.${NOW + 300_000}\\.[A-Za-z0-9_-]{43}$`));
    expect(tokens.check(token, ORDER, NOW + TOKEN_TTL_MS)).toBeNull();
    expect(tokens.check(token, ORDER, NOW + TOKEN_TTL_MS + 1)).toBe("expired");
  });

  it("binds the token to the order and to this process's secret", () => {
    const tokens = new ConfirmationTokens();
    const { token } = tokens.issue(ORDER, NOW);
    expect(tokens.check(token, '{"orderType":"MKT","quantity":2}', NOW)).toBe("mismatch");
    expect(new ConfirmationTokens().check(token, ORDER, NOW)).toBe("mismatch");
    const [, , sig] = token.split(".");
    expect(tokens.check(`v1.${NOW + 10 * TOKEN_TTL_MS}.${sig}`, ORDER, NOW)).toBe("mismatch");
    for (const bad of ["", "v2.1.abc", "v1..abc", "v1.1.a+b"]) expect(tokens.check(bad, ORDER, NOW)).toBe("mismatch");
  });

  it("is consumed once; a release undoes a consumption whose order was never sent", () => {
    const tokens = new ConfirmationTokens();
    const { token } = tokens.issue(ORDER, NOW);
    expect(tokens.consume(token, NOW)).toBe(true);
    expect(tokens.consume(token, NOW)).toBe(false);
    expect(tokens.check(token, ORDER, NOW)).toBe("used");
    tokens.release(token);
    expect(tokens.check(token, ORDER, NOW)).toBeNull();
  });
});
