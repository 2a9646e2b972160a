// OPEN_ORDER: 126 fields after the id at 178 (134 with the delta-neutral block), plus
// the fields appended up to 193. Echoes the order as the client placed it, with TWS's own conventions for unset
// values (`?` right, `None` order types, 2147483647 / 1.7976931348623157E308 where real captures show them).

import type { ContractFields } from "../contract-fields.js";
import { FieldReader } from "../field-reader.js";
import { FieldWriter } from "../field-writer.js";
import { OUT } from "../message-ids.js";
import * as blocks from "../order-blocks.js";
import { writeOrderContract, writeOrderTerms } from "./order-terms.js";
import type { PlacedOrder } from "../requests/place-order.js";
import * as v from "../versions.js";

export interface OrderState {
  status: string;
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency: string;
  warningText: string;
}

export interface OpenOrder {
  type: "openOrder";
  orderId: number;
  contract: ContractFields;
  order: PlacedOrder;
  clientId: number;
  permId: number;
  state: OrderState;
}

// Blocks whose presence the encoder must honour even when the order carries no values for them.
const NO_DELTA_NEUTRAL = blocks.readDeltaNeutralOrder(FieldReader.allUnset());
const NO_SCALE_EXTRAS = blocks.readScaleExtras(FieldReader.allUnset());
const NO_PEG_BENCH = blocks.readPegBench(FieldReader.allUnset());

function orNone(text: string): string {
  return text === "" ? "None" : text;
}

/** Contract without primaryExchange (11 fields), then the order's identity and allocation (#13–#41). */
function writeCore(w: FieldWriter, m: OpenOrder, serverVersion: number): void {
  const { contract: c, order: o } = m;
  writeOrderContract(w, c);
  writeOrderTerms(w, o);
  w.int(m.clientId);
  w.int(m.permId)
    .bool(o.outsideRth)
    .bool(o.hidden)
    .float(o.discretionaryAmt ?? 0)
    .str(o.goodAfterTime);
  w.str(o.sharesAllocation).str(o.faGroup).str(o.faMethod).str(o.faPercentage);
  if (serverVersion < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT) w.str(o.faProfile);
  w.str(o.modelCode).str(o.goodTillDate).str(o.rule80A).float(o.percentOffset).str(o.settlingFirm);
  w.int(o.shortSaleSlot)
    .str(o.designatedLocation)
    .int(o.exemptCode ?? -1);
}

/** Box, peg-to-stock, flags, volatility and delta-neutral, trail, basis points (#42–#69). */
function writeExtended(w: FieldWriter, o: PlacedOrder): void {
  w.int(o.auctionStrategy).float(o.startingPrice).float(o.stockRefPrice).float(o.delta);
  w.float(o.stockRangeLower).float(o.stockRangeUpper).intOrUnset(o.displaySize).bool(o.blockOrder);
  w.bool(o.sweepToFill).bool(o.allOrNone).int(o.minQty).int(o.ocaType).bool(o.eTradeOnly).bool(o.firmQuoteOnly);
  w.float(o.nbboPriceCap)
    .int(o.parentId)
    .int(o.triggerMethod)
    .float(o.volatility)
    .int(o.volatilityType ?? 0);
  // Real TWS writes "None" here, which makes the 8-field delta-neutral block present.
  w.str(orNone(o.deltaNeutralOrderType)).float(o.deltaNeutralAuxPrice);
  blocks.writeDeltaNeutralOrder(w, o.deltaNeutral ?? NO_DELTA_NEUTRAL);
  w.bool(o.continuousUpdate)
    .int(o.referencePriceType ?? 0)
    .float(o.trailStopPrice)
    .float(o.trailingPercent);
  w.float(undefined).int(undefined); // basisPoints, basisPointsType: EFP orders only
}

