// The dashboard in a real browser against the real gateway and simulator: log in, overview, positions, live quotes
// and the chart, cancel an order, trip the kill switch, fills, and what a read-only key is not shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { B } from "../operations/orders/support/orders.js";
import {
  call,
  chromiumPath,
  launchBrowser,
  login,
  openView,
  screenshot,
  startDashboardGateway,
  type DashboardGateway,
  TEST_MS,
  WAIT_MS,
} from "./support.js";

const executable = chromiumPath();
let browser: Browser | undefined;
let d: DashboardGateway | undefined;

beforeAll(async () => {
  if (executable === null) return;
  [browser, d] = await Promise.all([
    launchBrowser(executable),
    startDashboardGateway([
      { name: "desk", scopes: ["read", "trade", "admin"] },
      { name: "viewer", scopes: ["read"] },
      { name: "agent", scopes: ["read", "propose"] },
    ]),
  ]);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await d?.close();
});

const desk = () => d!.keys["desk"]!;
const restingLimit = async (limitPrice: number) => {
  const placed = await call(d!, desk(), "POST", "/orders", B({ orderType: "LMT", limitPrice }));
  expect(placed.body.status).toBe("ACCEPTED");
  return placed.body.orderId as string;
};

describe.skipIf(executable === null)(
  "dashboard at /ui in Chromium (skipped when `which chromium` finds none)",
  { timeout: TEST_MS },
  () => {
    it("logs in with a key and shows the overview under its strict CSP", async () => {
      const answer = await fetch(`${d!.base}/ui`);
      expect(answer.headers.get("content-security-policy")).toContain("script-src 'self'");
      const s = await login(browser!, d!, desk(), "login");
      try {
        await s.page.getByTestId("connection-state").getByText("ready").waitFor();
        await s.page.getByTestId("trading-mode").getByText("paper").waitFor();
        await s.page.getByTestId("orders-enabled").getByText("yes").waitFor();
        await s.page.getByTestId("pnl").waitFor();
        await s.page.getByTestId("stream-state").getByText("stream: live").waitFor();
        expect(await s.page.evaluate("localStorage.length")).toBe(0);
        expect(s.page.url()).not.toContain(desk());
        await screenshot(s.page, "overview");
        expect(s.violations).toEqual([]);
        expect(s.errors).toEqual([]);
      } finally {
        await s.close();
      }
    });

    it("shows positions and fills, and live quotes with a candle chart", async () => {
      const bought = await call(d!, desk(), "POST", "/orders", B({ quantity: 3 }));
      expect(bought.body.status).toBe("ACCEPTED");
      const s = await login(browser!, d!, desk());
      try {
        await openView(s.page, "Positions");
        await s.page.getByTestId("positions").getByRole("rowheader", { name: "AAPL" }).waitFor();
        await screenshot(s.page, "positions");

        await openView(s.page, "Fills");
        await s.page.getByTestId("fills").getByRole("rowheader", { name: "AAPL" }).first().waitFor();
        await screenshot(s.page, "fills");

        await openView(s.page, "Watchlist");
        const last = s.page.getByTestId("last-AAPL");

        await last.getByText("100.00").waitFor();
        d!.gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 123.4, ask: 123.5, last: 123.45 });
        await last.getByText("123.45").waitFor();
        await s.page
          .getByTestId("chart-status")
          .getByText(/\d+ one-minute bars/)
          .waitFor();
        await screenshot(s.page, "watchlist");
        expect(s.violations).toEqual([]);
      } finally {
        d!.gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
        await s.close();
      }
    });

    it("resumes the stream by seq after its socket drops, and marks broker connection gaps", async () => {
      const buy = async () => {
        const placed = await call(d!, desk(), "POST", "/orders", B());
        expect(placed.body.status).toBe("ACCEPTED");
        return placed.body.orderId as string;
      };
      const s = await login(browser!, d!, desk());
      try {
        await openView(s.page, "Fills");
        const fills = s.page.getByTestId("fills");
        await fills.getByRole("cell", { name: await buy(), exact: true }).waitFor();
        const before = await fills.locator("tbody tr").count();
        for (const client of d!.gw.app.websocketServer.clients) client.terminate();
        const missed = await buy();
        await fills.getByRole("cell", { name: missed, exact: true }).waitFor();
        expect(await fills.locator("tbody tr").count()).toBe(before + 1);

        await openView(s.page, "Overview");
        d!.gw.simulator!.control.addFault({ kind: "drop-connections" });
        await s.page
          .getByTestId("connection-gaps")
          .getByText(/lost .* → restored /)
          .waitFor();
        await s.page.getByTestId("connection-state").getByText("ready").waitFor();
        await screenshot(s.page, "overview-connection-gap");
      } finally {
        await s.close();
      }
    });

    it("cancels an open order", async () => {
      const id = await restingLimit(50);
      const s = await login(browser!, d!, desk());
      try {
        await openView(s.page, "Open orders");
        const row = s.page.locator(`tr[data-order-id="${id}"]`);
        await screenshot(s.page, "open-orders");
        await row.getByRole("button", { name: `Cancel order ${id}` }).click();
        await s.page.getByRole("status").getByText(`Order ${id} (AAPL): CANCELLED`).waitFor();
        await row.waitFor({ state: "detached" });
        expect((await call(d!, desk(), "GET", `/orders/${id}/status`)).body.status).toBe("CANCELLED");
      } finally {
        await s.close();
      }
    });

    it("trips the kill switch after a confirmation step, and the open orders are cancelled", async () => {
      const ids = [await restingLimit(40), await restingLimit(41)];
      const s = await login(browser!, d!, desk());
      try {
        await s.page.getByRole("button", { name: "Trip kill switch…" }).click();
        const confirm = s.page.getByRole("group", { name: "Confirm the kill switch change" });
        await confirm.getByLabel("Reason").fill("ui test");
        await screenshot(s.page, "kill-switch-confirm");
        await confirm.getByRole("button", { name: "Confirm: trip kill switch" }).click();
        await s.page
          .getByTestId("kill-switch-state")
          .getByText(/ACTIVE since .*ui test/)
          .waitFor();
        await openView(s.page, "Open orders");
        await s.page.getByTestId("no-orders").waitFor();
        for (const id of ids)
          expect((await call(d!, desk(), "GET", `/orders/${id}/status`)).body.status).toBe("CANCELLED");
      } finally {
        await call(d!, desk(), "POST", "/admin/kill-switch", { active: false });
        await s.close();
      }
    });

    it("searches the audit log, verifies the chain and exports the order history", async () => {
      const s = await login(browser!, d!, desk());
      try {
        await openView(s.page, "Audit");
        await s.page.getByLabel("Event type").fill("order_submit");
        await s.page.getByRole("button", { name: "Search" }).click();
        await s.page
          .getByTestId("audit-total")
          .getByText(/^Records 1–\d+ of \d+, newest first$/)
          .waitFor();
        expect(await s.page.getByTestId("audit").locator("tbody tr").first().textContent()).toContain("ORDER_SUBMIT");
        await s.page.getByRole("button", { name: "Verify chain" }).click();
        await s.page
          .getByTestId("audit-verify")
          .getByText(/^Audit chain OK: \d+ records verified$/)
          .waitFor();
        const [download] = await Promise.all([
          s.page.waitForEvent("download"),
          s.page.getByRole("button", { name: "Export CSV" }).click(),
        ]);
        expect(download.suggestedFilename()).toBe("orders.csv");
        await s.page
          .getByTestId("audit-export")
          .getByText(/^Exported \d+ orders to orders.csv$/)
          .waitFor();
        await screenshot(s.page, "audit");
        expect(s.violations).toEqual([]);
      } finally {
        await s.close();
      }
    });

    it("approves a pending order, which is then sent and fills", async (ctx) => {
      const probe = await call(d!, desk(), "GET", "/approvals?status=PENDING");
      if (probe.status === 404) ctx.skip("this gateway has no approvals yet (GET /approvals answers 404)");
      const proposed = await call(d!, d!.keys["agent"]!, "POST", "/orders", B({ quantity: 4 }));
      expect(proposed.status).toBe(202);
      expect(proposed.body.status).toBe("PENDING_APPROVAL");
      const approvalId = proposed.body.approval.approvalId as string;
      const s = await login(browser!, d!, desk());
      try {
        await openView(s.page, "Approvals");
        const card = s.page.locator(`li[data-approval-id="${approvalId}"]`);
        await card.getByRole("heading", { name: "BUY 4 AAPL MKT" }).waitFor();
        await card.getByText("Reference price").waitFor();
        await screenshot(s.page, "approvals");
        await card.getByRole("button", { name: "Approve" }).click();
        await s.page
          .getByRole("status")
          .getByText(new RegExp(`^${approvalId}: APPROVED; order \\S+ ACCEPTED$`))
          .waitFor();
        const approval = (await call(d!, desk(), "GET", `/approvals/${approvalId}`)).body;
        expect(approval.status).toBe("APPROVED");
        const orderId = approval.result.orderId as string;
        await openView(s.page, "Fills");
        await s.page.getByTestId("fills").getByRole("cell", { name: orderId, exact: true }).first().waitFor();
      } finally {
        await s.close();
      }
    });

    it("works from the keyboard: login, the kill switch step and back, with a visible focus", async () => {
      const context = await browser!.newContext({ viewport: { width: 1366, height: 768 } });
      context.setDefaultTimeout(WAIT_MS);
      const page = await context.newPage();
      const focused = () => page.evaluate("document.activeElement?.id || document.activeElement?.textContent");
      try {
        await page.goto(`${d!.base}/ui`);
        await expect.poll(focused, { timeout: WAIT_MS }).toBe("api-key");
        await page.keyboard.type(desk());
        await page.keyboard.press("Enter");
        await page.getByTestId("kill-switch-state").waitFor();
        await expect.poll(focused, { timeout: WAIT_MS }).toBe("view-title");
        await page.keyboard.press("Tab");
        await expect.poll(focused, { timeout: WAIT_MS }).toBe("Trip kill switch…");
        const outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle");
        expect(outline).toBe("solid");
        await page.keyboard.press("Enter");
        await expect.poll(focused, { timeout: WAIT_MS }).toBe("kill-switch-reason");
        await page.keyboard.press("Escape");
        await page.getByRole("group", { name: "Confirm the kill switch change" }).waitFor({ state: "detached" });
        await expect.poll(focused, { timeout: WAIT_MS }).toBe("Trip kill switch…");
        expect((await call(d!, desk(), "GET", "/admin/kill-switch")).body.active).toBe(false);
      } finally {
        await context.close();
      }
    });

    it("shows a read-only key neither admin views nor trading buttons", async () => {
      const id = await restingLimit(45);
      const s = await login(browser!, d!, d!.keys["viewer"]!);
      try {
        await s.page.getByTestId("kill-switch-state").waitFor();
        const nav = s.page.getByRole("navigation", { name: "Views" });
        expect(await nav.getByRole("link").allTextContents()).toEqual([
          "Overview",
          "Positions",
          "Open orders",
          "Fills",
          "Watchlist",
        ]);
        expect(await s.page.getByRole("button", { name: /kill switch/ }).count()).toBe(0);
        await openView(s.page, "Open orders");
        await s.page.locator(`tr[data-order-id="${id}"]`).waitFor();
        expect(await s.page.getByRole("button", { name: /^Cancel order/ }).count()).toBe(0);
      } finally {
        await call(d!, desk(), "POST", `/orders/${id}/cancel`);
        await s.close();
      }
    });
  },
);
