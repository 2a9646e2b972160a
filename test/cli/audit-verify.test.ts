// `audit verify` (spawned CLI) against the attacks on the keyed chain: deleted tail rows and a chain recomputed
// after an edit are reported with the first bad row and exit 2; a key kept elsewhere is found with --key-file.
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore } from "../../src/store/index.js";
import { rowHash, type AuditRow } from "../../src/store/hash-chain.js";
import { runBin } from "../support/spawn.js";

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-verify-"));
  db = join(dir, "audit.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runBin("cli/main.js", ["audit", "verify", "--db-path", db, ...args], { cwd: dir });

function seed(count: number, hmacKeyFile?: string): void {
  const store = openAuditStore(db, hmacKeyFile === undefined ? {} : { hmacKeyFile });
  for (let i = 1; i <= count; i++) {
    store.append({ eventType: "AUTH_FAILURE", eventData: { method: "GET", path: `/p${i}`, reason: "missing" } });
  }
  store.close();
}

function sql(fn: (d: Database.Database) => void): void {
  const d = new Database(db);
  fn(d);
  d.close();
}

describe("audit verify", () => {
  it("reports rows deleted from the tail", async () => {
    seed(5);
    expect(await cli([])).toMatchObject({ code: 0, stdout: "Audit chain OK: 5 records verified\n" });
    sql((d) => d.prepare("DELETE FROM audit_log WHERE id >= 4").run());
    expect(await cli([])).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "Audit chain BROKEN at record id 4: rows deleted from the tail: the signed checkpoint has 5 records, the database 3\n",
    });
  });

  it("reports an edited fill whose chain was recomputed, at the edited row", async () => {
    seed(4);
    sql((d) => {
      d.prepare("UPDATE audit_log SET event_data = ? WHERE id = 2").run('{"method":"GET","path":"/x","reason":"x"}');
      let prev = (d.prepare("SELECT hash FROM audit_log WHERE id = 1").get() as { hash: string }).hash;
      for (const row of d.prepare("SELECT * FROM audit_log WHERE id >= 2 ORDER BY id").all() as AuditRow[]) {
        const hash = rowHash({ ...row, prev_hash: prev });
        d.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?").run(prev, hash, row.id);
        prev = hash;
      }
    });
    expect(await cli([])).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "Audit chain BROKEN at record id 2: hash mismatch\n",
    });
  });

  it("finds a key kept outside the data directory with --key-file, and says when it is missing", async () => {
    const keyFile = join(dir, "elsewhere.key");
    seed(2, keyFile);
    expect(await cli(["--key-file", keyFile])).toMatchObject({ code: 0 });
    renameSync(keyFile, join(dir, "moved.key"));
    expect(await cli(["--key-file", keyFile])).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "Audit chain BROKEN at record id 1: audit HMAC key file missing\n",
    });
  });
});
