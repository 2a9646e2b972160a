// Cursor over the text fields of one request. Liberal in what it accepts ("values the server
// receives"): empty fields, Java/Python unset sentinels, `Infinite`, exponents and trailing `.0`.
// It only converts text; which fields exist and in what order is the decoders' business.

/** |x| at or above this is one of the "unset double" sentinels (1.7976931348623157E308 in any spelling). */
const UNSET_DOUBLE_THRESHOLD = 1.79e308;
/** Java `Integer.MAX_VALUE`, IBKR's "unset int". */
const UNSET_INT = 2147483647;
const INFINITY_SPELLINGS = new Set(["infinity", "infinite", "inf", "+infinity", "+infinite", "+inf"]);
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A field was missing or not of the expected type: the request is malformed. */
export class FieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldError";
  }
}

export class FieldReader {
  private index: number;

  constructor(
    private readonly fields: readonly string[],
    start = 0,
    private readonly endless = false,
  ) {
    this.index = start;
  }

  /**
   * A reader that yields an empty field forever: decoding from it gives a record with every field at its
   * "not set" value, which is how a message is built for data the client never sent.
   */
  static allUnset(): FieldReader {
    return new FieldReader([], 0, true);
  }

  /** Fields not yet consumed. */
  get remaining(): number {
    return this.endless ? 0 : Math.max(0, this.fields.length - this.index);
  }

  str(): string {
    if (this.index >= this.fields.length) {
      if (this.endless) return "";
      throw new FieldError(`missing field #${this.index}`);
    }
    return this.fields[this.index++] as string;
  }

  /** Integer; empty means 0. */
  int(): number {
    return this.optInt() ?? 0;
  }

  /** Integer, or undefined when empty or the unset sentinel 2147483647. */
  optInt(): number | undefined {
    const text = this.str().trim();
    if (text === "") return undefined;
    const value = this.parseNumber(text);
    if (!Number.isInteger(value)) throw new FieldError(`field #${this.index - 1} is not an integer: ${text}`);
    return value === UNSET_INT ? undefined : value;
  }

  /** Double; empty or unset means 0. */
  float(): number {
    return this.optFloat() ?? 0;
  }

  /** Double, or undefined when empty or an unset sentinel; `Infinite`/`Infinity`/`inf` give +Infinity. */
  optFloat(): number | undefined {
    const text = this.str().trim();
    if (text === "") return undefined;
    const lower = text.toLowerCase();
    if (INFINITY_SPELLINGS.has(lower)) return Infinity;
    if (lower.startsWith("-") && INFINITY_SPELLINGS.has(lower.slice(1))) return -Infinity;
    const value = this.parseNumber(text);
    return Math.abs(value) >= UNSET_DOUBLE_THRESHOLD ? undefined : value;
  }

  /** Decimal quantity (`100`, `100.0`, `10.5`); empty or unset means 0. */
  decimal(): number {
    return this.optFloat() ?? 0;
  }

  /** Boolean: `1`/`true` are true; empty, `0` and `false` are false. */
  bool(): boolean {
    return this.optBool() ?? false;
  }

  /** Boolean, or undefined when empty (needed where "not sent" differs from "false", e.g. transmit). */
  optBool(): boolean | undefined {
    const text = this.str().trim().toLowerCase();
    if (text === "") return undefined;
    if (text === "true") return true;
    if (text === "false") return false;
    return this.parseNumber(text) !== 0;
  }

  private parseNumber(text: string): number {
    if (!NUMBER_TEXT.test(text)) throw new FieldError(`field #${this.index - 1} is not a number: ${text}`);
    return Number(text);
  }
}
