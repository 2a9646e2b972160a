// --start/--end values of the audit commands: an ISO timestamp, or a date that expands to the first
// or last millisecond of that UTC day. Returns the canonical ISO form, or null when the value is neither.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function expandTimeBound(raw: string, edge: "start" | "end"): string | null {
  const text = raw.trim();
  const candidate = DATE_ONLY.test(text) ? `${text}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(candidate)) return null;
  const ms = Date.parse(candidate);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return DATE_ONLY.test(text) && iso.slice(0, 10) !== text ? null : iso;
}
