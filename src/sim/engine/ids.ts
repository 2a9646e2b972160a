// Where a simulator run starts numbering permIds and execution ids. A deterministic run starts at the fixed base
// (permId 1,000,001, execution counter 1); any other run adds an offset taken from its clock, so a restarted simulator
// does not hand out the permId or execution id of an earlier run to a client that stored them.

/** The offset counts tenths of a second and wraps after 10^9 of them (about 3.2 years): permIds stay below 2^31. */
const OFFSET_CYCLE = 1_000_000_000;
const OFFSET_UNIT_MS = 100;

/**
 * The id offset of a run started at `nowMs`. Two runs started t seconds apart never share an id as long as the first
 * one issued fewer than 10 × t ids.
 */
export function runIdOffset(nowMs: number): number {
  return Math.floor(nowMs / OFFSET_UNIT_MS) % OFFSET_CYCLE;
}
