// Standing account P&L subscriptions: reqPnL kept open until the caller
// stops it, re-sent on every transition to ready (new socket, or 1101/1102 on the same one) and cancelled at the
// broker on stop. It judges nothing: listeners receive every update, unset values as 0.
import { EventName } from "@stoqey/ib";
import type { Connection } from "../connection.js";
import type { BrokerLogger } from "../hooks.js";
import type { IbSession } from "../ib-session.js";
import { idOf } from "../request-id.js";
import { pnlValue } from "./pnl-values.js";

/** One account-level P&L update; the broker's "unset" values are reported as 0. */
export interface PnlUpdate {
  accountId: string;
  daily: number;
  unrealized: number;
  realized: number;
}

export type PnlListener = (update: PnlUpdate) => void;

interface Watch {
  /** null = the default account, resolved at each subscription (managed accounts are known once ready). */
  readonly requested: string | null;
  readonly listener: PnlListener;
  /** The live broker subscription, if any: its request id, the session it was sent on and the account it names. */
  live: { reqId: number; session: IbSession; accountId: string } | null;
}

export class PnlWatches {
  private readonly watches = new Set<Watch>();
  private readonly byReqId = new Map<number, Watch>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: BrokerLogger,
  ) {
    connection.events.on(EventName.pnl, (reqId: number, daily: number, unrealized?: number, realized?: number) =>
      this.onPnl(reqId, daily, unrealized, realized),
    );
    connection.events.on(EventName.error, (error: Error, code: number, reqId: number) =>
      this.onError(idOf(reqId), code, error.message),
    );
    connection.onReady(({ session }) => {
      for (const watch of this.watches) this.subscribe(watch, session);
    });
  }

  /** Starts watching now if connected, else at the next ready; returns the function that stops and cancels it. */
  watch(accountId: string | null, listener: PnlListener): () => void {
    const watch: Watch = { requested: accountId, listener, live: null };
    this.watches.add(watch);
    const session = this.connection.readySession;
    if (session) this.subscribe(watch, session);
    return () => {
      if (!this.watches.delete(watch)) return;
      this.unsubscribe(watch);
    };
  }

  /** (Re)sends reqPnL on `session`; a subscription still open on that same session is cancelled first. */
  private subscribe(watch: Watch, session: IbSession): void {
    this.unsubscribe(watch);
    const accountId = watch.requested ?? this.connection.managedAccounts[0];
    if (accountId === undefined) {
      this.logger.warning("P&L subscription skipped: the broker reported no managed account");
      return;
    }
    const reqId = this.connection.registry.allocateId();
    watch.live = { reqId, session, accountId };
    this.byReqId.set(reqId, watch);
    session.pacer.data(() => session.api.reqPnL(reqId, accountId, ""));
    this.logger.debug("P&L subscription opened", { accountId, reqId });
  }

  /** Forgets the live subscription; cancels it at the broker when its session is still open. */
  private unsubscribe(watch: Watch): void {
    const live = watch.live;
    if (!live) return;
    watch.live = null;
    this.byReqId.delete(live.reqId);
    if (!live.session.isDisposed) live.session.pacer.data(() => live.session.api.cancelPnL(live.reqId));
  }

  private onPnl(reqId: unknown, daily: number, unrealized?: number, realized?: number): void {
    const watch = this.byReqId.get(idOf(reqId));
    if (!watch?.live) return;
    const update = {
      accountId: watch.live.accountId,
      daily: pnlValue(daily),
      unrealized: pnlValue(unrealized),
      realized: pnlValue(realized),
    };
    try {
      watch.listener(update);
    } catch (error) {
      // A failing listener must not break the event bus every other request listens on.
      this.logger.error("P&L listener failed", { error, accountId: update.accountId });
    }
  }

  private onError(reqId: number, code: number, message: string): void {
    const watch = this.byReqId.get(reqId);
    if (!watch?.live) return;
    this.logger.warning("P&L subscription refused by the broker", { accountId: watch.live.accountId, code, message });
  }
}
