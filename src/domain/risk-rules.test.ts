import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RISK_RULES } from "./order-models.js";

function documentedRules(): string[] {
  const text = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const section = (text.split("## Risk rules of a `RISK_LIMIT` refusal")[1] ?? "").split("\n## ")[0] ?? "";
  return [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1] ?? "");
}

describe("risk rules and docs/errors.md", () => {
  it("documents every rule a risk refusal can name, and no other", () => {
    expect(documentedRules().sort()).toEqual([...RISK_RULES].sort());
  });
});
