// What every `watch` command shares: the running gateway it talks to (as `approvals`: --url, --key-file, API_KEY),
// its output (terminal view or NDJSON), plain REST reads, the gateway event stream with its link status shown, and
// running until Ctrl-C (exit 0) or a refusal that retrying cannot fix (exit 1).
import type { Command } from "commander";
import { openGatewayEvents, type GatewayEnvelope, type GatewayEvents } from "../../mcp/index.js";
import { CliExit, globalOptions, requireConfig } from "../config.js";
import { gatewayTarget, type TargetOptions } from "../gateway-client.js";
import { fail } from "../output.js";
import { ndjsonOutput, terminalOutput, watchEnvelope, type WatchOutput } from "./output.js";

export interface WatchOptions extends TargetOptions {
  json?: boolean;
}

export interface WatchSession {
  readonly apiUrl: string;
  readonly apiKey: string | null;
  readonly out: WatchOutput;
  /** GET a REST route; null (and a notice) when it fails. */
  get(path: string): Promise<unknown>;
  /** Follows durable topics; the link's ups and downs are shown and printed as `watch.*` envelopes. */
  follow(topics: readonly string[], after: number | undefined, onEvent: (e: GatewayEnvelope) => void): void;
  /** Ends the command with exit code 1 after `message`. */
  fatal(message: string): void;
  /** Runs `cleanup` when the command ends. */
  onStop(cleanup: () => void): void;
}

/** Resolves the gateway and output, runs `start`, and waits for Ctrl-C or a fatal error. */
export async function runWatch(
  command: Command,
  title: string,
  options: WatchOptions,
  start: (session: WatchSession) => void | Promise<void>,
): Promise<void> {
  const { apiUrl, apiKey } = gatewayOf(command, options);
  const json = options.json === true || globalOptions(command).json === true || process.stdout.isTTY !== true;
  const out = json ? ndjsonOutput() : terminalOutput(`${title} — ${apiUrl}`);
  const links: GatewayEvents[] = [];
  const cleanups: (() => void)[] = [];
  let finish: (code: number) => void = () => undefined;
  let ended = false;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const session: WatchSession = {
    apiUrl,
    apiKey,
    out,
    get: (path) => restGet(apiUrl, apiKey, path, out),
    follow(topics, after, onEvent) {
      links.push(
        openGatewayEvents({
          apiUrl,
          apiKey,
          topics,
          ...(after === undefined ? {} : { after }),
          onEvent: (e) => {
            out.envelope(e);
            onEvent(e);
          },
          onStatus: (s) => {
            if (s.state === "connected") {
              out.envelope(watchEnvelope("watch.connected", { url: apiUrl, resumedAfter: s.resumedAfter }));
              out.status(`connected${s.resumedAfter === null ? "" : ` (resumed after seq ${s.resumedAfter})`}`);
            } else {
              out.envelope(watchEnvelope("watch.disconnected", { reason: s.reason, retryInMs: s.retryInMs }));
              out.status(`⚠ gateway link down: ${s.reason}; retrying in ${s.retryInMs / 1000} s`);
              out.notice(`gateway link lost: ${s.reason}`);
            }
          },
          onFatal: (error) => session.fatal(error.message),
        }),
      );
    },
    fatal(message) {
      if (ended) return;
      ended = true;
      out.close();
      fail(message);
      finish(1);
    },
    onStop: (cleanup) => void cleanups.push(cleanup),
  };
  const interrupted = () => {
    ended = true;
    finish(0);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  cleanups.push(() => {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
  });
  await start(session);
  const code = await done;
  for (const link of links) link.close();
  for (const cleanup of cleanups) cleanup();
  if (code === 0) out.close();
  if (code !== 0) throw new CliExit(code);
}

/** The gateway as `approvals` finds it: --url, else API_HOST:API_PORT; the key from --key-file, else API_KEY. */
function gatewayOf(command: Command, options: WatchOptions): { apiUrl: string; apiKey: string | null } {
  if (options.url !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(options.url);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
      usageExit(`--url must be an http(s) URL, got '${options.url}'`);
    }
  }
  const target = gatewayTarget(requireConfig(command, {}, "command", { readKeysFile: false }), options);
  return { apiUrl: target.url, apiKey: target.key };
}

function usageExit(message: string): never {
  console.error(`error: ${message}`);
  throw new CliExit(2);
}

async function restGet(apiUrl: string, apiKey: string | null, path: string, out: WatchOutput): Promise<unknown> {
  const headers: Record<string, string> = apiKey === null ? {} : { "X-API-Key": apiKey };
  try {
    const response = await fetch(`${apiUrl}${path}`, { headers, signal: AbortSignal.timeout(30_000) });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.ok) return body;
    out.notice(`GET ${path}: ${String(body["error_code"])} ${String(body["message"])}`);
  } catch (error) {
    out.notice(`GET ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return null;
}
