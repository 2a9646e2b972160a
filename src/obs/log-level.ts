// Log level and format names of the gateway (LOG_LEVEL, LOG_FORMAT) and how they sit on pino's numeric levels.
// Parsing the environment's values is src/config's job; this file only names the levels.

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = "json" | "text";

export type PinoLabel = "debug" | "info" | "warn" | "error" | "fatal";

// CRITICAL rides on pino's built-in "fatal" so the numeric levels stay the ones pino tooling knows.
export const PINO_LABEL: Readonly<Record<LogLevel, PinoLabel>> = {
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warn",
  ERROR: "error",
  CRITICAL: "fatal",
};

/** Our level name for a pino level label ("trace" is never emitted by the gateway, so it reads as DEBUG). */
export function levelOfPinoLabel(label: string): LogLevel {
  return LOG_LEVELS.find((level) => PINO_LABEL[level] === label) ?? "DEBUG";
}
