// A WebSocket and an SSE client for the stream tests: messages collected in arrival order, and waits that resolve
// when a condition over them holds (re-checked on every message, no sleeps).
import WebSocket from "ws";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions, not types, describe envelopes
export type Envelope = { seq: number | null; topic: string; type: string; time: string; data: any };

export interface StreamClient {
  readonly messages: Envelope[];
  readonly socket: WebSocket;
  send(message: unknown): void;
  /** Resolves with the messages once `check` holds. */
  until(check: (messages: Envelope[]) => boolean, what: string, timeoutMs?: number): Promise<Envelope[]>;
  /** Resolves with the close code and reason. */
  closed(): Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function openStream(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
  const socket = new WebSocket(url, { headers });
  const messages: Envelope[] = [];
  const waiters = new Set<() => void>();
  let closeInfo: { code: number; reason: string } | undefined;
  socket.on("message", (data) => {
    messages.push(JSON.parse(data.toString()) as Envelope);
    waiters.forEach((w) => w());
  });
  socket.on("close", (code, reason) => {
    closeInfo = { code, reason: reason.toString() };
    waiters.forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
  });
  const wait = <T>(get: () => T | undefined, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = get();
        if (value === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages.map((m) => m.type))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    messages,
    socket,
    send: (message) => socket.send(typeof message === "string" ? message : JSON.stringify(message)),
    until: (check, what, timeoutMs = 10_000) => wait(() => (check(messages) ? messages : undefined), what, timeoutMs),
    closed: () => wait(() => closeInfo, "close", 10_000),
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      const done = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.close();
      await done;
    },
  };
}

export const ofType = (messages: Envelope[], type: string) => messages.filter((m) => m.type === type);
export const durable = (messages: Envelope[]) => messages.filter((m) => m.seq !== null);
