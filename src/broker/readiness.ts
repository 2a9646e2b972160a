// Tracks what makes a session ready: socket up, nextValidId and managedAccounts received. Also owns the
// broker order-id counter seeded by nextValidId. It knows nothing about reconnecting.
import { EventName } from "@stoqey/ib";
import type { IbEvents } from "./ib-session.js";

export class ReadinessTracker {
  private socketUp = false;
  private gotOrderId = false;
  private gotAccounts = false;
  private nextOrderId = 1;
  private accountList: string[] = [];
  private listener: () => void = () => undefined;

  constructor(events: IbEvents) {
    events.on(EventName.connected, () => {
      this.socketUp = true;
      this.check();
    });
    events.on(EventName.nextValidId, (id: number) => {
      // Never move backwards: ids used on this connection stay used even if the broker repeats an older value.
      this.nextOrderId = Math.max(this.nextOrderId, id);
      this.gotOrderId = true;
      this.check();
    });
    events.on(EventName.managedAccounts, (csv: string) => {
      this.accountList = csv
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a.length > 0);
      this.gotAccounts = true;
      this.check();
    });
  }

  get accounts(): readonly string[] {
    return this.accountList;
  }

  onReady(listener: () => void): void {
    this.listener = listener;
  }

  reset(): void {
    this.socketUp = false;
    this.gotOrderId = false;
    this.gotAccounts = false;
  }

  reserveOrderIds(count: number): number {
    const first = this.nextOrderId;
    this.nextOrderId += count;
    return first;
  }

  private check(): void {
    if (this.socketUp && this.gotOrderId && this.gotAccounts) this.listener();
  }
}
