// Historical bar conversion: the library's per-bar events with formatDate 2 become domain Bars.
// Pure; the request, its end marker and its errors are handled in historical-data.ts.
import type { Bar } from "../../domain/index.js";

/** The library signals the end of a HISTORICAL_DATA message with one extra bar dated "finished-…". */
export function isEndMarker(date: string): boolean {
  return date.startsWith("finished");
}

/** Epoch seconds → exact UTC start; YYYYMMDD (daily and longer) → that trading date at midnight UTC. */
export function barTime(date: string): string {
  const trimmed = date.trim();
  const day = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (day) return `${day[1]}-${day[2]}-${day[3]}T00:00:00.000Z`;
  if (/^\d+$/.test(trimmed)) return new Date(Number(trimmed) * 1000).toISOString();
  throw new Error(`Unexpected historical bar date '${date}'`);
}

export interface RawBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function toBar(symbol: string, barSize: string, raw: RawBar): Bar {
  return {
    symbol,
    time: barTime(raw.date),
    open: raw.open,
    high: raw.high,
    low: raw.low,
    close: raw.close,
    // The broker reports -1 when it has no volume for a bar (e.g. MIDPOINT); the contract says 0.
    volume: Number.isFinite(raw.volume) && raw.volume > 0 ? raw.volume : 0,
    barSize,
    source: "IBKR_HISTORICAL",
  };
}

/** UTC form the broker accepts for endDateTime: `YYYYMMDD-HH:MM:SS`. */
export function brokerEndDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19)}`;
}
