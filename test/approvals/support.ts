// Helpers for the approval tests: a real gateway (embedded simulator over TCP, SQLite file, Fastify app) started with
// a keys file written by the real writer, and REST calls made with one of its keys.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateApiKey, writeApiKeysFile, type ApiKeyRecord } from "../../src/config/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import type { Body } from "../operations/orders/support/orders.js";

export type KeySpec = Omit<ApiKeyRecord, "hash">;

export interface KeyedGateway {
  gw: TestGateway;
  /** Each key by its name. */
  keys: Record<string, string>;
  keysFile: string;
  call(method: "GET" | "POST", url: string, key: string, payload?: Record<string, unknown>): Promise<Answer>;
  /** Stops the gateway and starts it again on the same database and keys, with `env` on top. */
  restart(env: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: Body;
}

/** The usual cast: an agent that proposes, a trader, and a person with the admin key. */
export const CAST: KeySpec[] = [
  { name: "agent", scopes: ["read", "propose"] },
  { name: "trader", scopes: ["read", "trade"] },
  { name: "ops", scopes: ["read", "admin"] },
];

export async function keyedGateway(specs: KeySpec[] = CAST, env: Record<string, string> = {}): Promise<KeyedGateway> {
  const dir = mkdtempSync(join(tmpdir(), "approvals-"));
  const keysFile = join(dir, "keys.json");
  const keys: Record<string, string> = {};
  writeApiKeysFile(
    keysFile,
    specs.map((spec) => {
      const { key, hash } = generateApiKey();
      keys[spec.name] = key;
      return { ...spec, hash };
    }),
  );
  const start = (extra: Record<string, string>) =>
    startTestGateway({ dir, env: { API_KEYS_FILE: keysFile, ORDERS_ENABLED: "true", ...env, ...extra } });
  const keyed: KeyedGateway = {
    gw: await start({}),
    keys,
    keysFile,
    async call(method, url, key, payload) {
      const res = await keyed.gw.app.inject({
        method,
        url,
        headers: { "content-type": "application/json", "x-api-key": key },
        ...(payload === undefined ? {} : { payload }),
      });
      return { status: res.statusCode, body: res.json() };
    },
    async restart(extra) {
      await keyed.gw.close();
      keyed.gw = await start(extra);
    },
    async close() {
      await keyed.gw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return keyed;
}
