// Prints the one-line test summary CI ends with, from vitest's JSON report (absent report = nothing ran).
// A test file that fails before running any test (e.g. an import error) counts as one failure.
import { existsSync, readFileSync } from "node:fs";

const path = process.argv[2] ?? ".vitest-report.json";
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(path)) {
  const report = JSON.parse(readFileSync(path, "utf8"));
  passed = report.numPassedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  failed = report.numFailedTests ?? 0;
  for (const file of report.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