/** Combo legs, scale, hedge, routing, delta-neutral contract, algo, whatIf (#69–#84). */
function writeLegsAndRouting(w: FieldWriter, o: PlacedOrder): void {
  w.str("");
  blocks.writeComboLegs(w, o.comboLegs);
  blocks.writePrices(w, o.orderComboLegPrices);
  blocks.writeTagValues(w, o.smartComboRoutingParams);
  w.intOrUnset(o.scaleInitLevelSize).intOrUnset(o.scaleSubsLevelSize).float(o.scalePriceIncrement);
  if (blocks.hasScaleExtras(o.scalePriceIncrement)) blocks.writeScaleExtras(w, o.scaleExtras ?? NO_SCALE_EXTRAS);
  w.str(o.hedgeType);
  if (o.hedgeType !== "") w.str(o.hedgeParam);
  w.bool(o.optOutSmartRouting)
    .str(o.clearingAccount)
    .str(o.clearingIntent === "" ? "IB" : o.clearingIntent);
  w.bool(o.notHeld).bool(o.deltaNeutralContract !== undefined);
  const dn = o.deltaNeutralContract;
  if (dn) w.int(dn.conId).float(dn.delta).float(dn.price);
  w.str(o.algoStrategy);
  if (o.algoStrategy !== "") blocks.writeTagValues(w, o.algoParams);
  w.bool(o.solicited).bool(o.whatIf);
}

/** OrderState: status, the nine margin values, commission (#85–#99). */
function writeState(w: FieldWriter, s: OrderState): void {
  w.str(s.status).floatOrUnset(s.initMarginBefore).floatOrUnset(s.maintMarginBefore);
  w.floatOrUnset(s.equityWithLoanBefore).floatOrUnset(s.initMarginChange).floatOrUnset(s.maintMarginChange);
  w.floatOrUnset(s.equityWithLoanChange).floatOrUnset(s.initMarginAfter).floatOrUnset(s.maintMarginAfter);
  w.floatOrUnset(s.equityWithLoanAfter).float(s.commission).float(s.minCommission).float(s.maxCommission);
  w.str(s.commissionCurrency).str(s.warningText);
}

/** Randomize flags, PEG BENCH, conditions, adjusted order, soft dollar tier … mid offsets (#100–#126). */
function writeTail(w: FieldWriter, o: PlacedOrder): void {
  w.bool(o.randomizeSize).bool(o.randomizePrice);
  if (blocks.isPegBench(o.orderType)) blocks.writePegBench(w, o.pegBench ?? NO_PEG_BENCH);
  blocks.writeConditions(w, o.conditions);
  if (o.conditions.length > 0) w.bool(o.conditionsIgnoreRth).bool(o.conditionsCancelOrder);
  w.str(orNone(o.adjustedOrderType)).floatOrUnset(o.triggerPrice).floatOrUnset(o.trailStopPrice);
  w.floatOrUnset(o.lmtPriceOffset).floatOrUnset(o.adjustedStopPrice).floatOrUnset(o.adjustedStopLimitPrice);
  w.floatOrUnset(o.adjustedTrailingAmount).int(o.adjustableTrailingUnit);
  w.str(o.softDollarTierName).str(o.softDollarTierValue).str("").float(o.cashQty);
  w.bool(o.dontUseAutoPriceForHedge).bool(o.isOmsContainer).bool(o.discretionaryUpToLimitPrice);
  w.bool(o.usePriceMgmtAlgo === 1)
    .int(o.duration)
    .int(o.postToAts)
    .bool(o.autoCancelParent);
  w.int(o.minTradeQty).int(o.minCompeteSize).float(o.competeAgainstBestOffset);
  w.float(o.midOffsetAtWhole).float(o.midOffsetAtHalf);
}

/** Fields appended between 178 and 193. */
function writeLaterVersions(w: FieldWriter, o: PlacedOrder, serverVersion: number): void {
  if (serverVersion >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT) w.str(o.customerAccount);
  if (serverVersion >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER) w.bool(o.professionalCustomer);
  if (serverVersion >= v.MIN_SERVER_VER_BOND_ACCRUED_INTEREST) w.str("");
  if (serverVersion >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT) w.bool(o.includeOvernight);
  if (serverVersion >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER) {
    w.str(o.extOperator).int(o.manualOrderIndicator);
  }
}

export function encodeOpenOrder(m: OpenOrder, serverVersion: number): FieldWriter {
  const w = new FieldWriter(OUT.OPEN_ORDER).int(m.orderId);
  writeCore(w, m, serverVersion);
  writeExtended(w, m.order);
  writeLegsAndRouting(w, m.order);
  writeState(w, m.state);
  writeTail(w, m.order);
  writeLaterVersions(w, m.order, serverVersion);
  return w;
}
