// Human and JSON output of `audit query`.
import type { AuditRecord, StoreStats } from "../../operations/index.js";

export function printAuditPage(
  page: { records: AuditRecord[]; total: number },
  view: { offset: number; limit: number; verbose: boolean; json: boolean },
): void {
  if (view.json) return console.log(JSON.stringify(page));
  if (page.records.length === 0) return console.log("No audit records found matching criteria.");
  console.log(`Found ${page.total} audit record(s):`);
  for (const r of page.records) {
    const corr = r.correlationId === null ? "-" : r.correlationId.slice(0, 16);
    console.log(`[${r.timestamp}] ${r.eventType} (corr: ${corr}, acct: ${r.accountId ?? "-"})`);
    if (view.verbose) {
      console.log(indent(`Data: ${JSON.stringify(r.eventData, null, 2)}`));
      console.log(indent(`User: ${JSON.stringify(r.userContext, null, 2)}`));
    }
  }
  const last = view.offset + page.records.length;
  if (page.records.length === view.limit && last < page.total) {
    console.log(`Showing records ${view.offset + 1}-${last}`);
    console.log(`Use --offset ${last} to see more`);
  }
}

export function printStats(stats: StoreStats, json: boolean): void {
  if (json) return console.log(JSON.stringify(stats));
  console.log("Database Statistics:");
  console.log(`  Path: ${stats.path}`);
  console.log(`  Size: ${(stats.sizeBytes / (1024 * 1024)).toFixed(2)} MB`);
  console.log(`  Audit log records: ${stats.auditRecords}`);
  console.log(`  Order history records: ${stats.orderRecords}`);
  console.log(`  Schema version: ${stats.schemaVersion}`);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
