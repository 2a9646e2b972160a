// MCP tool results: a success carries the JSON object as structuredContent and as one text item;
// an error is `isError` with the text `[<CODE>] <message>` (plus ` - <details JSON>`) and {code, message, details}.
// This file formats results; it decides no codes except for failures that are not gateway errors.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { GatewayError } from "../domain/index.js";

/**
 * A failed tool call. Codes are the gateway's (passed through) plus the MCP-only ones
 * (API_UNREACHABLE, RATE_LIMITED), hence a plain string rather than the gateway's ErrorCode.
 */
export class McpToolError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "McpToolError";
    this.code = code;
    this.details = details;
  }
}

/** Whatever a tool call threw, as an McpToolError; gateway errors keep their code, message and details. */
export function toToolError(error: unknown): McpToolError {
  if (error instanceof McpToolError) return error;
  if (error instanceof GatewayError) return new McpToolError(error.code, error.message, error.details ?? {}, error);
  const name = error instanceof Error ? error.name : "Error";
  const text = error instanceof Error ? error.message : String(error);
  return new McpToolError("INTERNAL_ERROR", `Unexpected error: ${name}: ${text}`, {}, error);
}

export function successResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

export function errorResult(error: McpToolError): CallToolResult {
  const hasDetails = Object.keys(error.details).length > 0;
  const text = `[${error.code}] ${error.message}${hasDetails ? ` - ${JSON.stringify(error.details)}` : ""}`;
  return {
    isError: true,
    content: [{ type: "text", text }],
    structuredContent: { code: error.code, message: error.message, details: error.details },
  };
}
