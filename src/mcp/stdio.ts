#!/usr/bin/env node
// Entry point of the `ibkr-mcp` binary: the MCP server over stdio, a thin client of the gateway's REST API
// While it serves, stdout carries nothing but JSON-RPC; logs and problems go to stderr.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { formatProblems, loadMcpConfig } from "../config/index.js";
import { VERSION } from "../domain/index.js";
import { createLogger, registerSecret } from "../obs/index.js";
import { createRestBackend } from "./rest-backend.js";
import { createRestChanges } from "./rest-changes.js";
import { createRestQuotes } from "./rest-quotes.js";
import { createMcpServer } from "./server.js";

const USAGE = `ibkr-mcp ${VERSION} - MCP server (stdio) for the IBKR Gateway REST API

Usage: ibkr-mcp [--help] [--version]

Started by an MCP client (Claude Desktop, Claude Code, ...), it speaks MCP JSON-RPC on stdin/stdout and calls
the gateway's REST API for every tool and resource. Subscribed resources are watched through the gateway's
GET /events stream, subscribed quotes through its GET /stream quotes topic (read once a second when the gateway
does not serve it). Logs go to stderr.

Environment:
  IBKR_API_URL          gateway REST API (default http://127.0.0.1:8000)
  API_KEY               sent as X-API-Key when the gateway requires a key
  MCP_REQUEST_TIMEOUT   seconds to wait for each REST call (default 60)
  LOG_LEVEL, LOG_FORMAT log level (INFO) and format (json|text) of the stderr log
`;

async function main(args: readonly string[]): Promise<number | undefined> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.includes("--version")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(`ibkr-mcp: unknown argument '${args[0]}'\n\n${USAGE}`);
    return 2;
  }
  const loaded = loadMcpConfig();
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems)}\n`);
    return 1;
  }
  const config = loaded.config;
  registerSecret(config.apiKey ?? undefined);
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    destination: "stderr",
    name: "ibkr-mcp",
  });
  const server = createMcpServer({
    backend: createRestBackend({ ...config, logger }),
    changes: createRestChanges({ ...config, logger }),
    quotes: createRestQuotes({ ...config, logger }),
    logger,
  });
  await server.connect(new StdioServerTransport());
  // The client closed stdin: stop, including the gateway event stream that subscriptions keep open.
  process.stdin.once("end", () => void server.close());
  logger.info("ibkr-mcp serving on stdio", { api_url: config.apiUrl, version: VERSION });
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ibkr-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
