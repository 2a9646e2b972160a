// PLACE_ORDER: 114 fields for a plain order at 178, walked sequentially because optional
// blocks shift every later index. Every field is kept so OPEN_ORDER can echo what the client sent.
// Validation of the order (prices, tif, accounts) is the engine's job, not the decoder's.

import { readContract, type ContractFields } from "../contract-fields.js";
import type { FieldReader } from "../field-reader.js";
import { IN } from "../message-ids.js";
import * as blocks from "../order-blocks.js";
import * as v from "../versions.js";
import type { Decoder } from "./decoder.js";
import { readDeltaNeutralContract } from "./market-data.js";

function readHead(r: FieldReader) {
  return {
    action: r.str(),
    totalQuantity: r.decimal(),
    orderType: r.str(),
    lmtPrice: r.optFloat(),
    auxPrice: r.optFloat(),
    tif: r.str(),
    ocaGroup: r.str(),
    account: r.str(),
    openClose: r.str(),
    origin: r.int(),
    orderRef: r.str(),
    /** undefined when sent empty (`@stoqey/ib` with transmit left unset). */
    transmit: r.optBool(),
    parentId: r.int(),
    blockOrder: r.bool(),
    sweepToFill: r.bool(),
    displaySize: r.optInt(),
    triggerMethod: r.int(),
    outsideRth: r.bool(),
    hidden: r.bool(),
  };
}

function readCombo(r: FieldReader, isBag: boolean) {
  return {
    comboLegs: isBag ? blocks.readComboLegs(r) : [],
    orderComboLegPrices: isBag ? blocks.readPrices(r) : [],
    smartComboRoutingParams: isBag ? blocks.readTagValues(r) : [],
  };
}

function readAllocationAndShortSale(r: FieldReader, serverVersion: number) {
  return {
    sharesAllocation: r.str(),
    discretionaryAmt: r.optFloat(),
    goodAfterTime: r.str(),
    goodTillDate: r.str(),
    faGroup: r.str(),
    faMethod: r.str(),
    faPercentage: r.str(),
    faProfile: serverVersion < v.MIN_SERVER_VER_FA_PROFILE_DESUPPORT ? r.str() : "",
    modelCode: r.str(),
    shortSaleSlot: r.int(),
    designatedLocation: r.str(),
    exemptCode: r.optInt(),
    ocaType: r.int(),
    rule80A: r.str(),
    settlingFirm: r.str(),
    allOrNone: r.bool(),
    minQty: r.optInt(),
    percentOffset: r.optFloat(),
    eTradeOnly: r.bool(),
    firmQuoteOnly: r.bool(),
    nbboPriceCap: r.optFloat(),
  };
}

function readBoxAndVolatility(r: FieldReader) {
  const fields = {
    auctionStrategy: r.int(),
    startingPrice: r.optFloat(),
    stockRefPrice: r.optFloat(),
    delta: r.optFloat(),
    stockRangeLower: r.optFloat(),
    stockRangeUpper: r.optFloat(),
    overridePercentageConstraints: r.bool(),
    volatility: r.optFloat(),
    volatilityType: r.optInt(),
    deltaNeutralOrderType: r.str(),
    deltaNeutralAuxPrice: r.optFloat(),
  };
  const deltaNeutral = fields.deltaNeutralOrderType !== "" ? blocks.readDeltaNeutralOrder(r) : undefined;
  return { ...fields, deltaNeutral, continuousUpdate: r.bool(), referencePriceType: r.optInt() };
}

function readTrailScaleHedge(r: FieldReader) {
  const trail = { trailStopPrice: r.optFloat(), trailingPercent: r.optFloat() };
  const scale = { scaleInitLevelSize: r.optInt(), scaleSubsLevelSize: r.optInt(), scalePriceIncrement: r.optFloat() };
  const scaleExtras = blocks.hasScaleExtras(scale.scalePriceIncrement) ? blocks.readScaleExtras(r) : undefined;
  const rest = { scaleTable: r.str(), activeStartTime: r.str(), activeStopTime: r.str(), hedgeType: r.str() };
  const hedgeParam = rest.hedgeType !== "" ? r.str() : "";
  return { ...trail, ...scale, scaleExtras, ...rest, hedgeParam };
}

function readRoutingAlgoWhatIf(r: FieldReader, orderType: string) {
  const routing = {
    optOutSmartRouting: r.bool(),
    clearingAccount: r.str(),
    clearingIntent: r.str(),
    notHeld: r.bool(),
    deltaNeutralContract: readDeltaNeutralContract(r),
    algoStrategy: r.str(),
  };
  const algoParams = routing.algoStrategy !== "" ? blocks.readTagValues(r) : [];
  const flags = {
    algoId: r.str(),
    whatIf: r.bool(),
    orderMiscOptions: r.str(),
    solicited: r.bool(),
    randomizeSize: r.bool(),
    randomizePrice: r.bool(),
  };
  const pegBench = blocks.isPegBench(orderType) ? blocks.readPegBench(r) : undefined;
  const conditions = blocks.readConditions(r);
  const hasConditions = conditions.length > 0;
  return {
    ...routing,
    algoParams,
    ...flags,
    pegBench,
    conditions,
    conditionsIgnoreRth: hasConditions ? r.bool() : false,
    conditionsCancelOrder: hasConditions ? r.bool() : false,
  };
}

