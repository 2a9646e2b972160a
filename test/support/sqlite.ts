// Tests assert against the gateway's real SQLite file: this is the synchronous view of it (the gateway itself uses
// the asynchronous Store interface).
import { SqliteStore, type AuditStore } from "../../src/store/index.js";
import type { GatewayServices } from "../../src/operations/index.js";

export function sqliteOf(gw: { services: Pick<GatewayServices, "store"> }): AuditStore {
  const store = gw.services.store;
  if (!(store instanceof SqliteStore)) throw new Error(`expected the SQLite store, got ${store.backend}`);
  return store.sync;
}
