// /openapi.json as a Swagger user meets it, on the real app with the simulator: every operation route has an example
// request that the gateway answers without an error, described fields, and its error answers with their codes.
// `GET /` leads to the Swagger page.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import type { Body } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

interface Operation {
  method: string;
  path: string;
  spec: Body;
}

async function openapi(g: TestGateway): Promise<Body> {
  const res = await g.app.inject({ url: "/openapi.json" });
  expect(res.statusCode).toBe(200);
  return res.json();
}

function operations(doc: Body): Operation[] {
  const found: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Body>>)) {
    if (path === "/mcp" || path.startsWith("/metrics")) continue;
    for (const [method, spec] of Object.entries(methods)) found.push({ method: method.toUpperCase(), path, spec });
  }
  return found;
}

/** The request a Swagger user sends with the documented example: the body, or the parameters' examples. */
function exampleRequest(op: Operation): { url: string; payload?: unknown } {
  const body = op.spec.requestBody?.content?.["application/json"]?.example;
  let url = op.path;
  const query: string[] = [];
  for (const p of (op.spec.parameters ?? []) as Body[]) {
    const value = p.example ?? p.schema?.examples?.[0];
    expect(value, `${op.method} ${op.path} parameter ${p.name} has an example`).toBeDefined();
    if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else query.push(`${p.name}=${encodeURIComponent(String(value))}`);
  }
  if (query.length > 0) url += `?${query.join("&")}`;
  return body === undefined ? { url } : { url, payload: body };
}

async function send(g: TestGateway, op: Operation, extra: Record<string, unknown> = {}) {
  const { url, payload } = exampleRequest(op);
  const body = payload === undefined ? undefined : { ...(payload as object), ...extra };
  const res = await g.app.inject({
    method: op.method as "GET" | "POST",
    url,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { payload: body }),
  });
  return { status: res.statusCode, body: res.json() };
}

describe("the OpenAPI document", () => {
  it("gives every route an example the simulator answers without an error", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    // The streams answer with a stream that does not end (test/api/stream covers them); the approval routes need
    // an order waiting for approval (test/approvals sends their examples).
    const ops = operations(await openapi(gw)).filter(
      (op) => !op.spec.tags?.includes("streaming") && !op.spec.tags?.includes("approvals"),
    );
    const byKey = new Map(ops.map((op) => [`${op.method} ${op.path}`, op]));
    expect(byKey.size).toBeGreaterThanOrEqual(15);
    for (const op of ops) {
      if (op.method === "POST" && !op.path.includes("{")) {
        expect(op.spec.requestBody?.content?.["application/json"]?.example, `${op.path} example`).toBeDefined();
      }
    }
    // Orders first, so the order id of the status and cancel examples exists; the kill switch last.
    const preview = await send(gw, byKey.get("POST /orders/preview")!);
    expect(preview.status).toBe(200);
    const place = await send(gw, byKey.get("POST /orders")!, { confirmationToken: preview.body.confirmationToken });
    expect(place.status).toBe(200);
    expect(place.body.status).toBe("ACCEPTED");
    const order = [...byKey.keys()].filter((k) => k.includes("{order_id}"));
    const rest = [...byKey.keys()].filter((k) => !k.startsWith("POST /orders") && !k.includes("{order_id}"));
    for (const key of [...order, ...rest.filter((k) => k !== "POST /admin/kill-switch"), "POST /admin/kill-switch"]) {
      const res = await send(gw, byKey.get(key)!);
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(200);
      if (key === "POST /orders/{order_id}/cancel") expect(res.body.status).toBe("CANCELLED");
    }
  });

  it("answers the POST /orders example with SIMULATED when orders are disabled (the default)", async () => {
    gw = await startTestGateway();
    const place = operations(await openapi(gw)).find((op) => op.method === "POST" && op.path === "/orders")!;
    const res = await send(gw, place);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("SIMULATED");
  });

  it("describes every body field and lists each route's error answers with their codes", async () => {
    gw = await startTestGateway();
    const ops = operations(await openapi(gw));
    for (const op of ops) {
      const schema = op.spec.requestBody?.content?.["application/json"]?.schema;
      for (const [name, field] of Object.entries((schema?.properties ?? {}) as Record<string, Body>)) {
        expect(field.description ?? "", `${op.method} ${op.path} ${name}`).toMatch(/\w{3}/);
      }
      for (const p of (op.spec.parameters ?? []) as Body[])
        expect(p.description ?? "", `${op.path} ${p.name}`).toMatch(/\w{3}/);
      const errors = Object.entries(op.spec.responses as Record<string, Body>).filter(([s]) => Number(s) >= 400);
      expect(errors.length, `${op.method} ${op.path}`).toBeGreaterThan(0);
      for (const [status, answer] of errors) {
        expect(answer.description ?? "", `${op.path} ${status}`).toMatch(/^[A-Z_]+: /);
        expect(answer.content["application/json"].example.error_code).toMatch(/^[A-Z_]+$/);
      }
    }
    const place = ops.find((op) => op.method === "POST" && op.path === "/orders")!;
    expect(place.spec.responses["400"].description).toContain("CONFIRMATION_REQUIRED: ");
    expect(place.spec.responses["422"].description).toContain("VALIDATION_ERROR: ");
    const tif = place.spec.requestBody.content["application/json"].schema.properties.tif;
    expect(tif.description).toContain("DAY (default)");
  });
});

describe("GET /", () => {
  it("redirects to the Swagger page, also when an API key is set", async () => {
    gw = await startTestGateway({ env: { API_KEY: "k".repeat(32) } });
    const res = await gw.app.inject({ url: "/" });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/docs");
  });
});
