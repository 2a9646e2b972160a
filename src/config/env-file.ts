// Reads `.env` from the working directory. Values already present in the real environment always win;
// the file never changes process.env — the merged view is returned instead.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

export type EnvSource = Readonly<Record<string, string | undefined>>;

export function mergeDotEnv(env: EnvSource, cwd: string): EnvSource {
  const path = join(cwd, ".env");
  if (!existsSync(path)) return env;
  const fromFile = parseEnv(readFileSync(path, "utf8"));
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** A variable set to the empty string (or only whitespace) counts as unset. */
export function readVar(env: EnvSource, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}
