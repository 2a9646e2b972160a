#!/usr/bin/env node
// Entry point of the `ibkr-mcp` binary (stdio MCP server). Stdout is reserved for MCP JSON-RPC frames, so every
// human-readable line goes to stderr.
process.stderr.write("ibkr-mcp: the MCP stdio server is not available in this version yet\n");
process.exit(1);
