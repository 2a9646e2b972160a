// Server-version gates and the negotiation rule of the TWS handshake.
// Only the gates that change a message this simulator speaks are named here; protobuf (≥ 201) is out of scope.

/** Oldest client maximum we accept: `issuerId` in REQ_CONTRACT_DATA exists from here on. */
export const MIN_SERVER_VER_BOND_ISSUERID = 176;
/** PLACE_ORDER and OPEN_ORDER drop the deprecated `faProfile` field. */
export const MIN_SERVER_VER_FA_PROFILE_DESUPPORT = 177;
/** EXECUTION_DATA gains `pendingPriceRevision`. */
export const MIN_SERVER_VER_PENDING_PRICE_REVISION = 178;
/** CONTRACT_DATA carries the 17 fund fields (secType FUND only). */
export const MIN_SERVER_VER_FUND_DATA_FIELDS = 179;
/** CONTRACT_DATA carries `lastTradeDate` after `lastTradeDateOrContractMonth`. */
export const MIN_SERVER_VER_LAST_TRADE_DATE = 182;
/** PLACE_ORDER and OPEN_ORDER carry `customerAccount`. */
export const MIN_SERVER_VER_CUSTOMER_ACCOUNT = 183;
/** PLACE_ORDER and OPEN_ORDER carry `professionalCustomer`. */
export const MIN_SERVER_VER_PROFESSIONAL_CUSTOMER = 184;
/** OPEN_ORDER carries `bondAccruedInterest`. */
export const MIN_SERVER_VER_BOND_ACCRUED_INTEREST = 185;
/** CONTRACT_DATA ends with the ineligibility-reason list. */
export const MIN_SERVER_VER_INELIGIBILITY_REASONS = 186;
/** PLACE_ORDER and CANCEL_ORDER carry RFQ placeholders, removed again at UNDO_RFQ_FIELDS. */
export const MIN_SERVER_VER_RFQ_FIELDS = 187;
/** PLACE_ORDER and OPEN_ORDER carry `includeOvernight`. */
export const MIN_SERVER_VER_INCLUDE_OVERNIGHT = 189;
export const MIN_SERVER_VER_UNDO_RFQ_FIELDS = 190;
/** CANCEL_ORDER / REQ_GLOBAL_CANCEL lose their version field and gain extOperator + manualOrderIndicator. */
export const MIN_SERVER_VER_CME_TAGGING_FIELDS = 192;
/** OPEN_ORDER carries extOperator + manualOrderIndicator. */
export const MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER = 193;

/** The highest version the simulator speaks (what `@stoqey/ib` 1.6.x announces). */
export const SERVER_VERSION_MAX = MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER;
/** The lowest version the simulator speaks. */
export const SERVER_VERSION_MIN = MIN_SERVER_VER_BOND_ISSUERID;
/** Versions above this switch to protobuf framing, which this codec does not implement. */
export const LAST_TEXT_PROTOCOL_VERSION = 200;

/**
 * Picks the server version for a client range: min(clientMax, cap) if that lies inside the client's range and the
 * simulator's, else undefined (the caller closes the socket). `cap` lets a test or an operator emulate an older TWS.
 */
export function negotiateVersion(clientMin: number, clientMax: number, cap = SERVER_VERSION_MAX): number | undefined {
  const ceiling = Math.min(cap, SERVER_VERSION_MAX, LAST_TEXT_PROTOCOL_VERSION);
  const chosen = Math.min(clientMax, ceiling);
  if (chosen < SERVER_VERSION_MIN || chosen < clientMin) return undefined;
  return chosen;
}
