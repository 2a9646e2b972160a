// Source location of a log statement, read from one V8 stack frame captured just above the logger's own frames.
// It does not resolve source maps itself: it reports the positions the runtime knows (mapped when the runtime maps
// them, i.e. under --enable-source-maps or a test runner's stack hook).
import { basename } from "node:path";

export interface CallSite {
  module: string;
  function: string;
  line: number;
}

const UNKNOWN: CallSite = { module: "<unknown>", function: "<unknown>", line: 0 };

// "    at name (location:line:column)" or "    at location:line:column" for anonymous top-level code.
const FRAME = /^\s*at (?:(.+?) \()?([^()]+?):(\d+):\d+\)?$/;

/** Module names by file, so a hot log statement does not redo the string work each time. */
const moduleOfFile = new Map<string, string>();

function moduleOf(file: string): string {
  let module = moduleOfFile.get(file);
  if (module === undefined) {
    module = basename(file.replace(/^file:\/\//, "")).replace(/\.[cm]?[jt]sx?$/, "");
    moduleOfFile.set(file, module);
  }
  return module;
}

const structured = (_error: Error, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

/** No stack hook of anyone's: V8 leaves the property unset, Node 20+ installs its own formatter under this name. */
function isRuntimeDefault(prepare: typeof Error.prepareStackTrace): boolean {
  return prepare === undefined || prepare.name === "ErrorPrepareStackTrace";
}

/**
 * The frame of whoever called `entry`. V8 stops walking the stack after one frame and skips every frame above
 * `entry`. Without a stack hook installed the frame is read as a structured call site (no stack text formatted or
 * parsed); with one (source maps), its text is parsed, so the positions stay mapped.
 */
export function captureCallSite(entry: (...args: never[]) => unknown): CallSite {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  const fast = isRuntimeDefault(prepare) && process.sourceMapsEnabled !== true;
  Error.stackTraceLimit = 1;
  if (fast) Error.prepareStackTrace = structured;
  let stack: unknown;
  try {
    Error.captureStackTrace(holder, entry);
    stack = holder.stack;
  } finally {
    Error.stackTraceLimit = limit;
    if (fast) Error.prepareStackTrace = prepare;
  }
  if (typeof stack === "string") return parseFrame(stack.split("\n", 2)[1]);
  const frame = Array.isArray(stack) ? (stack[0] as NodeJS.CallSite | undefined) : undefined;
  const file = frame?.getFileName() ?? frame?.getScriptNameOrSourceURL();
  if (!frame || !file) return UNKNOWN;
  const name = frame.getFunctionName() ?? frame.getMethodName();
  return { module: moduleOf(file), function: name ? bareName(name) : "<anonymous>", line: frame.getLineNumber() ?? 0 };
}

/** The function's own name, as Python logging's funcName: no `async`/`new`, receiver type or `[as alias]`. */
function bareName(name: string): string {
  return name
    .replace(/^(?:async |new )/, "")
    .replace(/ \[as [^\]]*\]$/, "")
    .replace(/^.*\.(?=[^.]+$)/, "");
}

export function parseFrame(frame: string | undefined): CallSite {
  const match = frame === undefined ? null : FRAME.exec(frame);
  if (match === null) return UNKNOWN;
  const [, name, location = "", line = "0"] = match;
  return {
    module: moduleOf(location),
    function: name === undefined ? "<anonymous>" : bareName(name),
    line: Number(line),
  };
}
