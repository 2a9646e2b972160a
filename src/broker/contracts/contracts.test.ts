import { describe, expect, it } from "vitest";
import { SymbolSpec, type ResolvedContract } from "../../domain/index.js";
import { ContractCache, CONTRACT_TTL_MS } from "./contract-cache.js";
import { defaultExchange } from "./contract-defaults.js";
import { frontMonth, isoExpiry, queryToIbContract } from "./contract-details.js";
import { buildContractQuery, contractCacheKey } from "./contract-query.js";
import { displaySymbol } from "./display-symbol.js";

const spec = (input: Record<string, unknown>) => SymbolSpec.parse(input);

describe("contract defaults", () => {
  it("uses the symbol table first, then the type, else leaves the exchange to the broker", () => {
    expect(defaultExchange("MES", "FUT")).toBe("CME");
    expect(defaultExchange("YM", "FUT")).toBe("CBOT");
    expect(defaultExchange("SPX", "IND")).toBe("CBOE");
    expect(defaultExchange("NDX", "IND")).toBe("NASDAQ");
    expect(defaultExchange("XYZ", "ETF")).toBe("SMART");
    expect(defaultExchange("GBP", "CASH")).toBe("IDEALPRO");
    expect(defaultExchange("ZB", "FUT")).toBeNull();
  });

  it("lets explicit values win", () => {
    const q = buildContractQuery(spec({ symbol: "aapl", securityType: "STK", exchange: "NASDAQ", currency: "eur" }));
    expect(q).toMatchObject({ symbol: "AAPL", exchange: "NASDAQ", currency: "EUR" });
  });
});

describe("building the broker query", () => {
  it("splits a CASH pair and refuses a different explicit currency", () => {
    expect(buildContractQuery(spec({ symbol: "EUR.USD", securityType: "CASH" }))).toMatchObject({
      symbol: "EUR",
      currency: "USD",
      exchange: "IDEALPRO",
    });
    expect(() => buildContractQuery(spec({ symbol: "EUR.USD", securityType: "CASH", currency: "GBP" }))).toThrow(
      "Contract resolution failed: Currency mismatch for EUR.USD",
    );
  });

  it("checks option requirements in order before any broker call", () => {
    const base = { symbol: "AAPL", securityType: "OPT" };
    expect(() => buildContractQuery(spec(base))).toThrow("Contract resolution failed: Options require expiry date");
    expect(() => buildContractQuery(spec({ ...base, expiry: "2026-01-16" }))).toThrow("Options require strike price");
    expect(() => buildContractQuery(spec({ ...base, expiry: "2026-01-16", strike: 0 }))).toThrow(
      "Options require strike price",
    );
    expect(() => buildContractQuery(spec({ ...base, expiry: "2026-01-16", strike: 250 }))).toThrow(
      "Options require right (C or P)",
    );
    const ok = buildContractQuery(spec({ ...base, expiry: "2026-01-16", strike: 250, right: "CALL" }));
    expect(ok).toMatchObject({ expiry: "20260116", strike: 250, right: "C", exchange: "SMART" });
  });

  it("sends ETF as STK and futures month expiries in broker form", () => {
    expect(queryToIbContract(buildContractQuery(spec({ symbol: "SPY", securityType: "ETF" }))).secType).toBe("STK");
    const fut = queryToIbContract(
      buildContractQuery(spec({ symbol: "MES", securityType: "FUT", expiry: "2026-03", multiplier: "5" })),
    );
    expect(fut).toMatchObject({
      secType: "FUT",
      exchange: "CME",
      lastTradeDateOrContractMonth: "202603",
      multiplier: 5,
    });
  });

  it("keys the cache by every field", () => {
    const a = buildContractQuery(
      spec({ symbol: "AAPL", securityType: "OPT", expiry: "20260116", strike: 250, right: "C" }),
    );
    const b = { ...a, strike: 255 };
    const c = { ...a, multiplier: "10" };
    expect(new Set([contractCacheKey(a), contractCacheKey(b), contractCacheKey(c)]).size).toBe(3);
    expect(contractCacheKey(a)).toBe(contractCacheKey({ ...a }));
  });
});

describe("display symbols", () => {
  const parts = { currency: "USD", expiry: null, strike: null, right: null };
  it("formats each security type", () => {
    expect(displaySymbol({ ...parts, symbol: "MES", securityType: "FUT", expiry: "20260320" })).toBe("MES_20260320");
    expect(
      displaySymbol({
        ...parts,
        symbol: "AAPL",
        securityType: "OPT",
        expiry: "2026-01-16",
        strike: 250,
        right: "CALL",
      }),
    ).toBe("AAPL_20260116_C250");
    expect(
      displaySymbol({ ...parts, symbol: "SPY", securityType: "OPT", expiry: "20260116", strike: 592.5, right: "P" }),
    ).toBe("SPY_20260116_P592.5");
    expect(displaySymbol({ ...parts, symbol: "EUR", securityType: "CASH" })).toBe("EUR.USD");
    expect(displaySymbol({ ...parts, symbol: "AAPL", securityType: "STK" })).toBe("AAPL");
  });
});

const contract = (conId: number, expiry: string | null): ResolvedContract => ({
  conId,
  symbol: "MES",
  securityType: "FUT",
  exchange: "CME",
  primaryExchange: null,
  currency: "USD",
  localSymbol: null,
  tradingClass: null,
  expiry,
  strike: null,
  right: null,
  multiplier: "5",
  displaySymbol: `MES_${expiry}`,
});

describe("front month and cache lifetime", () => {
  it("picks the earliest contract whose last trade date is today or later", () => {
    const list = [contract(3, "2026-06-19"), contract(1, "2025-12-19"), contract(2, "2026-03-20")];
    expect(frontMonth(list, "2026-03-20")?.conId).toBe(2);
    expect(frontMonth(list, "2026-03-21")?.conId).toBe(3);
    expect(frontMonth(list, "2026-06-20")).toBeNull();
    expect(isoExpiry("20260320 16:00 CST")).toBe("2026-03-20");
    expect(isoExpiry("202603")).toBeNull();
  });

  it("expires entries after one hour, front-month entries when their last trade date has passed", () => {
    const cache = new ContractCache();
    const now = Date.UTC(2026, 2, 20, 20, 0, 0);
    cache.set("plain", contract(1, null), now);
    cache.set("front", contract(2, "2026-03-20"), now, true);
    expect(cache.get("plain", now + CONTRACT_TTL_MS - 1)?.conId).toBe(1);
    expect(cache.get("plain", now + CONTRACT_TTL_MS)).toBeNull();
    expect(cache.get("front", Date.UTC(2026, 2, 20, 20, 59))?.conId).toBe(2);
    cache.set("late", contract(3, "2026-03-20"), Date.UTC(2026, 2, 20, 23, 30), true);
    expect(cache.get("late", Date.UTC(2026, 2, 21))).toBeNull();
  });
});
