// Broker time for /health without a broker round trip per probe: a reply younger than 5 s (on the same connection)
// is carried forward on the local clock, and concurrent probes share one request. Health checks arrive often and
// every broker request counts against IB's message pacing, which quotes and orders need more.
import type { Broker } from "../broker/index.js";
import type { Clock } from "./context.js";

export const SERVER_TIME_MAX_AGE_MS = 5000;

interface Known {
  brokerMs: number;
  atMs: number;
  /** The connection's `since`: a reconnect invalidates what was learnt. */
  since: string;
}

const known = new WeakMap<Broker, Known>();
const pending = new WeakMap<Broker, Promise<string | null>>();

/** ISO broker time (whole seconds, as the broker reports it), or null when not ready or no reply in `timeoutMs`. */
export function brokerTime(broker: Broker, clock: Clock, timeoutMs: number): Promise<string | null> {
  const since = broker.connection.status().since;
  const last = known.get(broker);
  const now = clock.now();
  if (last && last.since === since && now - last.atMs < SERVER_TIME_MAX_AGE_MS) {
    const carried = last.brokerMs + (now - last.atMs);
    return Promise.resolve(new Date(Math.floor(carried / 1000) * 1000).toISOString());
  }
  let request = pending.get(broker);
  if (!request) {
    request = broker.connection.serverTime(timeoutMs).then((iso) => {
      pending.delete(broker);
      if (iso !== null) known.set(broker, { brokerMs: Date.parse(iso), atMs: clock.now(), since });
      return iso;
    });
    pending.set(broker, request);
  }
  return request;
}
