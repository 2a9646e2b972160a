// The simulator's control operations: state, pinned prices, forced fills, auctions, faults and reset.
// The same object backs the programmatic API and the loopback HTTP API (control/http.ts); faults are applied here
// because they reach across the market, the engine and every connection.

import type { PlacedOrder } from "./codec/index.js";
import type { EngineState, OrderStateRow } from "./engine/index.js";
import type { Quote } from "./market/index.js";
import {
  checkAuction,
  checkFault,
  checkFill,
  checkPrices,
  type AuctionInput,
  type Checked,
  type FaultInput,
  type FillInput,
  type PriceInput,
} from "./control/validate.js";
import { activeFaults, applyFault, clearFaults } from "./control/faults.js";
import type { SimContext } from "./server/context.js";
import type { Fault } from "./server/faults.js";
import type { SimServer, SimStats } from "./server/sim-server.js";

/** An order row of GET /state: the engine's view plus every PLACE_ORDER field as decoded. */
export interface SimOrderRow extends OrderStateRow {
  goodTillDate: string;
  goodAfterTime: string;
  /** Every order field of the PLACE_ORDER that created or last modified the order, as decoded; null if none was kept. */
  placed: PlacedOrder | null;
}

export interface SimState extends Omit<EngineState, "orders"> {
  orders: SimOrderRow[];
  serverVersionMax: number;
  account: string;
  seed: number;
  clients: { clientId: number; serverVersion: number }[];
  /** Keyed by local symbol (AAPL, ESH6, EUR.USD). */
  prices: Record<string, Quote & { conId: number; secType: string; pinned: boolean }>;
  faults: Fault[];
}

export interface FillResult {
  orderId: number;
  clientId: number;
  permId: number;
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
}

export interface SimControl {
  state(): SimState;
  /** Pins bid/ask/last; undefined when the symbol is unknown. */
  setPrices(input: PriceInput): (Quote & { symbol: string }) | undefined;
  /** Fills part of a working order; undefined when no working order has that permId. */
  fill(input: FillInput): FillResult | undefined;
  auction(input: AuctionInput): void;
  /** Applies a fault and returns the active ones. */
  addFault(input: FaultInput): Fault[];
  reset(): void;
  /** Live sockets, sessions, subscriptions and timers (for leak checks). */
  stats(): SimStats;
}

interface ControlDeps {
  ctx: SimContext;
  server: SimServer;
  seed: number;
}

/** Programmatic callers get the HTTP API's validation; a bad input is a programming error, so it throws. */
function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new TypeError(checked.error);
  return checked.value;
}

export function createControl({ ctx, server, seed }: ControlDeps): SimControl {
  return {
    state: () => stateOf(ctx, server, seed),
    setPrices: (input) => {
      const { symbol, ...fields } = valid(checkPrices(input));
      const [quote] = ctx.market.pin(symbol, fields) ?? [];
      return quote ? { symbol: symbol.toUpperCase(), ...quote } : undefined;
    },
    fill: (input) => {
      const { permId, quantity, price } = valid(checkFill(input));
      const view = ctx.engine.forceFill(permId, quantity, price);
      if (!view) return undefined;
      const { orderId, clientId } = view.order;
      const { status, filled, remaining, avgFillPrice } = view;
      return { orderId, clientId, permId, status, filled, remaining, avgFillPrice };
    },
    auction: (input) => ctx.engine.auction(valid(checkAuction(input)).type),
    addFault: (input) => {
      applyFault(ctx, server, valid(checkFault(input)));
      return activeFaults(ctx);
    },
    reset: () => {
      // Faults go first so a connectivity loss is announced as over before prices jump back.
      clearFaults(ctx, server);
      ctx.pacing.reset();
      ctx.placed.clear();
      ctx.engine.reset();
      ctx.market.reset();
    },
    stats: () => server.stats(),
  };
}

function stateOf(ctx: SimContext, server: SimServer, seed: number): SimState {
  const prices: SimState["prices"] = {};
  for (const p of ctx.market.prices())
    prices[p.localSymbol] = { conId: p.conId, secType: p.secType, pinned: p.pinned, ...p.quote };
  const engine = ctx.engine.state();
  return {
    serverVersionMax: server.maxServerVersion,
    account: ctx.account,
    seed,
    clients: server.connections().map((c) => ({ clientId: c.clientId, serverVersion: c.serverVersion })),
    ...engine,
    orders: engine.orders.map((row) => {
      const placed = ctx.placed.get(row.clientId, row.orderId)?.order ?? null;
      return { ...row, goodTillDate: placed?.goodTillDate ?? "", goodAfterTime: placed?.goodAfterTime ?? "", placed };
    }),
    prices,
    faults: activeFaults(ctx),
  };
}
