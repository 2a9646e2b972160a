// Request and order ids as `@stoqey/ib` hands them to event listeners: numbers for most events, but some decode
// the id with readStr (accountUpdateMultiEnd delivers "1000001"), so every id match goes through Number().

/** The id as a number; NaN when it is missing, empty or not an integer. */
export function idOf(value: unknown): number {
  let id = NaN;
  if (typeof value === "number") id = value;
  else if (typeof value === "string" && value.trim() !== "") id = Number(value);
  return Number.isInteger(id) ? id : NaN;
}

/** True when an id delivered by the library names `id`, whether it arrived as a number or as a string. */
export function sameId(value: unknown, id: number): boolean {
  return idOf(value) === id;
}
