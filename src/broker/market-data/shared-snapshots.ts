// Quotes of one contract that arrive while its snapshot request still waits for a pacer slot share that request.
// Every caller still gets a snapshot requested after it asked, and a burst of quotes for one instrument
// costs the broker one request instead of one each. Once the request has left for the broker, later callers start
// a new one; a caller that gives up leaves, and the request is withdrawn when nobody waits for it any more.
import type { Quote, ResolvedContract } from "../../domain/index.js";
import { requestSnapshot, type SnapshotDeps } from "./snapshot-quote.js";

class SharedSnapshot {
  readonly controller = new AbortController();
  promise!: Promise<Quote>;
  private waiting = 0;

  /** The shared result under the caller's own symbol; `signal` lets this caller alone give up. */
  join(symbol: string, signal: AbortSignal | undefined): Promise<Quote> {
    this.waiting++;
    return new Promise<Quote>((resolve, reject) => {
      let done = false;
      const leave = (): void => {
        done = true;
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = (): void => {
        if (done) return;
        leave();
        reject(signal?.reason);
        if (--this.waiting === 0) this.controller.abort(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.promise.then(
        (quote) => {
          if (done) return;
          leave();
          resolve(quote.symbol === symbol ? quote : { ...quote, symbol });
        },
        (error: unknown) => {
          if (done) return;
          leave();
          reject(error);
        },
      );
    });
  }
}

export class SharedSnapshots {
  /** Requests not yet sent to the broker, by contract (conId and exchange: both shape the broker's answer). */
  private readonly queued = new Map<string, SharedSnapshot>();

  constructor(private readonly deps: SnapshotDeps) {}

  /** A snapshot of `contract` for `symbol`; throws at once when the broker is not ready. */
  quote(symbol: string, contract: ResolvedContract, timeoutMs: number, signal?: AbortSignal): Promise<Quote> {
    const key = `${contract.conId}@${contract.exchange}`;
    const queued = this.queued.get(key);
    if (queued && !queued.controller.signal.aborted) return queued.join(symbol, signal);
    const shared = new SharedSnapshot();
    this.queued.set(key, shared);
    const sent = (): void => {
      if (this.queued.get(key) === shared) this.queued.delete(key);
    };
    try {
      shared.promise = requestSnapshot(this.deps, symbol, contract, timeoutMs, shared.controller.signal, sent);
    } catch (error) {
      sent();
      throw error;
    }
    // Settled before it was sent (withdrawn, timed out, connection lost): it must not take later callers with it.
    shared.promise.then(sent, sent);
    return shared.join(symbol, signal);
  }
}
