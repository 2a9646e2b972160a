// A client of the gateway's GET /events (Server-Sent Events) over fetch: it reads the envelopes, remembers the last
// seq and, when the stream drops (network, gateway restart, TOO_FAR_BEHIND, no heartbeat for 45 s), reconnects with
// Last-Event-ID so that no durable event is missed or repeated. Used by `ibkr-mcp` (resource notifications) and
// by `ibkr-gateway watch`. It interprets no event; refusals that a retry cannot fix (401, 403, 404, 422) end it.

/** The envelope of docs/streaming.md. */
export interface GatewayEnvelope {
  readonly seq: number | null;
  readonly topic: string;
  readonly type: string;
  readonly time: string;
  readonly data: Record<string, unknown>;
}

export type LinkStatus =
  | { readonly state: "connected"; readonly resumedAfter: number | null }
  | { readonly state: "disconnected"; readonly reason: string; readonly retryInMs: number };

export interface GatewayEventsOptions {
  readonly apiUrl: string;
  readonly apiKey: string | null;
  readonly topics: readonly string[];
  /** Replay the events after this seq on the first connection (default: live only). */
  readonly after?: number;
  readonly onEvent: (envelope: GatewayEnvelope) => void;
  readonly onStatus?: (status: LinkStatus) => void;
  /** A refusal a retry cannot fix; the client has stopped. */
  readonly onFatal?: (error: GatewayStreamError) => void;
}

export class GatewayStreamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "GatewayStreamError";
  }
}

export interface GatewayEvents {
  /** The seq of the last durable event received, or null before the first. */
  readonly lastSeq: number | null;
  close(): void;
}

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];
/** Three missed heartbeats (the gateway sends one every 15 s). */
const SILENCE_MS = 45_000;
const FATAL_STATUSES = new Set([400, 401, 403, 404, 405, 422]);

export function openGatewayEvents(options: GatewayEventsOptions): GatewayEvents {
  const stop = new AbortController();
  const state = { lastSeq: options.after ?? null, resumed: options.after !== undefined };
  void run(options, state, stop.signal);
  return {
    get lastSeq() {
      return state.resumed ? state.lastSeq : null;
    },
    close: () => stop.abort(),
  };
}

interface LinkState {
  lastSeq: number | null;
  /** True once lastSeq is a resume point (given, or an event was received). */
  resumed: boolean;
}

async function run(options: GatewayEventsOptions, state: LinkState, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    let reason: string;
    try {
      await connectOnce(options, state, signal, () => (failures = 0));
      reason = "the gateway ended the stream";
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof GatewayStreamError && FATAL_STATUSES.has(error.status)) {
        options.onFatal?.(error);
        return;
      }
      reason = error instanceof Error ? error.message : String(error);
    }
    if (signal.aborted) return;
    const retryInMs = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
    failures += 1;
    options.onStatus?.({ state: "disconnected", reason, retryInMs });
    await sleep(retryInMs, signal);
  }
}

async function connectOnce(
  options: GatewayEventsOptions,
  state: LinkState,
  signal: AbortSignal,
  onOpen: () => void,
): Promise<void> {
  const headers: Record<string, string> = { Accept: "text/event-stream" };
  if (options.apiKey !== null) headers["X-API-Key"] = options.apiKey;
  if (state.resumed && state.lastSeq !== null) headers["Last-Event-ID"] = String(state.lastSeq);
  const url = `${options.apiUrl}/events?topics=${encodeURIComponent(options.topics.join(","))}`;
  const silence = new AbortController();
  let timer = setTimeout(() => silence.abort(), SILENCE_MS);
  const linked = AbortSignal.any([signal, silence.signal]);
  try {
    const response = await fetch(url, { headers, signal: linked });
    if (!response.ok || response.body === null) throw await refusal(response);
    options.onStatus?.({ state: "connected", resumedAfter: state.resumed ? state.lastSeq : null });
    onOpen();
    await readFrames(
      response.body,
      linked,
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => silence.abort(), SILENCE_MS);
      },
      (envelope) => {
        if (envelope.seq !== null) {
          state.lastSeq = envelope.seq;
          state.resumed = true;
        }
        options.onEvent(envelope);
      },
    );
  } catch (error) {
    if (silence.signal.aborted && !signal.aborted)
      throw new Error("no heartbeat from the gateway for 45 s", { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function refusal(response: Response): Promise<GatewayStreamError> {
  const text = await response.text().catch(() => "");
  let code = `HTTP_${response.status}`;
  let message = `GET /events answered HTTP ${response.status}`;
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === "string") code = body.error_code;
    if (typeof body.message === "string") message = `${message}: ${body.message}`;
  } catch {
    // Not the error envelope: the status says enough.
  }
  return new GatewayStreamError(response.status, code, message);
}

/** Reads Server-Sent Events frames; each `data:` payload is one envelope. */
async function readFrames(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onActivity: () => void,
  onEnvelope: (envelope: GatewayEnvelope) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const abort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", abort, { once: true });
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      onActivity();
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, "\n");
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const envelope = envelopeOfFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (envelope !== null) onEnvelope(envelope);
        end = buffer.indexOf("\n\n");
      }
    }
  } finally {
    signal.removeEventListener("abort", abort);
  }
  // A cancelled read ends like a finished one: tell them apart.
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

function envelopeOfFrame(frame: string): GatewayEnvelope | null {
  const data = frame
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n");
  if (data === "") return null;
  try {
    return JSON.parse(data) as GatewayEnvelope;
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
