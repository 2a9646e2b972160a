// Human output of CLI commands: aligned tables, ✓/✗/⚠ marks with colour only on a terminal (and never with
// NO_COLOR), JSON for --json. Command results go to stdout; progress and errors go to stderr.
import { GatewayError } from "../domain/index.js";

const useColour = (stream: NodeJS.WriteStream): boolean => stream.isTTY === true && !process.env.NO_COLOR;

function paint(code: number, text: string, stream: NodeJS.WriteStream): string {
  return useColour(stream) ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export const ok = (text: string) => paint(32, `✓ ${text}`, process.stdout);
export const warn = (text: string) => paint(33, `⚠ ${text}`, process.stdout);
export const bold = (text: string) => paint(1, text, process.stdout);

export function fail(text: string): void {
  console.error(paint(31, `✗ ${text}`, process.stderr));
}

/** A warning about the run itself (not a result): on stderr, so piped output stays clean. */
export function warnError(text: string): void {
  console.error(paint(33, `⚠ ${text}`, process.stderr));
}

/** Progress on anything that waits; stderr so piped stdout stays machine-readable. */
export function progress(text: string): void {
  console.error(text);
}

/** Two-column key/value table. */
export function printFields(rows: [string, unknown][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [key, value] of rows)
    console.log(`${key.padEnd(width)}  ${value === null || value === undefined ? "-" : String(value)}`);
}

/** Column table with a header; numbers right-aligned. */
export function printTable(header: string[], rows: unknown[][]): void {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? "-" : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(bold(line(header)));
  for (const r of cells) console.log(line(r));
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** An error as the envelope (--json, on stdout) or as a ✗ line on stderr. */
export function printError(error: unknown, json: boolean): void {
  const gw = error instanceof GatewayError ? error : null;
  if (json) {
    printJson(gw ? gw.toEnvelope() : { error_code: "INTERNAL_ERROR", message: String(error) });
    return;
  }
  fail(gw ? gw.message : error instanceof Error ? error.message : String(error));
}
