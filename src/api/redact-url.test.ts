// Request URLs as they appear in logs: credentials in query strings and the key itself never survive.
import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact-url.js";

const KEY = "correct-horse-battery-staple";

describe("redactUrl", () => {
  it("masks credential-like query values and keeps the others", () => {
    expect(redactUrl("/x?api_key=abc&symbol=AAPL", [])).toBe("/x?api_key=***&symbol=AAPL");
    expect(redactUrl("/x?token=1&Password=2&x-api-key=3&auth=4", [])).toBe(
      "/x?token=***&Password=***&x-api-key=***&auth=***",
    );
    expect(redactUrl("/account/summary?account_id=DU1", [])).toBe("/account/summary?account_id=DU1");
  });

  it("masks the key wherever it is, plain or percent-encoded", () => {
    const encoded = encodeURIComponent(KEY).replace(/-/g, "%2D");
    expect(redactUrl(`/x?q=${encoded}`, [KEY])).toBe("/x?q=***");
    expect(redactUrl(`/x?q=${KEY}+tail`, [KEY])).toBe("/x?q=***");
    expect(redactUrl(`/orders/${encoded}/status`, [KEY])).toBe("/***");
    expect(redactUrl(`/x?${encoded}`, [KEY])).toBe("/x?***");
  });

  it("never throws on malformed encodings", () => {
    expect(redactUrl("/x?a=%E0%A4%A&b=%", [KEY])).toBe("/x?a=%E0%A4%A&b=%");
  });
});
