// The kill switch shared by every instance of a PostgreSQL store: one row, written and announced (NOTIFY) in one
// transaction, so every instance — the writer included — hears each change through its LISTEN connection.
import type { SharedKillSwitch, SharedKillSwitchState } from "../store.js";
import type { Database } from "./connection.js";

/** NOTIFY channel of kill-switch changes; the payload is the new state as JSON (empty when too long to send). */
export const KILL_SWITCH_CHANNEL = "ibkr_gateway_kill_switch";
/** PostgreSQL refuses payloads of 8000 bytes or more. */
const MAX_PAYLOAD_CHARS = 7_000;

interface KillSwitchRow {
  active: boolean;
  reason: string | null;
  source: string | null;
  activated_at: string | null;
  updated_at: string;
  [column: string]: unknown;
}

function decode(row: KillSwitchRow): SharedKillSwitchState {
  return {
    active: row.active,
    reason: row.reason,
    source: row.source,
    activatedAt: row.activated_at,
    updatedAt: row.updated_at,
  };
}

/** The state carried by a notification, or undefined when it must be read from the table. */
export function parseKillSwitchPayload(payload: string): SharedKillSwitchState | undefined {
  if (payload === "") return undefined;
  try {
    const value = JSON.parse(payload) as SharedKillSwitchState;
    return typeof value.active === "boolean" && typeof value.updatedAt === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

export class PgKillSwitch implements SharedKillSwitch {
  private readonly listeners = new Set<(state: SharedKillSwitchState) => void>();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async read(): Promise<SharedKillSwitchState> {
    const row = await this.db.one<KillSwitchRow>("SELECT * FROM kill_switch WHERE id = 1");
    if (row === undefined) throw new Error("kill_switch row missing: the schema is incomplete");
    return decode(row);
  }

  async write(state: Omit<SharedKillSwitchState, "updatedAt">): Promise<SharedKillSwitchState> {
    return this.db.transaction(async () => {
      const row = await this.db.one<KillSwitchRow>(
        `UPDATE kill_switch SET active = $1, reason = $2, source = $3, activated_at = $4, updated_at = $5
         WHERE id = 1 RETURNING *`,
        [state.active, state.reason, state.source, state.activatedAt, this.now().toISOString()],
      );
      if (row === undefined) throw new Error("kill_switch row missing: the schema is incomplete");
      const written = decode(row);
      const payload = JSON.stringify(written);
      await this.db.query("SELECT pg_notify($1, $2)", [
        KILL_SWITCH_CHANNEL,
        payload.length < MAX_PAYLOAD_CHARS ? payload : "",
      ]);
      return written;
    });
  }

  onChange(listener: (state: SharedKillSwitchState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; `state` undefined: read it first (a long payload, or after a reconnect). */
  async announce(state: SharedKillSwitchState | undefined): Promise<void> {
    if (this.listeners.size === 0) return;
    const current = state ?? (await this.read());
    for (const listener of this.listeners) {
      try {
        listener(current);
      } catch {
        // One listener's failure does not keep the others from hearing the change.
      }
    }
  }
}
