// The idempotency_keys table: the recorded OrderResult of every clientOrderId that reached the broker step.
// Failures throw on purpose: an order whose key could not be recorded must not be sent.
import type { Database } from "better-sqlite3";
import { Statements } from "./statements.js";

export interface IdempotencyRecord {
  clientOrderId: string;
  orderId: string | null;
  /** The OrderResult as recorded; callers validate its shape. */
  result: unknown;
  createdAt: string;
  updatedAt: string;
}

/** `inserted: false` means the key was already recorded (possibly by another process): replay `record`. */
export interface IdempotencyClaim {
  inserted: boolean;
  record: IdempotencyRecord;
}

interface IdempotencyRow {
  client_order_id: string;
  order_id: string | null;
  result: string;
  created_at: string;
  updated_at: string;
}

export class IdempotencyKeys {
  private readonly statements: Statements;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.statements = new Statements(db);
  }

  /** Records the key unless it exists; the check and the insert are one statement, so two writers cannot both win. */
  put(clientOrderId: string, orderId: string | null, result: unknown): IdempotencyClaim {
    const nowIso = this.now().toISOString();
    const insert = this.statements.get(
      `INSERT INTO idempotency_keys (client_order_id, order_id, result, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_order_id) DO NOTHING`,
    );
    const claim = this.db.transaction((): IdempotencyClaim => {
      const { changes } = insert.run(clientOrderId, orderId, JSON.stringify(result), nowIso, nowIso);
      const record = this.get(clientOrderId);
      if (record === undefined) throw new Error(`Idempotency record for ${clientOrderId} was not persisted`);
      return { inserted: changes > 0, record };
    });
    return claim.immediate();
  }

  get(clientOrderId: string): IdempotencyRecord | undefined {
    const row = this.statements
      .get<[string], IdempotencyRow>("SELECT * FROM idempotency_keys WHERE client_order_id = ?")
      .get(clientOrderId);
    return row === undefined ? undefined : decode(row);
  }

  /** Replaces the recorded result once the outcome is known; false when the key was never recorded. */
  update(clientOrderId: string, orderId: string | null, result: unknown): boolean {
    const changes = this.statements
      .get("UPDATE idempotency_keys SET order_id = ?, result = ?, updated_at = ? WHERE client_order_id = ?")
      .run(orderId, JSON.stringify(result), this.now().toISOString(), clientOrderId).changes;
    return changes > 0;
  }
}

function decode(row: IdempotencyRow): IdempotencyRecord {
  return {
    clientOrderId: row.client_order_id,
    orderId: row.order_id,
    result: JSON.parse(row.result) as unknown,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
