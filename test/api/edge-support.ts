// Helpers for the HTTP edge tests: the real gateway listening on 127.0.0.1:0, plain node:http requests that may
// set any Host header, and raw TCP sockets for what an HTTP client library would refuse to send.
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { startTestGateway, type TestGateway, type TestGatewayOptions } from "../support/gateway.js";

export interface Listening {
  gw: TestGateway;
  port: number;
}

export async function listenGateway(options: TestGatewayOptions = {}): Promise<Listening> {
  const gw = await startTestGateway(options);
  const address = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  return { gw, port: Number(new URL(address).port) };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export function httpRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface RawSocket {
  socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  closed: Promise<string>;
}

/** Opens a TCP connection and writes `data` (if any); `closed` resolves when the server ends it. */
export async function rawSocket(port: number, data?: string): Promise<RawSocket> {
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  const closed = new Promise<string>((resolve) => {
    socket.on("error", () => undefined);
    socket.once("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
  if (data !== undefined) socket.write(data);
  return { socket, closed };
}

/** Status code and JSON body of a raw HTTP/1.1 response text. */
export function parseRawResponse(text: string): { status: number; json: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const body = text.slice(text.indexOf("\r\n\r\n") + 4);
  try {
    return { status, json: JSON.parse(body) };
  } catch {
    return { status, json: undefined };
  }
}

/** True when `body` is exactly the error envelope `{error_code, message, details?}`. */
export function isEnvelope(body: unknown): boolean {
  if (body === null || typeof body !== "object") return false;
  const keys = Object.keys(body).sort();
  const b = body as Record<string, unknown>;
  const shape = keys.join(",") === "error_code,message" || keys.join(",") === "details,error_code,message";
  return shape && typeof b.error_code === "string" && typeof b.message === "string";
}
