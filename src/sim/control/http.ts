// The loopback HTTP control API over node:http: GET /state, POST /prices, /fills, /auction, /faults,
// /reset. Always bound to 127.0.0.1; JSON in and out; a bad body is 400 {"error": "<text>"}. No business logic here.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { SimControl } from "../control.js";
import { checkAuction, checkFault, checkFill, checkPrices, type Checked } from "./validate.js";

const LOOPBACK = "127.0.0.1";
const MAX_BODY_BYTES = 64 * 1024;

type Reply = { status: number; body: unknown };
type Route = (body: unknown) => Reply;

function badRequest(error: string): Reply {
  return { status: 400, body: { error } };
}

function run<T>(checked: Checked<T>, act: (value: T) => Reply): Reply {
  return checked.ok ? act(checked.value) : badRequest(checked.error);
}

function routes(control: SimControl): Record<string, Route> {
  return {
    "GET /state": () => ({ status: 200, body: control.state() }),
    "POST /prices": (body) =>
      run(checkPrices(body), (input) => {
        const quote = control.setPrices(input);
        return quote
          ? { status: 200, body: quote }
          : { status: 404, body: { error: `Unknown symbol ${input.symbol}` } };
      }),
    "POST /fills": (body) =>
      run(checkFill(body), (input) => {
        const result = control.fill(input);
        return result
          ? { status: 200, body: result }
          : { status: 404, body: { error: `No working order with permId ${input.permId}` } };
      }),
    "POST /auction": (body) =>
      run(checkAuction(body), (input) => {
        control.auction(input);
        return { status: 200, body: { ok: true } };
      }),
    "POST /faults": (body) =>
      run(checkFault(body), (input) => ({ status: 200, body: { faults: control.addFault(input) } })),
    "POST /reset": () => {
      control.reset();
      return { status: 200, body: { ok: true } };
    },
  };
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

async function handle(table: Record<string, Route>, request: IncomingMessage): Promise<Reply> {
  const path = (request.url ?? "/").split("?")[0];
  const route = table[`${request.method} ${path}`];
  if (!route) {
    const known = Object.keys(table).some((key) => key.endsWith(` ${path}`));
    return known
      ? { status: 405, body: { error: "Method not allowed" } }
      : { status: 404, body: { error: "Not found" } };
  }
  const text = await readBody(request);
  if (text === undefined) return { status: 413, body: { error: "Body too large" } };
  if (request.method === "GET" || text.trim() === "") return route(request.method === "GET" ? undefined : {});
  try {
    return route(JSON.parse(text) as unknown);
  } catch {
    return badRequest("Body is not valid JSON");
  }
}

function send(response: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

export interface ControlHttp {
  port: number;
  close(): Promise<void>;
}

/** Serves `control` on 127.0.0.1:`port` (0 = any free port); a busy port rejects with `Port <p> is already in use`. */
export function serveControl(control: SimControl, port: number, log: (line: string) => void): Promise<ControlHttp> {
  const table = routes(control);
  const server: Server = createServer((request, response) => {
    handle(table, request)
      .catch((err: unknown) => {
        log(`control API: ${err instanceof Error ? err.message : String(err)}`);
        return { status: 500, body: { error: "Internal error" } };
      })
      .then(
        (reply) => send(response, reply),
        () => response.destroy(),
      );
  });
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`Port ${port} is already in use`, { cause: err }) : err),
    );
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
