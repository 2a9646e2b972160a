// The keys file: only hashes are written, matching finds the right record, and bad files are reported plainly.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateApiKey, matchApiKey, readApiKeysFile, writeApiKeysFile } from "./api-keys.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("API keys file", () => {
  it("writes hashes readable by the owner only and matches each key to its own record", () => {
    dir = mkdtempSync(join(tmpdir(), "apikeys-"));
    const path = join(dir, "keys.json");
    const a = generateApiKey();
    const b = generateApiKey();
    writeApiKeysFile(path, [
      { name: "a", hash: a.hash, scopes: ["read"] },
      { name: "b", hash: b.hash, scopes: ["trade"], maxOrderNotional: 100 },
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const read = readApiKeysFile(path);
    if (!read.ok) throw new Error(read.problem);
    expect(matchApiKey(read.keys, b.key)?.name).toBe("b");
    expect(matchApiKey(read.keys, a.key)?.name).toBe("a");
    expect(matchApiKey(read.keys, `${a.key}x`)).toBeNull();
  });

  it("reports a missing file, bad JSON, unknown scopes, reserved and duplicate names", () => {
    dir = mkdtempSync(join(tmpdir(), "apikeys-"));
    const path = join(dir, "keys.json");
    expect(readApiKeysFile(path)).toMatchObject({ ok: false, missing: true });
    writeFileSync(path, "{");
    expect(readApiKeysFile(path)).toMatchObject({ ok: false, problem: expect.stringContaining("not valid JSON") });
    const { hash } = generateApiKey();
    writeFileSync(
      path,
      JSON.stringify([
        { name: "API_KEY", hash, scopes: ["read"] },
        { name: "x", hash, scopes: ["write"] },
      ]),
    );
    const bad = readApiKeysFile(path);
    expect(bad.ok).toBe(false);
    const problem = bad.ok ? "" : bad.problem;
    expect(problem).toContain("0.name: 'API_KEY' is reserved");
    expect(problem).toContain("1.scopes.0");
    writeFileSync(path, JSON.stringify([1, 2].map(() => ({ name: "y", hash, scopes: ["read"] }))));
    expect(readApiKeysFile(path)).toMatchObject({ problem: expect.stringContaining("1.name: duplicate name 'y'") });
  });
});
