// The product version reported by /health, the MCP server and the CLI (kept equal to package.json by a test).
export const VERSION = "0.1.0";
