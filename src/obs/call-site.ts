// Source location of a log statement, read from one V8 stack frame captured just above the logger's own frames.
// It does not resolve source maps: it reports the positions the runtime prints (mapped when the runtime maps them).
import { basename } from "node:path";

export interface CallSite {
  module: string;
  function: string;
  line: number;
}

const UNKNOWN: CallSite = { module: "<unknown>", function: "<unknown>", line: 0 };

// "    at name (location:line:column)" or "    at location:line:column" for anonymous top-level code.
const FRAME = /^\s*at (?:(.+?) \()?([^()]+?):(\d+):\d+\)?$/;

/**
 * The frame of whoever called `entry`. Capturing a single frame keeps this cheap: V8 stops walking the stack
 * after it, and skips every frame above `entry` without formatting them.
 */
export function captureCallSite(entry: (...args: never[]) => unknown): CallSite {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, entry);
  Error.stackTraceLimit = limit;
  return parseFrame(holder.stack?.split("\n", 2)[1]);
}

export function parseFrame(frame: string | undefined): CallSite {
  const match = frame === undefined ? null : FRAME.exec(frame);
  if (match === null) return UNKNOWN;
  const [, name, location = "", line = "0"] = match;
  return {
    module: basename(location.replace(/^file:\/\//, "")).replace(/\.[cm]?[jt]sx?$/, ""),
    function: name === undefined ? "<anonymous>" : name.replace(/^(?:async |new )/, ""),
    line: Number(line),
  };
}
