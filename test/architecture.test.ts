// The architecture rules (.dependency-cruiser.cjs) hold for src/, and they do fire on a tree that breaks them.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const rules = require("../.dependency-cruiser.cjs") as { forbidden: unknown[]; options: object };

async function violations(baseDir: string): Promise<{ rule: string; from: string; to: string }[]> {
  const result = await cruise(["src"], {
    ...rules.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: rules.forbidden },
  } as never);
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe("architecture rules", () => {
  it("src/ has no violations", async () => {
    expect(await violations(root)).toEqual([]);
  }, 60_000);

  it("a forbidden import is reported with the rule that forbids it", async () => {
    const found = await violations(fileURLToPath(new URL("fixtures/arch-violation", import.meta.url)));
    expect(found).toEqual(
      expect.arrayContaining([
        { rule: "leaves-import-nothing-of-ours", from: "src/domain/bad.ts", to: "src/api/app.ts" },
        { rule: "core-does-not-know-interfaces", from: "src/domain/bad.ts", to: "src/api/app.ts" },
        { rule: "sim-is-self-contained", from: "src/sim/server.ts", to: "src/broker/adapter.ts" },
        expect.objectContaining({ rule: "only-store-imports-database-drivers", from: "src/operations/raw-db.ts" }),
      ]),
    );
    const drivers = found.filter((v) => v.rule === "only-store-imports-database-drivers").map((v) => v.to);
    expect(drivers).toEqual(
      expect.arrayContaining([expect.stringMatching(/better-sqlite3/), expect.stringMatching(/node_modules\/pg\//)]),
    );
  }, 60_000);
});
