// Public surface of the MCP layer: the server factory and tool table, and the /mcp endpoint handler the REST app
// mounts. The stdio entry (stdio.ts) is a binary, not part of this surface.
export { createMcpServer, INSTRUCTIONS, SERVER_NAME, type McpServerOptions } from "./server.js";
export { TOOLS, CONFIRMATION_MISSING_MESSAGE } from "./tools.js";
export type { McpTool } from "./define-tool.js";
export {
  handleMcpPost,
  handleMcpSession,
  sessionIdOf,
  type McpHttpRequest,
  type McpHttpResponse,
} from "./http-endpoint.js";
export { McpSessions } from "./http-sessions.js";
export {
  GatewayStreamError,
  openGatewayEvents,
  type GatewayEnvelope,
  type GatewayEvents,
  type GatewayEventsOptions,
  type LinkStatus,
} from "./gateway-events.js";
