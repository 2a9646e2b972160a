// GET /events over a real socket: Server-Sent Events from the real app, simulator and store.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { B } from "../../operations/orders/support/orders.js";
import type { Envelope } from "./support.js";
import { sqliteOf } from "../../support/sqlite.js";

const KEY = "sse-test-key-0123456789";
let gw: TestGateway | undefined;
const aborts: AbortController[] = [];

afterEach(async () => {
  aborts.splice(0).forEach((a) => a.abort());
  await gw?.close();
  gw = undefined;
});

interface SseEvent {
  id: string | undefined;
  event: string;
  envelope: Envelope;
}

/** Opens GET /events and collects its events; `until` resolves once `check` holds over them. */
async function openEvents(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  aborts.push(abort);
  const res = await fetch(url, { headers: { "x-api-key": KEY, ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  let comments = 0;
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(":")) comments += 1;
            const field = (name: string) =>
              block
                .split("\n")
                .find((l) => l.startsWith(`${name}: `))
                ?.slice(name.length + 2);
            const data = field("data");
            if (data !== undefined)
              events.push({ id: field("id"), event: field("event")!, envelope: JSON.parse(data) });
            waiters.forEach((w) => w());
          }
        }
      } catch {
        // aborted by the test
      }
    })();
  }
  const until = (check: (e: SseEvent[]) => boolean, what: string) =>
    new Promise<SseEvent[]>((resolve, reject) => {
      const test = () => {
        if (!check(events)) return;
        waiters.delete(test);
        clearTimeout(timer);
        resolve(events);
      };
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(events.map((e) => e.event))}`)),
        10_000,
      );
      waiters.add(test);
      test();
    });
  return { res, events, until, comments: () => comments, close: () => abort.abort() };
}

async function start(): Promise<string> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", API_KEY: KEY } });
  return gw.app.listen({ host: "127.0.0.1", port: 0 });
}

async function placeFilled(http: string, clientOrderId: string): Promise<string> {
  const res = await fetch(`${http}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY },
    body: JSON.stringify(B({ clientOrderId })),
  });
  const { orderId } = (await res.json()) as { orderId: string };
  await expect
    .poll(() =>
      sqliteOf(gw!)
        .eventsAfter(0, ["fills"], 100)
        .some((e) => e.data.orderId === orderId),
    )
    .toBe(true);
  return orderId;
}

const hasFill = (orderId: string) => (events: SseEvent[]) =>
  events.some((e) => e.event === "order.fill" && e.envelope.data.orderId === orderId);

describe("GET /events", () => {
  it("streams live order events with id = seq, replays after a seq, and resumes from Last-Event-ID", async () => {
    const http = await start();
    const live = await openEvents(`${http}/events?topics=orders,fills`);
    expect(live.res.status).toBe(200);
    expect(live.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const first = await placeFilled(http, "sse-1");
    await live.until(hasFill(first), "the live fill");
    for (const e of live.events) expect(e.id).toBe(String(e.envelope.seq));
    const lastId = live.events.at(-1)!.id!;
    live.close();

    const missed = await placeFilled(http, "sse-2");
    const expected = sqliteOf(gw!)
      .eventsAfter(Number(lastId), ["orders", "fills"], 100)
      .map((e) => String(e.seq));
    const resumed = await openEvents(`${http}/events?topics=orders,fills`, { "last-event-id": lastId });
    await resumed.until(hasFill(missed), "the missed fill");
    expect(resumed.events.map((e) => e.id)).toEqual(expected);

    const replayAll = await openEvents(`${http}/events?topics=fills&after=0`);
    await replayAll.until(hasFill(missed), "both fills");
    expect(replayAll.events.map((e) => e.event)).toEqual(["order.fill", "order.fill"]);
  });

  it("serves the positions topic", async () => {
    const http = await start();
    await expect.poll(() => gw!.logs.some((l) => l.includes("Position baseline taken"))).toBe(true);
    const positions = await openEvents(`${http}/events?topics=positions`);
    expect(positions.res.status).toBe(200);
    await placeFilled(http, "sse-pos");
    await positions.until((events) => events.some((e) => e.event === "position.update"), "a position update");
    expect(positions.events[0]!.envelope).toMatchObject({
      topic: "positions",
      type: "position.update",
      data: { accountId: "DU1234567", symbol: "AAPL" },
    });
  });

  it("answers 422 for an unknown or unavailable topic and a bad seq, 401 without the key", async () => {
    const http = await start();
    const quotes = await fetch(`${http}/events?topics=orders,quotes`, { headers: { "x-api-key": KEY } });
    expect(quotes.status).toBe(422);
    expect(
      ((await quotes.json()) as { details: { issues: { message: string }[] } }).details.issues[0]!.message,
    ).toContain("topic 'quotes' is served on the WebSocket (GET /stream) only");
    const badSeq = await fetch(`${http}/events?after=-5`, { headers: { "x-api-key": KEY } });
    expect(badSeq.status).toBe(422);
    expect((await fetch(`${http}/events`)).status).toBe(401);
  });

  it("is described in the OpenAPI document with the ticket route, both behind the key", async () => {
    await start();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is checked field by field
    const doc = (await gw!.app.inject({ url: "/openapi.json" })).json() as any;
    expect(doc.paths["/events"].get.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths["/events"].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      "after",
      "topics",
    ]);
    expect(doc.paths["/stream/ticket"].post.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths["/stream/ticket"].post.responses["200"]).toBeDefined();
  });
});
