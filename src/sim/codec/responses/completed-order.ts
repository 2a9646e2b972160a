// COMPLETED_ORDER (id 101): a filled or cancelled order as REQ_COMPLETED_ORDERS reports it. No version field, no
// order id and no client id; the order part is OPEN_ORDER's minus the open-order-only fields (sharesAllocation,
// auctionStrategy, blockOrder, eTradeOnly, firmQuoteOnly, nbboPriceCap, parentId, optOutSmartRouting, whatIf and the
// margin figures, the adjusted-order block), plus filled quantity, parent permId and completion time/status.

import type { ContractFields } from "../contract-fields.js";
import { FieldReader } from "../field-reader.js";
import { FieldWriter } from "../field-writer.js";
import { OUT } from "../message-ids.js";
import * as blocks from "../order-blocks.js";
import { writeOrderContract, writeOrderTerms } from "./order-terms.js";
import type { PlacedOrder } from "../requests/place-order.js";
import * as v from "../versions.js";

export interface CompletedOrder {
  type: "completedOrder";
  contract: ContractFields;
  order: PlacedOrder;
  permId: number;
  /** 0 for an order without parent. */
  parentPermId: number;
  filledQuantity: number;
  /** Filled, Cancelled … as in ORDER_STATUS. */
  status: string;
  /** `YYYYMMDD HH:MM:SS <zone>`. */
  completedTime: string;
  completedStatus: string;
}

const NO_SCALE_EXTRAS = blocks.readScaleExtras(FieldReader.allUnset());
const NO_PEG_BENCH = blocks.readPegBench(FieldReader.allUnset());

/** Contract (11 fields), then the order's identity, allocation and short-sale fields. */
function writeCore(w: FieldWriter, m: CompletedOrder, serverVersion: number): void {
  const { contract: c, order: o } = m;
  writeOrderContract(w, c);
  writeOrderTerms(w, o);
  w.int(m.permId);
  w.bool(o.outsideRth)
    .bool(o.hidden)
    .float(o.discretionaryAmt ?? 0)
    .str(o.goodAfterTime);
  w.str(o.faGroup).str(o.faMethod).str(o.faPercentage);
  if (serverVersion < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT) w.str(o.faProfile);
  w.str(o.modelCode).str(o.goodTillDate).str(o.rule80A).float(o.percentOffset).str(o.settlingFirm);
  w.int(o.shortSaleSlot)
    .str(o.designatedLocation)
    .int(o.exemptCode ?? -1);
}

/** Box, peg-to-stock, flags, volatility with the short delta-neutral block, trail. */
function writeExtended(w: FieldWriter, o: PlacedOrder): void {
  w.float(o.startingPrice).float(o.stockRefPrice).float(o.delta).float(o.stockRangeLower).float(o.stockRangeUpper);
  w.intOrUnset(o.displaySize).bool(o.sweepToFill).bool(o.allOrNone).int(o.minQty).int(o.ocaType);
  w.int(o.triggerMethod)
    .float(o.volatility)
    .int(o.volatilityType ?? 0);
  // As in OPEN_ORDER, "None" makes the delta-neutral block present; here it is 4 fields, not 8.
  const dn = o.deltaNeutral;
  w.str(o.deltaNeutralOrderType === "" ? "None" : o.deltaNeutralOrderType).float(o.deltaNeutralAuxPrice);
  w.int(dn?.conId ?? 0)
    .bool(dn?.shortSale ?? false)
    .int(dn?.shortSaleSlot ?? 0)
    .str(dn?.designatedLocation ?? "");
  w.bool(o.continuousUpdate).int(o.referencePriceType ?? 0);
  w.float(o.trailStopPrice).float(o.trailingPercent);
}

/** Combo legs, scale, hedge, clearing, delta-neutral contract, algo, solicited. */
function writeLegsAndRouting(w: FieldWriter, o: PlacedOrder): void {
  w.str("");
  blocks.writeComboLegs(w, o.comboLegs);
  blocks.writePrices(w, o.orderComboLegPrices);
  blocks.writeTagValues(w, o.smartComboRoutingParams);
  w.intOrUnset(o.scaleInitLevelSize).intOrUnset(o.scaleSubsLevelSize).float(o.scalePriceIncrement);
  if (blocks.hasScaleExtras(o.scalePriceIncrement)) blocks.writeScaleExtras(w, o.scaleExtras ?? NO_SCALE_EXTRAS);
  w.str(o.hedgeType);
  if (o.hedgeType !== "") w.str(o.hedgeParam);
  w.str(o.clearingAccount).str(o.clearingIntent === "" ? "IB" : o.clearingIntent);
  w.bool(o.notHeld).bool(o.deltaNeutralContract !== undefined);
  const dn = o.deltaNeutralContract;
  if (dn) w.int(dn.conId).float(dn.delta).float(dn.price);
  w.str(o.algoStrategy);
  if (o.algoStrategy !== "") blocks.writeTagValues(w, o.algoParams);
  w.bool(o.solicited);
}

/** Status, randomize flags, PEG BENCH, conditions, stop/offset, then the completed-order fields. */
function writeTail(w: FieldWriter, m: CompletedOrder, serverVersion: number): void {
  const o = m.order;
  w.str(m.status).bool(o.randomizeSize).bool(o.randomizePrice);
  if (blocks.isPegBench(o.orderType)) blocks.writePegBench(w, o.pegBench ?? NO_PEG_BENCH);
  blocks.writeConditions(w, o.conditions);
  if (o.conditions.length > 0) w.bool(o.conditionsIgnoreRth).bool(o.conditionsCancelOrder);
  w.floatOrUnset(o.trailStopPrice).floatOrUnset(o.lmtPriceOffset).float(o.cashQty);
  w.bool(o.dontUseAutoPriceForHedge).bool(o.isOmsContainer);
  w.str("").decimal(m.filledQuantity).int(0).bool(o.autoCancelParent); // autoCancelDate, refFuturesConId
  w.str("").bool(false).bool(false).int(m.parentPermId); // shareholder, imbalanceOnly, routeMarketableToBbo
  w.str(m.completedTime).str(m.completedStatus);
  w.intOrUnset(o.minTradeQty).intOrUnset(o.minCompeteSize).floatOrUnset(o.competeAgainstBestOffset);
  w.floatOrUnset(o.midOffsetAtWhole).floatOrUnset(o.midOffsetAtHalf);
  if (serverVersion >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT) w.str(o.customerAccount);
  if (serverVersion >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER) w.bool(o.professionalCustomer);
}

export function encodeCompletedOrder(m: CompletedOrder, serverVersion: number): FieldWriter {
  const w = new FieldWriter(OUT.COMPLETED_ORDER);
  writeCore(w, m, serverVersion);
  writeExtended(w, m.order);
  writeLegsAndRouting(w, m.order);
  writeTail(w, m, serverVersion);
  return w;
}
