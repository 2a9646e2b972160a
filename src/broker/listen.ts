// Broker events a pending request listens to for exactly as long as it is pending: registered now, removed when the
// request settles (resolved, rejected, timed out or aborted), so no listener outlives its request.
import type { EventName } from "@stoqey/ib";
import type { IbEvents } from "./ib-session.js";

type AnyListener = (...args: never[]) => void;

export function listenWhilePending(
  request: { onSettle(cleanup: () => void): void },
  events: IbEvents,
  listeners: readonly (readonly [EventName, AnyListener])[],
): void {
  const on = events.on.bind(events) as unknown as (event: EventName, listener: AnyListener) => void;
  for (const [event, listener] of listeners) on(event, listener);
  request.onSettle(() => {
    for (const [event, listener] of listeners) events.off(event, listener);
  });
}
