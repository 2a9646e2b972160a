// The one place that decides how a value looks on the wire: integers
// without a decimal point, booleans as 0/1, fixed-point numbers, IBKR's unset sentinels, `Infinity`, ASCII text.
// It builds the field list of one message; framing is done by framing.ts.

import { encodeFrame } from "./framing.js";

/** What real TWS prints for an unset double (Java `Double.MAX_VALUE`). */
const UNSET_DOUBLE_TEXT = "1.7976931348623157E308";
/** What real TWS prints for an unset int (Java `Integer.MAX_VALUE`). */
const UNSET_INT_TEXT = "2147483647";

export class FieldWriter {
  private readonly fields: string[] = [];

  constructor(messageId?: number) {
    if (messageId !== undefined) this.int(messageId);
  }

  /** Text as is. Callers pass ASCII; use `text` where the protocol allows \uXXXX escapes. */
  str(value: string): this {
    this.fields.push(value);
    return this;
  }

  /** Text with non-ASCII and control characters written as \uXXXX (ERR_MSG text and longName only). */
  text(value: string): this {
    this.fields.push(value.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
    return this;
  }

  /** Integer; undefined writes an empty field, which every client reads as 0. */
  int(value: number | undefined): this {
    this.fields.push(value === undefined ? "" : String(Math.trunc(value)));
    return this;
  }

  /** Integer in a "show unset" field: undefined writes 2147483647 like real TWS. */
  intOrUnset(value: number | undefined): this {
    return value === undefined ? this.str(UNSET_INT_TEXT) : this.int(value);
  }

  /** Double in fixed-point text; undefined writes an empty field; +∞ writes `Infinity`. */
  float(value: number | undefined): this {
    this.fields.push(value === undefined ? "" : formatNumber(value));
    return this;
  }

  /** Double where real TWS writes 1.7976931348623157E308 for "not set". */
  floatOrUnset(value: number | undefined): this {
    return value === undefined ? this.str(UNSET_DOUBLE_TEXT) : this.float(value);
  }

  /** Decimal quantity (size, position, shares, volume): fixed-point, never an exponent; undefined writes empty. */
  decimal(value: number | undefined): this {
    return this.float(value);
  }

  bool(value: boolean | undefined): this {
    this.fields.push(value ? "1" : "0");
    return this;
  }

  /** The fields written so far, message id first. */
  toFields(): string[] {
    return [...this.fields];
  }

  toFrame(): Buffer {
    return encodeFrame(this.fields);
  }
}

/** Fixed-point text without binary noise: 150.25, 0.1 + 0.2 → 0.3, 1e-7 → 0.0000001. */
export function formatNumber(value: number): string {
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Number.isNaN(value)) return "";
  if (Number.isInteger(value)) return String(value);
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!text.includes("e")) return text;
  return rounded.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}
