// The market-data part of the broker (SPEC §6): contract resolution, then a snapshot quote or historical bars.
// No streaming subscriptions.
import type { HistoricalBarsRequest, HistoricalBarsResponse, Quote, SymbolSpec } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import type { ContractResolver } from "../contracts/contract-resolver.js";
import type { Clock } from "../hooks.js";
import { parseHistoricalParams, requestHistoricalBars } from "./historical-data.js";
import { PacingGovernor } from "./pacing-governor.js";
import { requestSnapshot } from "./snapshot-quote.js";

export interface MarketDataDeps {
  connection: Connection;
  resolver: ContractResolver;
  clock: Clock;
  quoteTimeoutMs: number;
  historicalTimeoutMs: number;
}

export interface CallOptions {
  /** Overrides the broker timeout of SPEC §9. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

function instrumentOf(request: SymbolSpec): SymbolSpec {
  const { symbol, securityType, exchange, currency, expiry, strike, right, multiplier } = request;
  return { symbol, securityType, exchange, currency, expiry, strike, right, multiplier };
}

export class MarketDataService {
  private readonly governor = new PacingGovernor();

  constructor(private readonly deps: MarketDataDeps) {}

  async quote(request: SymbolSpec, options: CallOptions = {}): Promise<Quote> {
    const contract = await this.deps.resolver.resolve(instrumentOf(request), options.signal);
    const timeoutMs = options.timeoutMs ?? this.deps.quoteTimeoutMs;
    return requestSnapshot(this.deps, request.symbol, contract, timeoutMs, options.signal);
  }

  async historical(request: HistoricalBarsRequest, options: CallOptions = {}): Promise<HistoricalBarsResponse> {
    const params = parseHistoricalParams(request, this.deps.clock.now());
    const contract = await this.deps.resolver.resolve(instrumentOf(request), options.signal);
    const timeoutMs = options.timeoutMs ?? this.deps.historicalTimeoutMs;
    const deps = { ...this.deps, governor: this.governor };
    return requestHistoricalBars(deps, request.symbol, contract, params, { timeoutMs, signal: options.signal });
  }
}
