// The dashboard's HTTP surface: /ui serves the built files without a key, under a strict Content-Security-Policy
// and the Host rules of every route; GET /session tells a key its name and scopes. Runs against dist/ui, so
// `npm run build` first (the test script does).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/app.js";
import { defaultUiDir } from "../../src/api/ui-routes.js";
import { generateApiKey, writeApiKeysFile } from "../../src/config/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { closedPort } from "../operations/orders/support/orders.js";

const API_KEY = "dashboard-test-key-0123456789";
let gw: TestGateway | undefined;
let dir: string | undefined;
afterEach(async () => {
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  gw = dir = undefined;
});

const offline = async (env: Record<string, string> = {}) =>
  startTestGateway({ simulate: false, overrides: { gatewayPort: await closedPort() }, waitReady: false, env });

describe("GET /ui", () => {
  it("serves the page without a key, with the CSP and no-cache; hashed assets are cached for a year", async () => {
    gw = await offline({ API_KEY });
    const page = await gw.app.inject({ method: "GET", url: "/ui" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.body).toContain('<div id="app">');
    expect((await gw.app.inject({ method: "GET", url: "/ui/" })).body).toBe(page.body);

    const script = /src="\/ui\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await gw.app.inject({ method: "GET", url: `/ui/${script}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.body).toBe(readFileSync(join(defaultUiDir(), script!), "utf8"));
  });

  it("answers 404 for a file that is not part of the build, and keeps the Host rule", async () => {
    gw = await offline({ API_KEY });
    for (const url of ["/ui/nope.js", "/ui/assets", "/ui/assets/", "/ui/index.htm"]) {
      const res = await gw.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error_code).toBe("NOT_FOUND");
    }
    // Paths that climb out of the build never reach the file system.
    const climbs = [
      "/ui/../package.json",
      "/ui/%2e%2e/package.json",
      "/ui/assets/..%2f..%2f..%2fpackage.json",
      "/ui/%2e%2e%2f%2e%2e%2fpackage.json",
      "/ui/..%5c..%5cpackage.json",
      "/ui/index.html%00.js",
    ];
    for (const url of climbs) {
      const res = await gw.app.inject({ method: "GET", url });
      expect([400, 401, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('"name": "ibkr-gateway"');
    }
    const foreign = await gw.app.inject({ method: "GET", url: "/ui", headers: { host: "evil.example" } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error_code).toBe("FORBIDDEN_HOST");
  });

  it("says how to build the dashboard when dist/ui is missing", async () => {
    gw = await offline();
    dir = mkdtempSync(join(tmpdir(), "no-ui-"));
    const app = await buildApp({ services: gw.services, uiDir: dir });
    try {
      const res = await app.inject({ method: "GET", url: "/ui" });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        error_code: "NOT_FOUND",
        message: "The dashboard is not built: run `npm run build` (it writes dist/ui), then restart the gateway",
      });
    } finally {
      await app.close();
    }
  });
});

describe("GET /session", () => {
  it("answers the key's name and scopes, and 401 without a key", async () => {
    dir = mkdtempSync(join(tmpdir(), "session-"));
    const viewer = generateApiKey();
    writeApiKeysFile(join(dir, "keys.json"), [{ name: "viewer", scopes: ["read"], hash: viewer.hash }]);
    gw = await offline({ API_KEY, API_KEYS_FILE: join(dir, "keys.json") });
    const as = (key?: string) =>
      gw!.app.inject({ method: "GET", url: "/session", headers: key === undefined ? {} : { "x-api-key": key } });
    expect((await as(viewer.key)).json()).toEqual({ keyName: "viewer", scopes: ["read"], authRequired: true });
    expect((await as(API_KEY)).json()).toEqual({
      keyName: "API_KEY",
      scopes: ["read", "trade", "propose", "admin"],
      authRequired: true,
    });
    const missing = await as();
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error_code).toBe("UNAUTHORIZED");
  });

  it("says no key is required when the gateway has none", async () => {
    gw = await offline();
    expect((await gw.app.inject({ method: "GET", url: "/session" })).json()).toEqual({
      keyName: null,
      scopes: ["read", "trade", "propose", "admin"],
      authRequired: false,
    });
  });
});
