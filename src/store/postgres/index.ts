// The shared backend: the Store interface over PostgreSQL.
import type { AuditStoreOptions } from "../audit-store.js";
import type { Store } from "../store.js";

export async function openPostgresStore(url: string, options: AuditStoreOptions): Promise<Store> {
  void url;
  void options;
  throw new Error("The PostgreSQL store is not available in this build");
}
