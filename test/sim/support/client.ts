// A conformance client for the simulator: the real `@stoqey/ib` IBApi over TCP, with every event recorded so tests
// can await "the event with these arguments" (with a timeout) instead of sleeping.

import { EventEmitter } from "node:events";
import { EventName, IBApi } from "@stoqey/ib";

const RECORDED = [
  EventName.nextValidId,
  EventName.managedAccounts,
  EventName.currentTime,
  EventName.info,
  EventName.contractDetails,
  EventName.contractDetailsEnd,
  EventName.tickPrice,
  EventName.tickSize,
  EventName.tickString,
  EventName.tickGeneric,
  EventName.tickSnapshotEnd,
  EventName.tickReqParams,
  EventName.marketDataType,
  EventName.historicalData,
  EventName.historicalDataUpdate,
  EventName.accountSummary,
  EventName.accountSummaryEnd,
  EventName.position,
  EventName.positionEnd,
  EventName.pnl,
  EventName.pnlSingle,
  EventName.updateAccountValue,
  EventName.updatePortfolio,
  EventName.updateAccountTime,
  EventName.accountDownloadEnd,
  EventName.accountUpdateMulti,
  EventName.accountUpdateMultiEnd,
  EventName.positionMulti,
  EventName.positionMultiEnd,
  EventName.openOrder,
  EventName.openOrderEnd,
  EventName.orderStatus,
  EventName.execDetails,
  EventName.execDetailsEnd,
  EventName.commissionReport,
  EventName.completedOrder,
  EventName.completedOrdersEnd,
  EventName.securityDefinitionOptionParameter,
  EventName.securityDefinitionOptionParameterEnd,
  EventName.disconnected,
] as const;

export interface Recorded {
  name: string;
  args: unknown[];
}

export interface TwsError {
  code: number;
  reqId: number;
  message: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** A predicate over an event's arguments; callers type the parameters they look at, e.g. `(reqId: number) => …`. */
export type Match = (...args: never[]) => boolean;

/** Error code `@stoqey/ib` raises for unknown ids, leftover fields and underruns: the simulator must never cause it. */
export const DECODING_ERROR = 505;

export class TestClient {
  readonly api: IBApi;
  readonly events: Recorded[] = [];
  readonly errors: TwsError[] = [];
  serverVersion = 0;
  private readonly changed = new EventEmitter();

  constructor(port: number) {
    // A high rate limit: the library's default (4 messages / 100 ms) only slows the tests down.
    this.api = new IBApi({ host: "127.0.0.1", port, maxReqPerSec: 10_000 });
    // The typed overloads cannot take a union of event names; every recorded event is plain EventEmitter traffic.
    const on = this.api.on.bind(this.api) as (event: string, listener: (...args: unknown[]) => void) => IBApi;
    for (const name of RECORDED) on(name, (...args) => this.record(name, args));
    this.api.on(EventName.server, (version: number) => (this.serverVersion = version));
    this.api.on(EventName.error, (err: Error, code: number, reqId: number) => {
      this.errors.push({ code, reqId, message: err.message });
      this.record("error", [code, reqId, err.message]);
    });
  }

  /** Errors `@stoqey/ib` reports for messages it could not decode. */
  get decodingErrors(): TwsError[] {
    return this.errors.filter((e) => e.code === DECODING_ERROR);
  }

  /** Connects and resolves once nextValidId and managedAccounts arrived (the gateway's notion of "ready"). */
  async connect(clientId: number): Promise<{ nextValidId: number; accounts: string }> {
    const nextId = this.waitFor(EventName.nextValidId);
    const accounts = this.waitFor(EventName.managedAccounts);
    this.api.connect(clientId);
    const [[id], [list]] = await Promise.all([nextId, accounts]);
    return { nextValidId: id as number, accounts: list as string };
  }

  disconnect(): void {
    this.api.disconnect();
  }

  /** Index of the next event to be recorded, for waits that must ignore earlier events. */
  mark(): number {
    return this.events.length;
  }

  /** Resolves with the arguments of the first `name` event (at or after `since`) that satisfies `match`. */
  waitFor(name: string, match: Match = () => true, since = 0, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const find = () => this.events.slice(since).find((e) => e.name === name && match(...(e.args as never[])));
      const check = () => {
        const found = find();
        if (!found) return;
        cleanup();
        resolve(found.args);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`timed out after ${timeoutMs} ms waiting for ${name}; errors: ${JSON.stringify(this.errors)}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changed.off("event", check);
      };
      this.changed.on("event", check);
      check();
    });
  }

  /**
   * Round-trips a current-time request. The simulator answers requests in order, so once this resolves every earlier
   * request has been handled: the way to assert that something did NOT happen without sleeping.
   */
  async barrier(): Promise<void> {
    const since = this.mark();
    this.api.reqCurrentTime();
    await this.waitFor(EventName.currentTime, () => true, since);
  }

  /** Resolves with the TWS error of `code` for `reqId`. */
  waitForError(code: number, reqId: number, since = 0): Promise<unknown[]> {
    return this.waitFor("error", (c: number, id: number) => c === code && id === reqId, since);
  }

  /** Argument lists of every recorded `name` event since `since` that satisfies `match`. */
  all(name: string, match: Match = () => true, since = 0): unknown[][] {
    return this.events
      .slice(since)
      .filter((e) => e.name === name && match(...(e.args as never[])))
      .map((e) => e.args);
  }

  private record(name: string, args: unknown[]): void {
    this.events.push({ name, args });
    this.changed.emit("event");
  }
}