function readAdjustedAndMifid(r: FieldReader) {
  return {
    adjustedOrderType: r.str(),
    triggerPrice: r.optFloat(),
    lmtPriceOffset: r.optFloat(),
    adjustedStopPrice: r.optFloat(),
    adjustedStopLimitPrice: r.optFloat(),
    adjustedTrailingAmount: r.optFloat(),
    adjustableTrailingUnit: r.int(),
    extOperator: r.str(),
    softDollarTierName: r.str(),
    softDollarTierValue: r.str(),
    cashQty: r.optFloat(),
    mifid2DecisionMaker: r.str(),
    mifid2DecisionAlgo: r.str(),
    mifid2ExecutionTrader: r.str(),
    mifid2ExecutionAlgo: r.str(),
    dontUseAutoPriceForHedge: r.bool(),
    isOmsContainer: r.bool(),
    discretionaryUpToLimitPrice: r.bool(),
    usePriceMgmtAlgo: r.optInt(),
    duration: r.optInt(),
    postToAts: r.optInt(),
    autoCancelParent: r.bool(),
    advancedErrorOverride: r.str(),
    manualOrderTime: r.str(),
  };
}

/** ins-F (≥170): IBKRATS min trade qty, PEG BEST compete fields, PEG BEST/MID mid offsets. */
function readPegBestMid(r: FieldReader, exchange: string, orderType: string) {
  const minTradeQty = exchange === "IBKRATS" ? r.optInt() : undefined;
  let minCompeteSize: number | undefined;
  let competeAgainstBestOffset: number | undefined;
  let midOffsets = orderType === "PEG MID" || orderType === "PEGMID";
  if (orderType === "PEG BEST" || orderType === "PEGBEST") {
    minCompeteSize = r.optInt();
    competeAgainstBestOffset = r.optFloat();
    midOffsets = competeAgainstBestOffset === Infinity;
  }
  const midOffsetAtWhole = midOffsets ? r.optFloat() : undefined;
  const midOffsetAtHalf = midOffsets ? r.optFloat() : undefined;
  return { minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf };
}

/** Fields appended between 178 and 193. */
function readLaterVersions(r: FieldReader, serverVersion: number) {
  const customerAccount = serverVersion >= v.MIN_SERVER_VER_CUSTOMER_ACCOUNT ? r.str() : "";
  const professionalCustomer = serverVersion >= v.MIN_SERVER_VER_PROFESSIONAL_CUSTOMER ? r.bool() : false;
  if (serverVersion >= v.MIN_SERVER_VER_RFQ_FIELDS && serverVersion < v.MIN_SERVER_VER_UNDO_RFQ_FIELDS) {
    r.str();
    r.str();
  }
  const includeOvernight = serverVersion >= v.MIN_SERVER_VER_INCLUDE_OVERNIGHT ? r.bool() : false;
  const manualOrderIndicator = serverVersion >= v.MIN_SERVER_VER_CME_TAGGING_FIELDS ? r.optInt() : undefined;
  return { customerAccount, professionalCustomer, includeOvernight, manualOrderIndicator };
}

/** Reads the order part of PLACE_ORDER (everything after contract, secIdType and secId). */
export function readPlacedOrder(r: FieldReader, serverVersion: number, contract: ContractFields) {
  const head = readHead(r);
  return {
    ...head,
    ...readCombo(r, contract.secType === "BAG"),
    ...readAllocationAndShortSale(r, serverVersion),
    ...readBoxAndVolatility(r),
    ...readTrailScaleHedge(r),
    ...readRoutingAlgoWhatIf(r, head.orderType),
    ...readAdjustedAndMifid(r),
    ...readPegBestMid(r, contract.exchange, head.orderType),
    ...readLaterVersions(r, serverVersion),
  };
}

/** Every order field PLACE_ORDER carries, as decoded; undefined = the client left it unset. */
export type PlacedOrder = ReturnType<typeof readPlacedOrder>;

export interface PlaceOrder {
  type: "placeOrder";
  orderId: number;
  contract: ContractFields;
  secIdType: string;
  secId: string;
  order: PlacedOrder;
}

const placeOrder: Decoder<PlaceOrder> = (r, serverVersion) => {
  const orderId = r.int();
  const contract = readContract(r);
  const secIdType = r.str();
  const secId = r.str();
  return {
    type: "placeOrder",
    orderId,
    contract,
    secIdType,
    secId,
    order: readPlacedOrder(r, serverVersion, contract),
  };
};

export const PLACE_ORDER_DECODERS: Record<number, Decoder<PlaceOrder>> = { [IN.PLACE_ORDER]: placeOrder };
