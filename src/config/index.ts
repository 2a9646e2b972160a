// Public surface of the configuration layer. Only this folder reads process.env.
export {
  loadConfig,
  formatProblems,
  LIVE_DEFAULT_MAX_ORDER_NOTIONAL,
  requestsLiveTrading,
  type LoadOptions,
} from "./load.js";
export { loadMcpConfig, type McpConfig, type McpConfigResult } from "./mcp.js";
export { isLoopbackHost, parseLogLevel, LOG_LEVELS, type LogLevel, type LogFormat } from "./parsers.js";
export { expandPath } from "./paths.js";
export { MIN_API_KEY_LENGTH } from "./http-edge.js";
export {
  API_KEY_NAME,
  API_KEY_SCOPES,
  generateApiKey,
  matchApiKey,
  readApiKeysFile,
  writeApiKeysFile,
  type ApiKeyLimits,
  type ApiKeyRecord,
  type ApiKeyScope,
} from "./api-keys.js";
export type {
  ConfigOverrides,
  HttpEdgeConfig,
  ConfigResult,
  GatewayConfig,
  RiskLimits,
  RunMode,
  TradingMode,
} from "./types.js";
