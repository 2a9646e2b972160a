// What request handlers share: the market, the engine, faults, pacing, the placed-order store, the account signal
// and the live connections. Plain wiring types; the objects are built in ../index.ts.

import type { ClientRequest, ContractFields } from "../codec/index.js";
import type { Engine } from "../engine/index.js";
import type { Clock, ContractQuery, Instrument, Market } from "../market/index.js";
import type { Connection } from "./connection.js";
import type { FaultState } from "./faults.js";
import type { ConnectionPacing } from "./pacing.js";
import type { PlacedOrders } from "./placed-orders.js";

/** A fan-out of "something changed" notifications (account figures, prices). */
export class Signal {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export interface SimContext {
  readonly market: Market;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly account: string;
  readonly faults: FaultState;
  /** Historical-data pacing of small bars, one window per connection. */
  readonly pacing: ConnectionPacing;
  readonly placed: PlacedOrders;
  /** Fires when positions, cash or prices may have moved account figures. */
  readonly accountChanged: Signal;
  /** Fires when connectivity comes back with data maintained (1102): streams resend their current values. */
  readonly streamsResumed: Signal;
  readonly log: (line: string) => void;
  connections(): Iterable<Connection>;
}

export type RequestType = ClientRequest["type"];
export type RequestOf<K extends RequestType> = Extract<ClientRequest, { type: K }>;
export type Handler<K extends RequestType> = (connection: Connection, request: RequestOf<K>, ctx: SimContext) => void;
export type HandlerTable<K extends RequestType> = { [P in K]: Handler<P> };

export type Resolution = { instrument: Instrument } | { code: number; message: string };

/** The market's query for a request contract; conId 0 and an unset strike mean "any". */
export function queryOf(contract: ContractFields): ContractQuery {
  return {
    ...(contract.conId > 0 ? { conId: contract.conId } : {}),
    symbol: contract.symbol,
    secType: contract.secType,
    exchange: contract.exchange,
    primaryExchange: contract.primaryExchange,
    currency: contract.currency,
    lastTradeDateOrContractMonth: contract.lastTradeDateOrContractMonth,
    ...(contract.strike !== undefined ? { strike: contract.strike } : {}),
    right: contract.right,
    multiplier: contract.multiplier,
    localSymbol: contract.localSymbol,
  };
}

/** Resolves a request's contract to exactly one instrument, or the TWS error for none / several. */
export function resolveContract(ctx: SimContext, contract: ContractFields): Resolution {
  const matches = ctx.market.find(queryOf(contract));
  const [first] = matches;
  if (!first) return { code: 200, message: "No security definition has been found for the request" };
  if (matches.length > 1) {
    return { code: 200, message: `The contract description specified for ${contract.symbol} is ambiguous.` };
  }
  return { instrument: first };
}
