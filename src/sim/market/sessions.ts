// Trading-hours and liquid-hours strings of contract details, in IB's `YYYYMMDD:HHMM-YYYYMMDD:HHMM;…` form,
// for the next seven days. Informational only: the order engine never consults them.

import { formatYmd, isWeekday } from "./calendar.js";

interface Window {
  /** Day offset of the open relative to the session date (-1 = the evening before). */
  openDayOffset: number;
  open: string;
  close: string;
}

export interface SessionTemplate {
  timeZoneId: string;
  trading: Window;
  liquid: Window;
}

export const EQUITY_SESSION: SessionTemplate = {
  timeZoneId: "US/Eastern",
  trading: { openDayOffset: 0, open: "0400", close: "2000" },
  liquid: { openDayOffset: 0, open: "0930", close: "1600" },
};
export const EASTERN_RTH_SESSION: SessionTemplate = {
  timeZoneId: "US/Eastern",
  trading: { openDayOffset: 0, open: "0930", close: "1600" },
  liquid: { openDayOffset: 0, open: "0930", close: "1600" },
};
export const FUTURE_SESSION: SessionTemplate = {
  timeZoneId: "US/Central",
  trading: { openDayOffset: -1, open: "1700", close: "1600" },
  liquid: { openDayOffset: 0, open: "0830", close: "1500" },
};
export const CBOE_INDEX_SESSION: SessionTemplate = {
  timeZoneId: "US/Central",
  trading: { openDayOffset: 0, open: "0830", close: "1500" },
  liquid: { openDayOffset: 0, open: "0830", close: "1500" },
};
export const FX_SESSION: SessionTemplate = {
  timeZoneId: "US/Eastern",
  trading: { openDayOffset: -1, open: "1715", close: "1700" },
  liquid: { openDayOffset: -1, open: "1715", close: "1700" },
};

const DAYS_LISTED = 7;

function hours(window: Window, today: number): string {
  const days: string[] = [];
  for (let day = today; day < today + DAYS_LISTED; day++) {
    const date = formatYmd(day);
    if (!isWeekday(day)) {
      days.push(`${date}:CLOSED`);
      continue;
    }
    days.push(`${formatYmd(day + window.openDayOffset)}:${window.open}-${date}:${window.close}`);
  }
  return days.join(";");
}

export function sessionFields(
  template: SessionTemplate,
  today: number,
): { timeZoneId: string; tradingHours: string; liquidHours: string } {
  return {
    timeZoneId: template.timeZoneId,
    tradingHours: hours(template.trading, today),
    liquidHours: hours(template.liquid, today),
  };
}
