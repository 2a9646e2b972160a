// Server-level bounds and the answers given before Fastify sees a request: timeouts for headers, the whole request
// and idle keep-alive, the connection cap, and the error envelope for what Node's HTTP parser or Fastify's router
// reject (malformed requests, oversized headers, bad URLs, overlong path parameters).
import type { Socket } from "node:net";
import { STATUS_CODES, type Server } from "node:http";
import type { FastifyError, FastifyHttpOptions, FastifyReply, FastifyRequest } from "fastify";
import type { HttpEdgeConfig } from "../config/index.js";
import { GatewayError } from "../domain/index.js";

/** How often Node checks header and request timeouts; a slow client is closed within this much of its limit. */
const TIMEOUT_CHECK_MS = 1000;

/** The envelope for an error raised on the raw socket (no request object exists yet). */
export function clientErrorAnswer(code: string | undefined): GatewayError {
  switch (code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new GatewayError("REQUEST_TIMEOUT", "The request did not arrive in time");
    case "HPE_HEADER_OVERFLOW":
      return new GatewayError("BAD_REQUEST", "Request headers too large", { status: 431 });
    default:
      return new GatewayError("BAD_REQUEST", "Malformed HTTP request");
  }
}

function writeClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const answer = clientErrorAnswer(err.code);
  const body = JSON.stringify(answer.toEnvelope());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? "Error"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify's router errors (bad percent-encoding, a path parameter over maxParamLength) as envelopes. */
export function frameworkErrorAnswer(error: FastifyError): GatewayError {
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return new GatewayError("BAD_REQUEST", "URL path parameter too long", { status: 414 });
  }
  return new GatewayError("BAD_REQUEST", "Malformed URL");
}

/** Server options of the app: limits from HttpEdgeConfig and the two raw error handlers. */
export function serverOptions(http: HttpEdgeConfig, bodyLimit: number): FastifyHttpOptions<Server> {
  return {
    logger: false,
    bodyLimit,
    requestTimeout: http.bodyTimeoutSec * 1000,
    keepAliveTimeout: http.keepAliveTimeoutSec * 1000,
    http: {
      // A request without Host reaches the edge, which answers it with the envelope (403 FORBIDDEN_HOST).
      requireHostHeader: false,
      headersTimeout: http.headersTimeoutSec * 1000,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, http.headersTimeoutSec * 500),
    },
    clientErrorHandler: writeClientError,
    frameworkErrors: (error: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const answer = frameworkErrorAnswer(error);
      void reply.status(answer.status).send(answer.toEnvelope());
    },
  };
}
