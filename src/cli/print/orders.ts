// Human output of the `orders` commands: previews, statuses, cancel results and the open-order table.
import type { CancelResult, OpenOrder, OrderPreview, OrderStatus } from "../../domain/index.js";
import { printFields, printTable } from "../output.js";

export function printPreview(p: OrderPreview): void {
  const s = p.orderSpec;
  const price = s.limitPrice ?? s.stopPrice;
  console.log(
    `${s.side} ${s.quantity} ${s.instrument.symbol} ${s.orderType}${price === null ? "" : ` @ ${price}`} (${s.tif})`,
  );
  printFields([
    ["Estimated price", p.estimatedPrice],
    ["Estimated notional", p.estimatedNotional],
    ["Estimated commission", p.estimatedCommission],
    ["Initial margin change", p.estimatedInitialMarginChange],
    ["Maintenance margin change", p.estimatedMaintenanceMarginChange],
    ["Risk check", p.riskCheck.passed ? "passed" : "FAILED"],
  ]);
  for (const v of p.riskCheck.violations) console.log(`  ✗ ${v.rule}: ${v.message}`);
  for (const leg of p.legs)
    console.log(
      `  leg ${leg.role}: ${leg.side} ${leg.quantity} ${leg.orderType} ${leg.limitPrice ?? leg.stopPrice ?? ""} ${leg.tif}`,
    );
  if (p.warnings.length > 0) console.log("Warnings:");
  for (const w of p.warnings) console.log(`  - ${w}`);
}

export function printStatus(s: OrderStatus): void {
  printFields([
    ["Order ID", s.orderId],
    ["Client order ID", s.clientOrderId],
    ["Status", s.status],
    ["Broker status", s.brokerStatus],
    ["Filled", s.filledQuantity],
    ["Remaining", s.remainingQuantity],
    ["Avg fill price", s.avgFillPrice],
    ["Last update", s.lastUpdate],
  ]);
  for (const w of s.warnings) console.log(`  - ${w}`);
}

export function printCancel(c: CancelResult): void {
  printFields([
    ["Order ID", c.orderId],
    ["Status", c.status],
    ["Message", c.message],
  ]);
}

export function printOpenOrders(orders: OpenOrder[]): void {
  if (orders.length === 0) return console.log("No open orders");
  printTable(
    ["ORDER ID", "SYMBOL", "SIDE", "QTY", "TYPE", "STATUS", "FILLED", "LIMIT", "STOP"],
    orders.map((o) => [
      o.orderId,
      o.symbol,
      o.side,
      o.quantity,
      o.orderType,
      o.status,
      o.filledQuantity,
      o.limitPrice,
      o.stopPrice,
    ]),
  );
}
