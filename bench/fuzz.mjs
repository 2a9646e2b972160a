// `npm run fuzz -- --requests N --seed S [--url URL] [--api-key K] [--out FILE]`: seeded HTTP fuzzing of every
// route in /openapi.json plus /mcp and unknown paths. Without --url it starts the gateway with its embedded
// simulator in a temporary directory. Prints a status histogram, writes JSON, and exits 1 on any 5xx, any error
// body outside /mcp that is not the envelope {error_code, message, details?}, or a server that is dead afterwards.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { baseEnv, spawnNode, stopChild } from "./lib/child.mjs";
import { makeRequest, prng, routesOf } from "./lib/fuzz-cases.mjs";
import { printTable } from "./lib/table.mjs";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_REPORTED_FAILURES = 50;

function parseArgs(argv) {
  const opts = { requests: 1000, seed: 1, url: undefined, apiKey: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === "--help" || name === "-h") {
      console.log("usage: npm run fuzz -- [--requests N] [--seed S] [--url URL] [--api-key KEY] [--out FILE]");
      process.exit(0);
    }
    if (!["--requests", "--seed", "--url", "--api-key", "--out"].includes(name) || value === undefined) {
      console.error(`unknown or incomplete option: ${name}`);
      process.exit(2);
    }
    i++;
    if (name === "--requests" || name === "--seed") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (name === "--seed" ? 0 : 1) || n > 1_000_000) {
        console.error(`${name} must be an integer${name === "--seed" ? "" : " from 1 to 1000000"}, got '${value}'`);
        process.exit(2);
      }
      opts[name.slice(2)] = n;
    } else opts[name === "--api-key" ? "apiKey" : name.slice(2)] = value;
  }
  return opts;
}

function send(base, req, agent) {
  const url = new URL(base);
  return new Promise((resolve) => {
    const r = request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => resolve({ status: 0, body: String(e) }));
      },
    );
    r.setTimeout(REQUEST_TIMEOUT_MS, () => r.destroy(new Error("no answer in time")));
    r.on("error", (e) => resolve({ status: 0, body: e.message }));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

function isEnvelope(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const keys = Object.keys(body).sort().join(",");
  const shapeOk = keys === "error_code,message" || keys === "details,error_code,message";
  return shapeOk && typeof body.error_code === "string" && typeof body.message === "string";
}

/** Why a response breaks the contract, or null. Status 0 = the connection failed or the server closed it. */
function problemOf(req, res) {
  if (res.status >= 500) return "5xx";
  const onMcp = req.path === "/mcp" || req.path.startsWith("/mcp?");
  if (res.status >= 400 && !onMcp && req.method !== "HEAD" && !isEnvelope(res.body)) return "not an envelope";
  return null;
}

async function startEmbeddedGateway(dir) {
  const { child, match } = await spawnNode([BIN, "--simulate", "start-api", "--port", "0"], {
    name: "gateway",
    cwd: dir,
    env: { ...baseEnv(), AUDIT_DB_PATH: join(dir, "audit.db"), KILL_SWITCH_FILE: join(dir, "KILL_SWITCH") },
    ready: /Health\s+(http:\/\/127\.0\.0\.1:\d+)\/health/,
  });
  return { base: match[1], stop: () => stopChild(child) };
}

async function fuzz(base, opts) {
  const host = new URL(base).host;
  const auth = opts.apiKey ? { "x-api-key": opts.apiKey } : {};
  const openapi = JSON.parse(
    (await send(base, { method: "GET", path: "/openapi.json", headers: { host, ...auth } })).body,
  );
  const routes = routesOf(openapi);
  const rnd = prng(opts.seed);
  const requests = Array.from({ length: opts.requests }, () => makeRequest(rnd, routes, host));
  for (const req of requests) if (req.headers.host === host) Object.assign(req.headers, auth);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const histogram = {};
  const failures = [];
  const unanswered = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const req = requests[next++];
      const res = await send(base, req, agent);
      histogram[res.status] = (histogram[res.status] ?? 0) + 1;
      if (res.status === 0 && unanswered.length < 10)
        unanswered.push({ ...req, body: req.body?.slice(0, 100), error: res.body });
      const problem = problemOf(req, res);
      if (problem !== null)
        failures.push({
          problem,
          status: res.status,
          request: { ...req, body: req.body?.slice(0, 300) },
          body: res.body.slice(0, 300),
        });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  const health = await send(base, { method: "GET", path: "/health", headers: { host } });
  return { routes: routes.length, histogram, failures, unanswered, alive: health.status === 200 };
}

const opts = parseArgs(process.argv.slice(2));
const dir = opts.url ? undefined : mkdtempSync(join(tmpdir(), "fuzz-"));
const gateway = opts.url
  ? { base: opts.url.replace(/\/+$/, ""), stop: async () => {} }
  : await startEmbeddedGateway(dir);
const started = Date.now();
let result;
try {
  result = await fuzz(gateway.base, opts);
} finally {
  await gateway.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
const statuses = Object.keys(result.histogram).sort((a, b) => Number(a) - Number(b));
console.log(`Fuzzed ${opts.requests} requests (seed ${opts.seed}) over ${result.routes} routes + /mcp + unknown paths`);
printTable(
  ["status", "count"],
  statuses.map((s) => [s === "0" ? "no answer" : s, result.histogram[s]]),
  1,
);
const report = {
  seed: opts.seed,
  requests: opts.requests,
  routes: result.routes,
  elapsedMs: Date.now() - started,
  histogram: result.histogram,
  alive: result.alive,
  failureCount: result.failures.length,
  failures: result.failures.slice(0, MAX_REPORTED_FAILURES),
  /** Requests whose connection ended without an answer (e.g. a body the server refused before reading it). */
  unanswered: result.unanswered,
};
const out = opts.out ?? new URL(`results/fuzz-${opts.seed}.json`, import.meta.url).pathname;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`Results written to ${out}`);
for (const f of report.failures.slice(0, 10))
  console.log(`FAIL ${f.problem}: ${f.request.method} ${f.request.path} → ${f.status} ${f.body}`);
if (!result.alive) console.log("FAIL the server did not answer /health afterwards");
if (result.failures.length > 0 || !result.alive) process.exit(1);
