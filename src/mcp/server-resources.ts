// The resource half of the MCP server: resources/list, resources/templates/list, resources/read and
// resources/subscribe|unsubscribe, with `notifications/resources/updated` from a ChangeFeed (durable events) and
// from polling subscribed quotes once a second. Reading goes through the backend like a tool call, so a key without
// the `read` scope is refused; subscribing reads the resource once, so it is refused the same way.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../obs/index.js";
import type { GatewayBackend } from "./gateway-call.js";
import { SubscriptionBook, type ChangeFeed } from "./resource-events.js";
import type { QuoteFeed } from "./rest-quotes.js";
import {
  FIXED_RESOURCES,
  parseResourceUri,
  quoteUri,
  readCall,
  RESOURCE_MIME_TYPE,
  RESOURCE_TEMPLATES,
  type ResourceRef,
} from "./resources.js";
import { toToolError } from "./tool-result.js";

/** How often subscribed quotes are read to see whether they changed. */
export const QUOTE_POLL_MS = 1000;

/** JSON-RPC code the MCP specification gives an unknown resource. */
const RESOURCE_NOT_FOUND = -32002;
const NOT_FOUND_CODES = new Set(["ORDER_NOT_FOUND", "ACCOUNT_NOT_FOUND", "CONTRACT_NOT_FOUND", "NOT_FOUND"]);

export interface ResourceOptions {
  /** The backend for a request (the HTTP session mode passes each request's caller in `extra`). */
  backendFor: (extra: unknown) => GatewayBackend;
  logger: Logger;
  /** Durable gateway events; without it the server offers no subscriptions. */
  changes?: ChangeFeed;
  /** Quote changes (ibkr-mcp: the gateway's quotes topic); without it subscribed quotes are read once a second. */
  quotes?: QuoteFeed;
  /** Decides when an update notification goes out (HTTP sessions hold them until GET /mcp is open); default now. */
  deliverUpdate?: (uri: string, send: () => void) => void;
}

/** Registers the resource handlers; returns a function that stops the server's subscriptions. */
export function installResources(server: Server, options: ResourceOptions): () => void {
  server.setRequestHandler(ListResourcesRequestSchema, () => ({
    resources: FIXED_RESOURCES.map((r) => ({ ...r, mimeType: RESOURCE_MIME_TYPE })),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: RESOURCE_TEMPLATES.map((t) => ({ ...t, mimeType: RESOURCE_MIME_TYPE })),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    const value = await readResource(options.backendFor(extra), refOf(uri), extra.signal);
    return { contents: [{ uri, mimeType: RESOURCE_MIME_TYPE, text: JSON.stringify(value) }] };
  });
  if (options.changes === undefined) return () => undefined;
  const live = new LiveResources(server, options);
  server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    const backend = options.backendFor(extra);
    const value = await readResource(backend, refOf(uri), extra.signal);
    live.subscribe(uri, backend, value);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    live.unsubscribe(request.params.uri);
    return {};
  });
  return () => live.close();
}

function refOf(uri: string): ResourceRef {
  const ref = parseResourceUri(uri);
  if (ref === null) throw new McpError(RESOURCE_NOT_FOUND, `Unknown resource: ${uri.slice(0, 200)}`, { uri });
  return ref;
}

/** Reads a resource as its JSON answer; failures become JSON-RPC errors carrying the gateway's code. */
async function readResource(backend: GatewayBackend, ref: ResourceRef, signal?: AbortSignal): Promise<unknown> {
  try {
    const value = await backend.call(readCall(ref), signal);
    if (ref.kind === "open-orders" && Array.isArray(value)) return { orders: value, count: value.length };
    return value;
  } catch (error) {
    const failure = toToolError(error);
    const code = NOT_FOUND_CODES.has(failure.code)
      ? RESOURCE_NOT_FOUND
      : failure.code === "INTERNAL_ERROR"
        ? ErrorCode.InternalError
        : ErrorCode.InvalidRequest;
    throw new McpError(code, `[${failure.code}] ${failure.message}`, {
      code: failure.code,
      details: failure.details,
    });
  }
}

/**
 * The subscriptions of one server: events while any is held, and per subscribed quote either the quote feed or,
 * without one or when the gateway refuses it, a read once a second.
 */
