// Seeded request generators for the HTTP fuzzer: from the routes of /openapi.json, /mcp and unknown paths, each
// request is a valid-looking call bent in one random way (path, query, body, numbers, content type, headers,
// method, Host, Origin). Pure: the same seed gives the same requests.

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

const ODD_SEGMENTS = [
  "0",
  "-1",
  "999999999999999999999",
  "1e309",
  "%00",
  "%E0%A4%A",
  "..",
  "%2e%2e",
  "a".repeat(101),
  "9".repeat(400),
  "%F0%9F%92%A9",
  "AAPL",
  "null",
  "%27%20OR%201%3D1",
  "%3Cscript%3E",
  "%25",
  "~",
  "()",
];
// Infinity is sent as the literal 1e309 (see toJson): JSON numbers that overflow a double.
const ODD_NUMBERS = [0, -1, Infinity, -Infinity, 1e303, 5e-324, 2 ** 53 + 1, 0.1 + 0.2, -0, 123456789.125];
const ODD_VALUES = [null, true, "", "x".repeat(10_000), [], {}, "AAPL", "1", ["AAPL"], { nested: { deep: [1] } }];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/JSON",
  "",
  "application/json-patch+json",
];
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const UNKNOWN_PATHS = [
  "/",
  "/nope",
  "/orders/",
  "//orders",
  "/orders/1/cancel/extra",
  "/docs/static/../..",
  "/docs/static/%2e%2e/x",
  "/admin",
  "/metrics/",
  "/openapi.yaml",
  "/mcp/x",
  "/%",
  "/health?%zz",
  "/orders/%C0%AE%C0%AE/status",
];

/** An example value for a JSON schema (loosely: enough to get past the first field). */
export function example(rnd, schema, depth = 0) {
  if (!schema || depth > 4) return null;
  if (schema.enum) return pick(rnd, schema.enum);
  if (schema.const !== undefined) return schema.const;
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return example(rnd, pick(rnd, choices), depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const out = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(k) || rnd() < 0.5) out[k] = example(rnd, v, depth + 1);
      }
      return out;
    }
    case "array":
      return [example(rnd, schema.items, depth + 1)];
    case "integer":
      return Math.floor(rnd() * 100) + 1;
    case "number":
      return Math.round(rnd() * 20000) / 100 + 1;
    case "boolean":
      return rnd() < 0.5;
    case "string":
      return pick(rnd, ["AAPL", "MSFT", "STK", "USD", "SMART", "x"]);
    default:
      return null;
  }
}

/** Replaces one random leaf (or the whole value) with an odd value or number. */
function bend(rnd, value) {
  if (value === null || typeof value !== "object" || rnd() < 0.15) {
    return rnd() < 0.5 ? pick(rnd, ODD_NUMBERS) : pick(rnd, ODD_VALUES);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return { [pick(rnd, ["x", "__proto__", "constructor"])]: pick(rnd, ODD_VALUES) };
  const copy = Array.isArray(value) ? [...value] : { ...value };
  const key = pick(rnd, keys);
  copy[key] = bend(rnd, copy[key]);
  return copy;
}

/** JSON text of `value`, with numbers JSON cannot express (Infinity) written as overflowing literals. */
function toJson(value) {
  return JSON.stringify(value, (_k, v) => (v === Infinity ? "__INF__" : v === -Infinity ? "__NINF__" : v))
    .replaceAll('"__INF__"', "1e309")
    .replaceAll('"__NINF__"', "-1e309");
}

function fillPath(rnd, template) {
  return template.replace(/\{[^}]+\}/g, () =>
    rnd() < 0.5 ? String(Math.floor(rnd() * 2e6)) : pick(rnd, ODD_SEGMENTS),
  );
}

/** Routes of an OpenAPI document: method, path template, body schema and query parameters. */
export function routesOf(openapi) {
  const routes = [];
  for (const [path, ops] of Object.entries(openapi.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      // Event streams answer with a stream that does not end; their own tests cover them.
      if (op.tags?.includes("streaming")) continue;
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      routes.push({ method: method.toUpperCase(), path, body, query });
    }
  }
  return routes;
}

const MCP_BODIES = [
  '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_quote","arguments":{"symbol":1e309}}}',
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope","arguments":{}}}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"1.0"}',
  "[]",
  "{",
];

/** One request: {method, path, headers, body}. `host` is the Host the server accepts. */
export function makeRequest(rnd, routes, host) {
  const roll = rnd();
  const headers = { host, "content-type": "application/json" };
  let method;
  let path;
  let body;
  if (roll < 0.08) {
    method = pick(rnd, METHODS);
    path = pick(rnd, UNKNOWN_PATHS);
  } else if (roll < 0.16) {
    method = "POST";
    path = "/mcp";
    headers.accept = "application/json, text/event-stream";
    body = pick(rnd, MCP_BODIES);
  } else {
    const route = pick(rnd, routes);
    method = route.method;
    path = fillPath(rnd, route.path);
    if (route.body) body = toJson(rnd() < 0.6 ? bend(rnd, example(rnd, route.body)) : example(rnd, route.body));
    if (route.query.length > 0 && rnd() < 0.5) path += `?${pick(rnd, route.query)}=${pick(rnd, ODD_SEGMENTS)}`;
  }
  const twist = rnd();
  if (twist < 0.08) headers["content-type"] = pick(rnd, CONTENT_TYPES);
  else if (twist < 0.12) delete headers["content-type"];
  else if (twist < 0.16 && body !== undefined) body = body.slice(0, Math.floor(rnd() * body.length));
  else if (twist < 0.19) headers.host = pick(rnd, ["evil.example", "127.0.0.1.evil.example:80", "[::1", ""]);
  else if (twist < 0.22) headers.origin = pick(rnd, ["https://evil.example", "null", "http://localhost:1", "x"]);
  else if (twist < 0.25) method = pick(rnd, METHODS);
  else if (twist < 0.27) headers["x-correlation-id"] = pick(rnd, ODD_SEGMENTS);
  else if (twist < 0.29) body = "x".repeat(1_100_000);
  return { method, path, headers, body };
}
