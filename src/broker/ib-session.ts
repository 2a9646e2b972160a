// One TCP session with the broker: a fresh IBApi per connection attempt, so nothing the library queued for a
// dead socket can ever be replayed on a new one. It owns no state machine.
import { EventEmitter } from "node:events";
import { EventName, IBApi } from "@stoqey/ib";
import { Pacer, type PacingOptions } from "./pacer.js";
import type { Clock } from "./hooks.js";

type Listener = (...args: never[]) => void;

/** The library's typed event surface, re-emitted from whichever session is current. */
export type IbEvents = Pick<IBApi, "on"> & { off(event: EventName, listener: Listener): void };

export interface EventBus {
  readonly events: IbEvents;
  emit(event: string, args: unknown[]): void;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  // Every pending request listens for its own replies; the count is bounded by the registry, not by a constant.
  emitter.setMaxListeners(0);
  // Node throws on an unheard "error" event; broker errors are routed by the connection, so one always listens.
  emitter.on(EventName.error, () => undefined);
  return {
    events: emitter as unknown as IbEvents,
    emit: (event, args) => emitter.emit(event, ...args),
  };
}

export interface SessionTarget {
  host: string;
  port: number;
  clientId: number;
}

/** High enough that the library's 4-per-100-ms limiter never delays an order; Pacer paces data. */
const LIBRARY_MAX_REQ_PER_SEC = 10_000;

/**
 * The library opens its socket with Nagle's algorithm on. A request written while an earlier small write is still
 * unacknowledged (a market-data cancel, then an order) then waits for the peer's delayed ACK — about 40 ms on Linux.
 * TWS answers message by message, so every write should leave at once. The socket is not part of the library's
 * public surface; if its internals move, this does nothing and only latency suffers.
 */
function disableNagle(api: IBApi): void {
  const internals = api as unknown as { controller?: { socket?: { client?: { setNoDelay?: (on: boolean) => void } } } };
  internals.controller?.socket?.client?.setNoDelay?.(true);
}

export class IbSession {
  readonly api: IBApi;
  readonly pacer: Pacer;
  private disposed = false;

  constructor(target: SessionTarget, clock: Clock, bus: EventBus, pacing: PacingOptions) {
    // Every setting passed explicitly: the library's lazy config loader (and its dotenv side effect) never runs.
    this.api = new IBApi({
      host: target.host,
      port: target.port,
      clientId: target.clientId,
      maxReqPerSec: LIBRARY_MAX_REQ_PER_SEC,
    });
    this.pacer = new Pacer(clock, pacing);
    this.api.on(EventName.all, (event: string, args: unknown[]) => {
      if (!this.disposed) bus.emit(event, args);
    });
    this.api.once(EventName.connected, () => disableNagle(this.api));
    this.api.connect(target.clientId);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Sends a data message (a subscription's cancel) once the answer it follows has gone back to the caller, so its
   * socket write is not on the caller's path. Only for messages that carry a request id: one without an id could
   * overtake the next request of its kind. Dropped if the session is gone by then.
   */
  sendAfterAnswer(send: () => void): void {
    setImmediate(() => {
      if (!this.disposed) this.pacer.data(send);
    });
  }

  /** Detaches the session from the bus and closes its socket; later events of this session are dropped. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pacer.clear();
    this.api.disconnect();
    this.api.removeAllListeners();
  }
}
