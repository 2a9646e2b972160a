// Best-effort broker time for the health check.
// It never waits for a connection.
import { EventName } from "@stoqey/ib";
import type { Connection } from "./connection.js";
import type { Clock } from "./hooks.js";

export function requestServerTime(connection: Connection, clock: Clock, timeoutMs = 2000): Promise<string | null> {
  const session = connection.readySession;
  if (!session) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (value: string | null): void => {
      clock.clearTimeout(handle);
      connection.events.off(EventName.currentTime, onTime);
      resolve(value);
    };
    const onTime = (epochSec: number): void => done(new Date(epochSec * 1000).toISOString());
    const handle = clock.setTimeout(() => done(null), timeoutMs);
    connection.events.on(EventName.currentTime, onTime);
    session.pacer.data(() => session.api.reqCurrentTime());
  });
}
