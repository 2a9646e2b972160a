// Where the request id sits in requests the simulator does not implement, so the 321 reply can name it (clients
// match errors to requests by id; an id of -1 would reach `@stoqey/ib` as an info notice and the caller would hang).
// Declarative data only: message id → index of the reqId field (#0 = message id).

export const UNSUPPORTED_REQID_FIELD: Readonly<Record<number, number>> = {
  10: 2, // REQ_MKT_DEPTH [10, ver, reqId, …]
  11: 2, // CANCEL_MKT_DEPTH
  19: 4, // REPLACE_FA [19, ver, type, xml, reqId]
  21: 2, // EXERCISE_OPTIONS
  22: 1, // REQ_SCANNER_SUBSCRIPTION (no version field at these servers)
  23: 2, // CANCEL_SCANNER_SUBSCRIPTION
  50: 2, // REQ_REAL_TIME_BARS
  51: 2, // CANCEL_REAL_TIME_BARS
  52: 2, // REQ_FUNDAMENTAL_DATA
  53: 2, // CANCEL_FUNDAMENTAL_DATA
  54: 2, // REQ_CALC_IMPLIED_VOLAT
  55: 2, // REQ_CALC_OPTION_PRICE
  56: 2, // CANCEL_CALC_IMPLIED_VOLAT
  57: 2, // CANCEL_CALC_OPTION_PRICE
  67: 2, // QUERY_DISPLAY_GROUPS
  68: 2, // SUBSCRIBE_TO_GROUP_EVENTS
  69: 2, // UPDATE_DISPLAY_GROUP
  70: 2, // UNSUBSCRIBE_FROM_GROUP_EVENTS
  79: 1, // REQ_SOFT_DOLLAR_TIERS
  81: 1, // REQ_MATCHING_SYMBOLS
  83: 1, // REQ_SMART_COMPONENTS
  84: 1, // REQ_NEWS_ARTICLE
  86: 1, // REQ_HISTORICAL_NEWS
  87: 1, // REQ_HEAD_TIMESTAMP
  88: 1, // REQ_HISTOGRAM_DATA
  89: 1, // CANCEL_HISTOGRAM_DATA
  90: 1, // CANCEL_HEAD_TIMESTAMP
  96: 1, // REQ_HISTORICAL_TICKS
  97: 1, // REQ_TICK_BY_TICK_DATA
  98: 1, // CANCEL_TICK_BY_TICK_DATA
  100: 1, // REQ_WSH_META_DATA
  101: 1, // CANCEL_WSH_META_DATA
  102: 1, // REQ_WSH_EVENT_DATA
  103: 1, // CANCEL_WSH_EVENT_DATA
  104: 1, // REQ_USER_INFO
};
