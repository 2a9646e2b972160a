// Prints the one-line test summary CI ends with, from vitest's JSON report (absent report = nothing ran) and the
// count files of other test runners ({passed, failed, skipped}, e.g. the container test; absent = nothing ran).
// A test file that fails before running any test (e.g. an import error) counts as one failure.
import { existsSync, readFileSync } from "node:fs";

const [vitestPath = ".vitest-report.json", ...countPaths] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestPath)) {
  const report = JSON.parse(readFileSync(vitestPath, "utf8"));
  passed = report.numPassedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  failed = report.numFailedTests ?? 0;
  for (const file of report.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed += 1;
  }
}
for (const path of countPaths) {
  if (!existsSync(path)) continue;
  const counts = JSON.parse(readFileSync(path, "utf8"));
  passed += counts.passed ?? 0;
  failed += counts.failed ?? 0;
  skipped += counts.skipped ?? 0;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
