// Public surface of the simulated market, for the session layer and the order engine.
// Everything else in this folder is internal to the market model.

export { Market } from "./market.js";
export { midOf } from "./price-model.js";
export { round6, roundToTick } from "./ticks.js";
export type {
  Clock,
  ContractQuery,
  HistoricalBar,
  HistoricalError,
  HistoricalQuery,
  Instrument,
  OptionParams,
  PinFields,
  PriceEntry,
  Quote,
  SecType,
} from "./types.js";
