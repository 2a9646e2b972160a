// Option-value parsers shared by CLI commands. A bad value is a usage error (exit 2).
import { InvalidArgumentError } from "commander";

export function parseIntOption(name: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be an integer between ${min} and ${max}, got '${raw}'`);
    }
    return value;
  };
}

/** Options that apply to every command (given before the command name). */
export interface GlobalOptions {
  host?: string;
  port?: number;
  paper?: boolean;
  live?: boolean;
  simulate?: boolean;
  clientId?: number;
  json?: boolean;
}
