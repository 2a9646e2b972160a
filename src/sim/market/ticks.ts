// Price rounding to an instrument's minimum tick, free of binary floating-point noise (99.99, never 99.98999…).
// Rounds only; deciding which price to round is the caller's business.

function decimalsOf(tick: number): number {
  const text = tick.toString();
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

function fixed(value: number, tick: number): number {
  return Number(value.toFixed(decimalsOf(tick)));
}

export function roundToTick(price: number, tick: number): number {
  return fixed(Math.round(price / tick) * tick, tick);
}

export function ceilToTick(price: number, tick: number): number {
  return fixed(Math.ceil(price / tick - 1e-9) * tick, tick);
}

export function floorToTick(price: number, tick: number): number {
  return fixed(Math.floor(price / tick + 1e-9) * tick, tick);
}

/** Money and other derived figures: 6 decimals, as the product rounds derived values. */
export function round6(value: number): number {
  return Number(value.toFixed(6));
}
