// The gateway's logger: pino underneath, producing the log line contract (JSON or text) with call-site fields,
// the correlation id of the current request and masked secrets. It writes only where its destination says.
import { destination as pinoDestination, pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import { captureCallSite, type CallSite } from "./call-site.js";
import { currentCorrelationId, currentKeyName } from "./correlation.js";
import { addFields, maskSecrets, type LogFields } from "./log-fields.js";
import { PINO_LABEL, levelOfPinoLabel, type LogFormat, type LogLevel, type PinoLabel } from "./log-level.js";

export type LogDestination = "stdout" | "stderr" | { write(line: string): unknown };

export interface LoggerOptions {
  /** Lowest level written; default INFO. */
  level?: LogLevel;
  /** Default json. */
  format?: LogFormat;
  /** Default stderr: stdout belongs to command output and to the MCP stdio protocol. */
  destination?: LogDestination;
  /** The `logger` field of the root logger; default `ibkr-gateway`. */
  name?: string;
  /** Clock of the `timestamp` field. */
  now?: () => Date;
}

export interface Logger {
  readonly name: string;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warning(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  critical(message: string, fields?: LogFields): void;
  isLevelEnabled(level: LogLevel): boolean;
  /**
   * One log statement for a hot path, called from a single place: its call site is read on the first call and reused,
   * so each later line skips the stack capture.
   */
  statement(level: LogLevel, message: string): (fields?: LogFields) => void;
  /** A logger writing to the same place with `name` as its `logger` field. */
  child(name: string): Logger;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const now = options.now ?? (() => new Date());
  const root = pino(
    {
      level: PINO_LABEL[options.level ?? "INFO"],
      base: undefined,
      messageKey: "message",
      timestamp: () => `,"timestamp":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: levelOfPinoLabel(label) }) },
      hooks: options.format === "text" ? { streamWrite: toTextLine } : {},
    },
    toDestination(options.destination ?? "stderr"),
  );
  return new GatewayLogger(root, options.name ?? "ibkr-gateway");
}

function toDestination(destination: LogDestination): DestinationStream {
  if (destination === "stdout") return pinoDestination({ dest: 1, sync: true });
  if (destination === "stderr") return pinoDestination({ dest: 2, sync: true });
  return destination;
}

// Text lines are rendered from the JSON line pino built, so both formats carry exactly the same values.
function toTextLine(json: string): string {
  const record = JSON.parse(json) as Record<string, unknown>;
  const time = String(record["timestamp"]).slice(0, 23).replace("T", " ");
  const correlation = typeof record["correlation_id"] === "string" ? record["correlation_id"].slice(0, 8) : "-";
  const head = `${time} [${String(record["level"])}] [${correlation}]`;
  return `${head} ${String(record["logger"])} - ${String(record["message"])}\n`;
}

class GatewayLogger implements Logger {
  private readonly sink: PinoLogger;

  constructor(
    private readonly root: PinoLogger,
    readonly name: string,
  ) {
    this.sink = root.child({ logger: name });
  }

  debug(message: string, fields?: LogFields): void {
    this.emit("DEBUG", message, fields, this.debug);
  }

  info(message: string, fields?: LogFields): void {
    this.emit("INFO", message, fields, this.info);
  }

  warning(message: string, fields?: LogFields): void {
    this.emit("WARNING", message, fields, this.warning);
  }

  error(message: string, fields?: LogFields): void {
    this.emit("ERROR", message, fields, this.error);
  }

  critical(message: string, fields?: LogFields): void {
    this.emit("CRITICAL", message, fields, this.critical);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.sink.isLevelEnabled(PINO_LABEL[level]);
  }

  // Children hang off the root, not off this logger, so a line never carries two `logger` bindings.
  child(name: string): Logger {
    return new GatewayLogger(this.root, name);
  }

  statement(level: LogLevel, message: string): (fields?: LogFields) => void {
    const label = PINO_LABEL[level];
    let site: CallSite | null = null;
    const log = (fields?: LogFields): void => {
      if (!this.sink.isLevelEnabled(label)) return;
      site ??= captureCallSite(log);
      this.write(label, message, fields, site);
    };
    return log;
  }

  private emit(level: LogLevel, message: string, fields: LogFields | undefined, entry: (...args: never[]) => unknown) {
    const label = PINO_LABEL[level];
    if (!this.sink.isLevelEnabled(label)) return;
    this.write(label, message, fields, captureCallSite(entry));
  }

  private write(label: PinoLabel, message: string, fields: LogFields | undefined, site: CallSite): void {
    // `message` goes in the merged object rather than as pino's msg argument so it precedes the other fields.
    const record: Record<string, unknown> = {
      message: maskSecrets(message),
      correlation_id: currentCorrelationId(),
      module: site.module,
      function: site.function,
      line: site.line,
    };
    const keyName = currentKeyName();
    if (keyName !== undefined) record["api_key_name"] = keyName;
    if (fields !== undefined) addFields(record, fields);
    this.sink[label](record);
  }
}
