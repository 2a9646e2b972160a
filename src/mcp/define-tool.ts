// How an MCP tool is declared: parameters (a zod shape, advertised as JSON Schema), annotations, the gateway
// operations it uses and how it turns validated arguments into gateway calls. Argument validation lives here so
// that invalid arguments give the contract's `[VALIDATION_ERROR]` naming the parameter.
import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { splitUnknownFields, strictObject } from "../domain/index.js";
import type { GatewayCall, OperationName } from "./gateway-call.js";
import { McpToolError } from "./tool-result.js";

export type CallGateway = (call: GatewayCall) => Promise<unknown>;
export type ToolOutput = Record<string, unknown>;

export interface McpTool {
  readonly name: string;
  /** The gateway operations this tool performs. */
  readonly operations: readonly OperationName[];
  readonly description: string;
  readonly annotations: ToolAnnotations;
  readonly inputSchema: Tool["inputSchema"];
  /** Validates the raw arguments, then performs the tool's gateway calls. Throws McpToolError. */
  execute(raw: Record<string, unknown> | undefined, call: CallGateway): Promise<ToolOutput>;
}

export interface ToolSpec<S extends z.ZodRawShape> {
  name: string;
  operations: readonly OperationName[];
  description: string;
  annotations: ToolAnnotations;
  params: S;
  /** Runs before validation on the raw arguments (place_order's confirmation check); throws McpToolError. */
  guard?: (raw: Record<string, unknown>) => void;
  run(args: z.output<z.ZodObject<S>>, call: CallGateway): Promise<ToolOutput>;
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

export function defineTool<S extends z.ZodRawShape>(spec: ToolSpec<S>): McpTool {
  // Unknown arguments are refused (naming the parameter meant), never dropped: a misspelt `time_in_force` must not
  // become the default time in force.
  const schema = strictObject(spec.params, "parameter");
  const { $schema: _ignored, ...inputSchema } = z.toJSONSchema(schema, { io: "input" });
  return {
    name: spec.name,
    operations: spec.operations,
    description: spec.description,
    annotations: spec.annotations,
    inputSchema: inputSchema as Tool["inputSchema"],
    async execute(raw, call) {
      // Models often send null or "" for "not given"; both mean the same as leaving the parameter out.
      const given = Object.fromEntries(Object.entries(raw ?? {}).filter(([, v]) => v !== null && v !== ""));
      spec.guard?.(given);
      const parsed = schema.safeParse(given);
      if (!parsed.success) throw validationError(parsed.error.issues, given);
      return spec.run(parsed.data, call);
    },
  };
}

function validationError(issues: readonly z.core.$ZodIssue[], given: Record<string, unknown>): McpToolError {
  const nameOf = (issue: z.core.$ZodIssue) => (issue.path.length > 0 ? issue.path.join(".") : "arguments");
  const names: string[] = [];
  const parts = issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const unknown = splitUnknownFields(issue.keys, issue.message);
      names.push(...unknown.map((u) => u.key));
      return unknown.map((u) => `Invalid parameter '${u.key}': ${u.message}`);
    }
    names.push(nameOf(issue));
    const key = issue.path.length === 1 ? String(issue.path[0]) : undefined;
    const missing = key !== undefined && given[key] === undefined;
    return [missing ? `Parameter '${key}' is required` : `Invalid parameter '${nameOf(issue)}': ${issue.message}`];
  });
  return new McpToolError("VALIDATION_ERROR", parts.join("; "), { parameters: [...new Set(names)] });
}
