// Shared fixture of the engine's unit tests: a fixed clock, a seeded market, an engine recording its events, and
// order records with the wire defaults. Test-only; excluded from the build.
import { Market } from "../market/index.js";
import { Engine } from "./engine.js";
import type { EngineEvent, SimOrder } from "./types.js";

export const NOW = Date.UTC(2025, 5, 2, 14, 30);
export const AAPL = 265598;

export function simOrder(fields: Partial<SimOrder> & { orderId: number }, defaults: Partial<SimOrder> = {}): SimOrder {
  return {
    clientId: 1,
    action: "BUY",
    totalQuantity: 1,
    orderType: "MKT",
    tif: "DAY",
    ocaGroup: "",
    ocaType: 0,
    account: "DU1234567",
    orderRef: "",
    transmit: true,
    parentId: 0,
    outsideRth: false,
    whatIf: false,
    ...defaults,
    ...fields,
  };
}

export function engineFixture() {
  const clock = { now: () => NOW };
  const market = new Market({ seed: 42, clock });
  const engine = new Engine({ market, clock, account: "DU1234567" });
  const events: EngineEvent[] = [];
  engine.on((event) => events.push(event));
  return { clock, market, engine, events };
}
