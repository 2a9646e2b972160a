// The one error envelope: every non-2xx answer — schema failures, bad JSON, 401, 404, 5xx, and the 4xx errors of
// Fastify and its plugins (static files) — is {error_code, message, details?}. Expected failures are
// GatewayErrors; anything else is a 500 without internals.
import type { FastifyError } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { GatewayError, splitUnknownFields } from "../domain/index.js";

const LOCATIONS: Record<string, "body" | "query" | "path"> = { body: "body", querystring: "query", params: "path" };

interface SchemaIssue {
  location: "body" | "query" | "path";
  field: string;
  message: string;
}

function schemaError(error: FastifyError): GatewayError {
  const location = LOCATIONS[error.validationContext ?? "body"] ?? "body";
  const issues: SchemaIssue[] = (error.validation ?? []).flatMap((v) => {
    const path = v.instancePath.replace(/^\//, "").split("/").filter(Boolean);
    const keys = (v.params as { keys?: unknown }).keys;
    if (v.keyword === "unrecognized_keys" && Array.isArray(keys)) {
      // One issue per unknown field, named in full (`instrument.sym`), with the field meant when one is close.
      return splitUnknownFields(keys.map(String), v.message ?? "").map((u) => ({
        location,
        field: [...path, u.key].join("."),
        message: u.message,
      }));
    }
    return [{ location, field: path.join("."), message: v.message ?? "is invalid" }];
  });
  return new GatewayError("VALIDATION_ERROR", `Request validation failed: ${issues.length} issue(s)`, {
    details: { issues },
  });
}

/** Maps whatever was thrown while serving a request to a GatewayError with the right code and status. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const fe = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) return schemaError(fe);
  switch (fe?.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new GatewayError("BAD_REQUEST", "Content-Type must be application/json", { status: 415 });
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new GatewayError("PAYLOAD_TOO_LARGE", "Request body too large");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new GatewayError("BAD_REQUEST", "Malformed JSON body: body is empty");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new GatewayError("BAD_REQUEST", `Malformed JSON body: ${fe.message}`);
  }
  if (fe instanceof SyntaxError || (fe?.statusCode === 400 && /JSON/i.test(fe.message ?? ""))) {
    return new GatewayError("BAD_REQUEST", `Malformed JSON body: ${fe.message}`);
  }
  const status = clientStatus(error);
  if (status !== undefined) return fromClientStatus(status);
  const name = error instanceof Error ? error.name : "Error";
  const text = error instanceof Error ? error.message : String(error);
  return new GatewayError("INTERNAL_ERROR", `Unexpected error: ${name}: ${text}`, { cause: error });
}

/** The 4xx status a framework or plugin error carries (`statusCode` or `status`), if any. */
function clientStatus(error: unknown): number | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  const value = typeof statusCode === "number" ? statusCode : status;
  return typeof value === "number" && value >= 400 && value < 500 ? value : undefined;
}

/** A 4xx from Fastify or a plugin in our vocabulary; a refused static path (403) is simply not found. */
function fromClientStatus(status: number): GatewayError {
  switch (status) {
    case 403:
    case 404:
      return new GatewayError("NOT_FOUND", "Not found");
    case 405:
      return new GatewayError("METHOD_NOT_ALLOWED", "Method not allowed");
    case 408:
      return new GatewayError("REQUEST_TIMEOUT", "The request did not arrive in time");
    case 413:
      return new GatewayError("PAYLOAD_TOO_LARGE", "Request body too large");
    case 414:
      return new GatewayError("BAD_REQUEST", "URL path parameter too long", { status: 414 });
    case 415:
      return new GatewayError("BAD_REQUEST", "Content-Type must be application/json", { status: 415 });
    case 431:
      return new GatewayError("BAD_REQUEST", "Request headers too large", { status: 431 });
    default:
      return new GatewayError("BAD_REQUEST", "Bad request");
  }
}