class LiveResources {
  private readonly book: SubscriptionBook;
  private stopFeed: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;
  private polling = false;
  private backend: GatewayBackend | null = null;
  /** Symbol → the last quote read (prices and sizes), for symbols followed by reading. */
  private readonly polled = new Map<string, string>();
  /** Canonical quote URI → what stops following it. */
  private readonly quoteStops = new Map<string, () => void>();
  private readonly changes: ChangeFeed;

  constructor(
    server: Server,
    private readonly options: ResourceOptions,
  ) {
    this.changes = options.changes!;
    const deliver = options.deliverUpdate ?? ((_uri, send) => send());
    const send = (uri: string) =>
      server.sendResourceUpdated({ uri }).catch((error: unknown) => {
        options.logger.debug("Resource notification not sent", { uri, error: String(error) });
      });
    this.book = new SubscriptionBook((uri) => deliver(uri, () => void send(uri)));
  }

  /** `value`: the resource as read just now (a quote's baseline). */
  subscribe(uri: string, backend: GatewayBackend, value: unknown): void {
    this.book.add(uri);
    this.backend = backend;
    this.stopFeed ??= this.changes.watch((event) => this.book.onEvent(event));
    const ref = parseResourceUri(uri);
    if (ref?.kind !== "quote") return;
    const key = quoteUri(ref.symbol);
    if (!this.quoteStops.has(key)) this.quoteStops.set(key, this.followQuote(ref.symbol, priceText(value)));
  }

  unsubscribe(uri: string): void {
    this.book.remove(uri);
    const ref = parseResourceUri(uri);
    if (ref?.kind === "quote") {
      const key = quoteUri(ref.symbol);
      this.quoteStops.get(key)?.();
      this.quoteStops.delete(key);
    }
    if (this.book.size === 0) this.stopEvents();
  }

  close(): void {
    this.book.clear();
    for (const stop of this.quoteStops.values()) stop();
    this.quoteStops.clear();
    this.stopEvents();
  }

  private stopEvents(): void {
    this.stopFeed?.();
    this.stopFeed = null;
  }

  private followQuote(symbol: string, baseline: string): () => void {
    const feed = this.options.quotes;
    if (feed === undefined) return this.pollQuote(symbol, baseline);
    let stopPolling: (() => void) | null = null;
    const stopFeed = feed.watch(symbol, {
      onUpdate: () => this.book.changed(quoteUri(symbol)),
      onUnavailable: (reason) => {
        this.options.logger.info("Quote stream unavailable; reading the quote once a second", { symbol, reason });
        stopPolling ??= this.pollQuote(symbol, baseline);
      },
    });
    return () => {
      stopFeed();
      stopPolling?.();
    };
  }

  private pollQuote(symbol: string, baseline: string): () => void {
    this.polled.set(symbol, baseline);
    if (this.poll === null) {
      this.poll = setInterval(() => void this.pollQuotes(), QUOTE_POLL_MS);
      this.poll.unref();
    }
    return () => {
      this.polled.delete(symbol);
      if (this.polled.size > 0 || this.poll === null) return;
      clearInterval(this.poll);
      this.poll = null;
    };
  }

  /** Reads each polled quote; a changed price, size or volume is a change (its times are not). */
  private async pollQuotes(): Promise<void> {
    const backend = this.backend;
    if (this.polling || backend === null) return;
    this.polling = true;
    try {
      for (const symbol of [...this.polled.keys()]) {
        const quote = await readResource(backend, { kind: "quote", symbol }).catch(() => null);
        if (quote === null || !this.polled.has(symbol)) continue;
        const text = priceText(quote);
        const before = this.polled.get(symbol);
        this.polled.set(symbol, text);
        if (before !== text) this.book.changed(quoteUri(symbol));
      }
    } finally {
      this.polling = false;
    }
  }
}

const PRICE_FIELDS = ["bid", "ask", "last", "bidSize", "askSize", "lastSize", "volume"];

/** What counts as a quote's change: its prices, sizes and volume. */
function priceText(quote: unknown): string {
  const fields = (quote ?? {}) as Record<string, unknown>;
  return JSON.stringify(PRICE_FIELDS.map((name) => fields[name] ?? null));
}
