// Browser tests of the dashboard: the real gateway (embedded simulator over TCP, SQLite in a temp dir) listening on
// a loopback port, driven by playwright-core through the system's Chromium (Debian package `chromium`; no browser
// is ever downloaded). Screenshots go to test-output/ui/.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { generateApiKey, writeApiKeysFile, type ApiKeyScope } from "../../src/config/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

export const SCREENSHOTS = join(process.cwd(), "test-output", "ui");

/** How long a wait for an element or text may take before the test fails (generous: CI shares two cores). */
export const WAIT_MS = 15_000;
/** Per test: a login and a few views. */
export const TEST_MS = 60_000;

/** Chromium from PATH (`chromium`, as Debian installs it); the tests are skipped with a reason when it is absent. */
export function chromiumPath(): string | null {
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execFileSync("which", [name], { encoding: "utf8" }).trim();
      if (path !== "") return path;
    } catch {
      // not on PATH under this name
    }
  }
  return null;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

export interface DashboardGateway {
  gw: TestGateway;
  base: string;
  /** Each named key's secret. */
  keys: Record<string, string>;
  close(): Promise<void>;
}

/** The gateway with named keys (API_KEYS_FILE), orders enabled, listening on 127.0.0.1. */
export async function startDashboardGateway(
  specs: { name: string; scopes: ApiKeyScope[] }[],
  env: Record<string, string> = {},
): Promise<DashboardGateway> {
  const dir = mkdtempSync(join(tmpdir(), "ui-keys-"));
  const file = join(dir, "keys.json");
  const keys: Record<string, string> = {};
  writeApiKeysFile(
    file,
    specs.map((spec) => {
      const { key, hash } = generateApiKey();
      keys[spec.name] = key;
      return { ...spec, hash };
    }),
  );
  const gw = await startTestGateway({ env: { API_KEYS_FILE: file, ORDERS_ENABLED: "true", ...env } });
  const base = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    gw,
    base,
    keys,
    async close() {
      await gw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends a request to the gateway as `key` would (outside the browser), answering the parsed body. */
export async function call(d: DashboardGateway, key: string, method: "GET" | "POST", path: string, body?: unknown) {
  const res = await fetch(d.base + path, {
    method,
    headers: { "X-API-Key": key, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions, not types, describe these bodies
  return { status: res.status, body: (text === "" ? null : JSON.parse(text)) as any };
}

/** Opens /ui and logs in with `key`; collects Content-Security-Policy violations into the returned list. */
export async function login(browser: Browser, d: DashboardGateway, key: string, loginShot?: string) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction("__cspViolation", (text: string) => violations.push(text));
  await page.addInitScript({
    content:
      'document.addEventListener("securitypolicyviolation", (e) => ' +
      'window.__cspViolation(e.violatedDirective + " " + e.blockedURI));',
  });
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${d.base}/ui`);
  await page.getByLabel("API key").fill(key);
  if (loginShot !== undefined) await screenshot(page, loginShot);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("navigation", { name: "Views" }).waitFor();
  return { page, violations, errors, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Goes to a view through its navigation link, as a person would. */
export async function openView(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: label, exact: true }).click();
  await page.getByRole("heading", { level: 2, name: label }).waitFor();
}
