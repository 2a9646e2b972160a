// Options shared by `orders preview` and `orders place`, and the OrderSpec body they build.
import { InvalidArgumentError, type Command } from "commander";
import { addDeprecatedAlias, resolveRenamed } from "../deprecated.js";

export interface OrderOptions {
  side: string;
  qty: string;
  orderType?: string;
  /** The order type under its old name (deprecated). */
  type?: string;
  limit?: string;
  stop?: string;
  tif?: string;
  trailAmount?: string;
  trailPercent?: string;
  trailStop?: string;
  takeProfit?: string;
  stopLoss?: string;
  stopLossLimit?: string;
  ocaGroup?: string;
  ocaType?: string;
  outsideRth?: boolean;
  account?: string;
  secType?: string;
  exchange?: string;
  currency?: string;
  expiry?: string;
  strike?: string;
  right?: string;
  multiplier?: string;
  clientOrderId?: string;
}

const number = (name: string) => (raw: string) => {
  if (raw.trim() === "" || !Number.isFinite(Number(raw)))
    throw new InvalidArgumentError(`${name} must be a number, got '${raw}'`);
  return raw;
};

export function addOrderOptions(cmd: Command): Command {
  cmd
    .requiredOption("--side <side>", "BUY or SELL")
    .requiredOption("--qty <n>", "quantity", number("--qty"))
    .option("--order-type <orderType>", "MKT, LMT, STP, STP_LMT, TRAIL, TRAIL_LIMIT, BRACKET, MOC or OPG (required)")
    .option("--limit <price>", "limit price (LMT, STP_LMT; TRAIL_LIMIT offset; BRACKET entry)", number("--limit"))
    .option("--stop <price>", "stop price (STP, STP_LMT)", number("--stop"))
    .option("--tif <tif>", "time in force: DAY, GTC, IOC, FOK, OPG", "DAY")
    .option("--trail-amount <amount>", "trailing amount (TRAIL, TRAIL_LIMIT)", number("--trail-amount"))
    .option("--trail-percent <pct>", "trailing percent (TRAIL, TRAIL_LIMIT)", number("--trail-percent"))
    .option("--trail-stop <price>", "initial trailing stop price", number("--trail-stop"))
    .option("--take-profit <price>", "bracket take-profit price", number("--take-profit"))
    .option("--stop-loss <price>", "bracket stop-loss price", number("--stop-loss"))
    .option("--stop-loss-limit <price>", "bracket stop-loss limit price", number("--stop-loss-limit"))
    .option("--oca-group <name>", "one-cancels-all group")
    .option("--oca-type <n>", "OCA type 1, 2 or 3", number("--oca-type"))
    .option("--outside-rth", "allow execution outside regular trading hours")
    .option("--account <id>", "managed account (default: the first)")
    .option("--sec-type <secType>", "security type: STK, ETF, FUT, OPT, IND, CASH, … (default STK)")
    .option("--exchange <exchange>", "exchange")
    .option("--currency <currency>", "currency")
    .option("--expiry <date>", "expiry (FUT, OPT)")
    .option("--strike <price>", "option strike", number("--strike"))
    .option("--right <right>", "option right: C or P")
    .option("--multiplier <n>", "contract multiplier");
  return addDeprecatedAlias(cmd, "--type <orderType>", "order type (deprecated: use --order-type)");
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** The OrderSpec body, with only the fields given (the schema fills defaults and checks the rest). */
export function orderSpecInput(symbol: string, o: OrderOptions, command: string): Record<string, unknown> {
  const orderType = resolveRenamed(o.orderType, o.type, {
    current: "--order-type",
    previous: "--type",
    command,
  });
  const entries: [string, unknown][] = [
    ["accountId", o.account],
    ["side", o.side.toUpperCase()],
    ["quantity", num(o.qty)],
    ["orderType", orderType.toUpperCase()],
    ["limitPrice", num(o.limit)],
    ["stopPrice", num(o.stop)],
    ["tif", o.tif?.toUpperCase()],
    ["outsideRth", o.outsideRth === true],
    ["trailingAmount", num(o.trailAmount)],
    ["trailingPercent", num(o.trailPercent)],
    ["trailStopPrice", num(o.trailStop)],
    ["takeProfitPrice", num(o.takeProfit)],
    ["stopLossPrice", num(o.stopLoss)],
    ["stopLossLimitPrice", num(o.stopLossLimit)],
    ["ocaGroup", o.ocaGroup],
    ["ocaType", num(o.ocaType)],
    ["clientOrderId", o.clientOrderId],
  ];
  const instrument: [string, unknown][] = [
    ["symbol", symbol],
    ["securityType", (o.secType ?? "STK").toUpperCase()],
    ["exchange", o.exchange],
    ["currency", o.currency],
    ["expiry", o.expiry],
    ["strike", num(o.strike)],
    ["right", o.right?.toUpperCase()],
    ["multiplier", o.multiplier],
  ];
  const defined = (pairs: [string, unknown][]) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined));
  return { ...defined(entries), instrument: defined(instrument) };
}
