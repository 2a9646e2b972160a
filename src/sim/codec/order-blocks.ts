// Optional blocks that PLACE_ORDER and OPEN_ORDER share: combo legs, tag/value
// lists, delta-neutral order, scale extras, hedge, algo, PEG BENCH and conditions. Each block's presence is driven by
// a value in the same message, so reader and writer live side by side and derive presence the same way.

import { FieldError, type FieldReader } from "./field-reader.js";
import type { FieldWriter } from "./field-writer.js";

export interface ComboLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
  openClose: number;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
}
export interface TagValue {
  tag: string;
  value: string;
}
export interface DeltaNeutralOrder {
  conId: number;
  settlingFirm: string;
  clearingAccount: string;
  clearingIntent: string;
  openClose: string;
  shortSale: boolean;
  shortSaleSlot: number;
  designatedLocation: string;
}
export interface ScaleExtras {
  priceAdjustValue: number | undefined;
  priceAdjustInterval: number | undefined;
  profitOffset: number | undefined;
  autoReset: boolean;
  initPosition: number | undefined;
  initFillQty: number | undefined;
  randomPercent: boolean;
}
export interface PegBench {
  referenceContractId: number;
  isPeggedChangeAmountDecrease: boolean;
  peggedChangeAmount: number | undefined;
  referenceChangeAmount: number | undefined;
  referenceExchangeId: string;
}
/** Carried verbatim: the simulator echoes conditions but does not evaluate them. */
export interface OrderCondition {
  type: number;
  conjunction: string;
  values: string[];
}

/** Fields after `type` and `conjunction`, per condition type (price, time, margin, execution, volume, % change). */
const CONDITION_ARITY: Record<number, number> = { 1: 5, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4 };

export function readComboLegs(r: FieldReader): ComboLeg[] {
  const legs: ComboLeg[] = [];
  for (let n = r.int(), i = 0; i < n; i++) {
    legs.push({
      conId: r.int(),
      ratio: r.int(),
      action: r.str(),
      exchange: r.str(),
      openClose: r.int(),
      shortSaleSlot: r.int(),
      designatedLocation: r.str(),
      exemptCode: r.optInt() ?? -1,
    });
  }
  return legs;
}

export function writeComboLegs(w: FieldWriter, legs: readonly ComboLeg[]): void {
  w.int(legs.length);
  for (const leg of legs) {
    w.int(leg.conId).int(leg.ratio).str(leg.action).str(leg.exchange);
    w.int(leg.openClose).int(leg.shortSaleSlot).str(leg.designatedLocation).int(leg.exemptCode);
  }
}

export function readPrices(r: FieldReader): (number | undefined)[] {
  const prices: (number | undefined)[] = [];
  for (let n = r.int(), i = 0; i < n; i++) prices.push(r.optFloat());
  return prices;
}

export function writePrices(w: FieldWriter, prices: readonly (number | undefined)[]): void {
  w.int(prices.length);
  for (const price of prices) w.floatOrUnset(price);
}

export function readTagValues(r: FieldReader): TagValue[] {
  const list: TagValue[] = [];
  for (let n = r.int(), i = 0; i < n; i++) list.push({ tag: r.str(), value: r.str() });
  return list;
}

export function writeTagValues(w: FieldWriter, list: readonly TagValue[]): void {
  w.int(list.length);
  for (const { tag, value } of list) w.str(tag).str(value);
}

export function readDeltaNeutralOrder(r: FieldReader): DeltaNeutralOrder {
  return {
    conId: r.int(),
    settlingFirm: r.str(),
    clearingAccount: r.str(),
    clearingIntent: r.str(),
    openClose: r.str(),
    shortSale: r.bool(),
    shortSaleSlot: r.int(),
    designatedLocation: r.str(),
  };
}

export function writeDeltaNeutralOrder(w: FieldWriter, d: DeltaNeutralOrder): void {
  w.int(d.conId).str(d.settlingFirm).str(d.clearingAccount).str(d.clearingIntent);
  // Real TWS writes "?" for an unset open/close.
  w.str(d.openClose === "" ? "?" : d.openClose)
    .bool(d.shortSale)
    .int(d.shortSaleSlot)
    .str(d.designatedLocation);
}

/** The 7 scale fields exist only when 0 < scalePriceIncrement < unset. */
export function hasScaleExtras(scalePriceIncrement: number | undefined): boolean {
  return scalePriceIncrement !== undefined && scalePriceIncrement > 0;
}

export function readScaleExtras(r: FieldReader): ScaleExtras {
  return {
    priceAdjustValue: r.optFloat(),
    priceAdjustInterval: r.optInt(),
    profitOffset: r.optFloat(),
    autoReset: r.bool(),
    initPosition: r.optInt(),
    initFillQty: r.optInt(),
    randomPercent: r.bool(),
  };
}

export function writeScaleExtras(w: FieldWriter, s: ScaleExtras): void {
  w.floatOrUnset(s.priceAdjustValue).intOrUnset(s.priceAdjustInterval).floatOrUnset(s.profitOffset);
  w.bool(s.autoReset).intOrUnset(s.initPosition).intOrUnset(s.initFillQty).bool(s.randomPercent);
}

export function isPegBench(orderType: string): boolean {
  return orderType === "PEG BENCH" || orderType === "PEGBENCH";
}

export function readPegBench(r: FieldReader): PegBench {
  return {
    referenceContractId: r.int(),
    isPeggedChangeAmountDecrease: r.bool(),
    peggedChangeAmount: r.optFloat(),
    referenceChangeAmount: r.optFloat(),
    referenceExchangeId: r.str(),
  };
}

export function writePegBench(w: FieldWriter, p: PegBench): void {
  w.int(p.referenceContractId).bool(p.isPeggedChangeAmountDecrease);
  w.float(p.peggedChangeAmount).float(p.referenceChangeAmount).str(p.referenceExchangeId);
}

export function readConditions(r: FieldReader): OrderCondition[] {
  const conditions: OrderCondition[] = [];
  for (let n = r.int(), i = 0; i < n; i++) {
    const type = r.int();
    const arity = CONDITION_ARITY[type];
    if (arity === undefined) throw new FieldError(`unknown order condition type ${type}`);
    const conjunction = r.str();
    const values: string[] = [];
    for (let k = 0; k < arity; k++) values.push(r.str());
    conditions.push({ type, conjunction, values });
  }
  return conditions;
}

export function writeConditions(w: FieldWriter, conditions: readonly OrderCondition[]): void {
  w.int(conditions.length);
  for (const c of conditions) {
    w.int(c.type).str(c.conjunction);
    for (const v of c.values) w.str(v);
  }
}
