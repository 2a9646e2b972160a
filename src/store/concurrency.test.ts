import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";

const STORE_DIR = dirname(fileURLToPath(import.meta.url));
const PARENT_ROWS = 100;

let dir: string;
const stores: AuditStore[] = [];
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-concurrency-"));
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

function open(path: string): AuditStore {
  const store = openAuditStore(path);
  stores.push(store);
  return store;
}

function append(store: AuditStore, writer: string, n: number): number {
  const record = store.append({
    eventType: "AUTH_FAILURE",
    eventData: { method: writer, path: `/${n}`, reason: "missing" },
  });
  return record.id;
}

/** Number of runs of consecutive rows written by the same writer: more than 2 means the writers interleaved. */
function writerRuns(store: AuditStore): number {
  const writers = store.queryAudit({ limit: 1_000_000 }).records.map((r) => r.eventData["method"]);
  return writers.filter((writer, i) => i === 0 || writers[i - 1] !== writer).length;
}

// The child runs the store's own code, transpiled to plain ESM next to a link to this repository's node_modules.
function buildChildScript(): string {
  const out = join(dir, "child");
  mkdirSync(join(out, "store"), { recursive: true });
  symlinkSync(resolve(STORE_DIR, "../../node_modules"), join(out, "node_modules"), "dir");
  writeFileSync(join(out, "package.json"), '{"type":"module"}');
  for (const file of readdirSync(STORE_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const { outputText } = ts.transpileModule(readFileSync(join(STORE_DIR, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(out, "store", file.replace(/\.ts$/, ".js")), outputText);
  }
  const script = join(out, "append.js");
  // Appends until its stdin closes, yielding between rows and printing the id of each row it wrote.
  writeFileSync(
    script,
    `import { setImmediate as tick } from "node:timers/promises";
     import { openAuditStore } from "./store/audit-store.js";
     const store = openAuditStore(process.argv[2]);
     let stopped = false;
     process.stdin.on("end", () => { stopped = true; }).resume();
     for (let n = 0; !stopped; n++) {
       const row = { eventType: "AUTH_FAILURE", eventData: { method: "child", path: "/" + n, reason: "missing" } };
       process.stdout.write(store.append(row).id + "\\n");
       await tick();
     }
     store.close();`,
  );
  return script;
}

function startChild(script: string, path: string) {
  const child = spawn(process.execPath, [script, path], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
  const ids = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  // Resolves once the child reports a row with a greater id: proof that its writes and ours interleave.
  const rowAfter = async (id: number): Promise<void> => {
    for (;;) {
      const { value, done } = await ids.next();
      if (done === true) throw new Error("child stopped writing");
      if (Number(value) > id) return;
    }
  };
  return { rowAfter, exited, stop: () => child.stdin.end() };
}

describe("several writers on one file", () => {
  it("two store instances appending alternately keep one valid chain", () => {
    const path = join(dir, "audit.db");
    const [a, b] = [open(path), open(path)];
    for (let n = 0; n < 50; n++) {
      append(n % 3 === 0 ? b : a, n % 3 === 0 ? "b" : "a", n);
    }
    expect(a.verifyChain()).toEqual({ ok: true, count: 50 });
    expect(writerRuns(a)).toBeGreaterThan(2);
  });

  it("a child process and this process appending at the same time keep one valid chain", async () => {
    const path = join(dir, "audit.db");
    const store = open(path);
    const child = startChild(buildChildScript(), path);
    await child.rowAfter(0);
    for (let n = 0; n < PARENT_ROWS; n++) {
      await child.rowAfter(append(store, "parent", n));
    }
    child.stop();
    expect(await child.exited).toBe(0);
    const total = store.queryAudit({ limit: 1 }).total;
    expect(total).toBeGreaterThan(PARENT_ROWS);
    expect(store.verifyChain()).toEqual({ ok: true, count: total });
    expect(writerRuns(store)).toBeGreaterThanOrEqual(2 * PARENT_ROWS);
  });
});
