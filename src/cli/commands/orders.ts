// `ibkr-gateway orders open|status|cancel|preview|place`. Placement runs the same pipeline as
// POST /orders (validation, idempotency, confirmation token, kill switch, risk, audit with interface `cli`) and asks
// for confirmation first; without a terminal it needs --yes.
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { CancelResult, OpenOrder, OrderPreview, OrderResult, OrderStatus } from "../../domain/index.js";
import { cancelOrder, getOrderStatus, listOpenOrders, placeOrder, previewOrder } from "../../operations/index.js";
import { CliExit, globalOptions } from "../config.js";
import { printJson } from "../output.js";
import { printCancel, printOpenOrders, printPreview, printStatus } from "../print/orders.js";
import { runOperation, withBroker } from "../runtime.js";
import { addOrderOptions, orderSpecInput, type OrderOptions } from "./order-options.js";

export function registerOrders(program: Command): void {
  const orders = program.command("orders").description("preview, place, inspect and cancel orders");

  const open = orders.command("open").description("working orders of the managed accounts (all API clients)");
  open.addHelpText("after", "\nExamples:\n  $ ibkr-gateway orders open\n  $ ibkr-gateway --json orders open");
  open.action(() =>
    withBroker(open, async (core) => {
      const list = await runOperation<OpenOrder[]>(core, listOpenOrders, {});
      if (globalOptions(open).json) return printJson(list);
      printOpenOrders(list);
    }),
  );

  const status = orders.command("status <orderId>").description("status of one order (exit 1 when unknown)");
  status.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway orders status 1000001\n  $ ibkr-gateway orders status ord_12",
  );
  status.action((orderId: string) =>
    withBroker(status, async (core) => {
      const s = await runOperation<OrderStatus>(core, getOrderStatus, { order_id: orderId });
      if (globalOptions(status).json) return printJson(s);
      printStatus(s);
    }),
  );

  const cancel = orders.command("cancel <orderId>").description("cancel a working order (waits up to 3 s)");
  cancel.addHelpText("after", "\nExample:\n  $ ibkr-gateway orders cancel 1000001");
  cancel.action((orderId: string) =>
    withBroker(cancel, async (core) => {
      const c = await runOperation<CancelResult>(core, cancelOrder, { order_id: orderId });
      if (globalOptions(cancel).json) return printJson(c);
      printCancel(c);
      if (c.status === "NOT_FOUND" || c.status === "REJECTED") throw new CliExit(1);
    }),
  );

  registerPreview(orders);
  registerPlace(orders);
}

function registerPreview(orders: Command): void {
  const preview = addOrderOptions(
    orders.command("preview <symbol>").description("estimate price, notional, commission and margin; places nothing"),
  );
  preview.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway orders preview AAPL --side BUY --qty 10 --order-type LMT --limit 150\n  $ ibkr-gateway orders preview MES --sec-type FUT --side SELL --qty 1 --order-type MKT",
  );
  preview.action((symbol: string, o: OrderOptions) => {
    const spec = orderSpecInput(symbol, o, "orders preview");
    return withBroker(preview, async (core) => {
      const p = await runOperation<OrderPreview>(core, previewOrder, spec);
      if (globalOptions(preview).json) return printJson(p);
      printPreview(p);
    });
  });
}

function registerPlace(orders: Command): void {
  const place = addOrderOptions(orders.command("place <symbol>").description("preview, confirm and place an order"))
    .option("--client-order-id <key>", "idempotency key: a retry with the same key never places twice")
    .option("--yes", "place without asking for confirmation");
  place.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway orders place AAPL --side BUY --qty 10 --order-type LMT --limit 150\n  $ ibkr-gateway orders place AAPL --side BUY --qty 1 --order-type MKT --client-order-id rebalance-42 --yes",
  );
  place.action(async (symbol: string, o: OrderOptions & { yes?: boolean }) => {
    const json = globalOptions(place).json === true;
    const spec = orderSpecInput(symbol, o, "orders place");
    if (!o.yes && !process.stdin.isTTY) {
      console.error("Refusing to place without confirmation: pass --yes");
      throw new CliExit(2);
    }
    await withBroker(place, async (core) => {
      const { clientOrderId: _key, ...previewSpec } = spec;
      const p = await runOperation<OrderPreview>(core, previewOrder, previewSpec);
      if (!json) printPreview(p);
      if (!o.yes && !(await confirm("Place this order? [y/N] "))) {
        console.log("Not placed.");
        return;
      }
      const r = await runOperation<OrderResult>(core, placeOrder, { ...spec, confirmationToken: p.confirmationToken });
      if (json) printJson(r);
      else if (r.status === "ACCEPTED") console.log(`ACCEPTED ${r.orderId}`);
      else console.log(`${r.status}: ${r.errors.join("; ")}`);
      if (r.status === "REJECTED") throw new CliExit(1);
    });
  });
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
