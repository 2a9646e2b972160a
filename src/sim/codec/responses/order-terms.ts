// The leading fields OPEN_ORDER and COMPLETED_ORDER share: the order's contract without primaryExchange (11 fields)
// and its terms up to orderRef. The fields after that differ between the two messages.
import type { ContractFields } from "../contract-fields.js";
import type { FieldWriter } from "../field-writer.js";
import type { PlacedOrder } from "../requests/place-order.js";

export function writeOrderContract(w: FieldWriter, c: ContractFields): void {
  w.int(c.conId)
    .str(c.symbol)
    .str(c.secType)
    .str(c.lastTradeDateOrContractMonth)
    .float(c.strike ?? 0);
  w.str(c.right === "" ? "?" : c.right)
    .str(c.multiplier)
    .str(c.exchange)
    .str(c.currency)
    .str(c.localSymbol)
    .str(c.tradingClass);
}

/** action … orderRef: the order's side, size, type, prices, time in force, OCA group, account and reference. */
export function writeOrderTerms(w: FieldWriter, o: PlacedOrder): void {
  w.str(o.action).decimal(o.totalQuantity).str(o.orderType).float(o.lmtPrice).float(o.auxPrice);
  w.str(o.tif).str(o.ocaGroup).str(o.account).str(o.openClose).int(o.origin).str(o.orderRef);
}
