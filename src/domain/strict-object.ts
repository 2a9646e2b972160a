// Objects that refuse fields they do not know. A misspelled field (`time_in_force` for `tif`, `account` for
// `accountId`) is a validation error naming the field and, when one is close, the field that was meant — never a
// silently dropped value that turns into a default.
import { z } from "zod";

/** Spellings people reach for, normalised (lower case, no `_`/`-`), mapped to the normalised field they mean. */
const ALIASES: Record<string, string> = {
  timeinforce: "tif",
  account: "accountid",
  acct: "accountid",
  qty: "quantity",
  sectype: "securitytype",
  type: "securitytype",
  action: "side",
  price: "limitprice",
  lmtprice: "limitprice",
  auxprice: "stopprice",
  barsizesetting: "barsize",
  durationstr: "duration",
  userth: "rthonly",
  ticker: "symbol",
};

const normalise = (name: string) => name.toLowerCase().replace(/[_-]/g, "");

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known field `given` most likely stands for, if any: the same name in another case style (`limit_price` for
 * `limitPrice`), a common alias (`time_in_force` for `tif`), a name it is the start or end of (`account` for
 * `account_id`, `security_type` for `instrument_security_type`), or one within a small edit distance.
 */
export function closestField(given: string, known: readonly string[]): string | undefined {
  const key = normalise(given);
  const target = ALIASES[key] ?? key;
  const forms = known.map((name) => ({ name, form: normalise(name) }));
  const exact = forms.find((f) => f.form === key || f.form === target || f.form.endsWith(`${target}`));
  if (exact) return exact.name;
  if (key.length >= 4) {
    const partial = forms.find((f) => f.form.startsWith(key) || f.form.endsWith(key));
    if (partial) return partial.name;
  }
  const limit = Math.max(1, Math.floor(key.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const f of forms) {
    const distance = editDistance(key, f.form);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: f.name, distance };
  }
  return best?.name;
}

/** The sentence for one unknown field. */
export function unknownFieldMessage(field: string, known: readonly string[], noun = "field"): string {
  const meant = closestField(field, known);
  return meant === undefined
    ? `unknown ${noun} \`${field}\` (known: ${known.join(", ")})`
    : `unknown ${noun} \`${field}\`; did you mean \`${meant}\`?`;
}

/** Separates the per-field sentences of one unrecognized-keys issue (see `splitUnknownFields`). */
const SEPARATOR = "\n";

/**
 * `z.object(shape)` that rejects unknown keys. Its unrecognized-keys issue carries one sentence per unknown key, in
 * the order of the issue's `keys`; `splitUnknownFields` turns it into one issue per field.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S, noun = "field") {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => unknownFieldMessage(key, known, noun)).join(SEPARATOR)
        : undefined,
  });
}

/** One `{key, message}` per unknown key of an unrecognized-keys issue built by `strictObject`. */
export function splitUnknownFields(keys: readonly string[], message: string): { key: string; message: string }[] {
  const parts = message.split(SEPARATOR);
  return keys.map((key, i) => ({
    key,
    message: parts.length === keys.length ? (parts[i] ?? message) : `unknown field \`${key}\``,
  }));
}
