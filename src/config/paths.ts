// Path handling for configuration: tilde expansion, resolution against the working directory, and the
// "parent directories are created / must be writable" rule. Touches the file system only here.
import { accessSync, constants, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** Expands a leading `~` or `~/` to the home directory and resolves relative paths against `cwd`. */
export function expandPath(raw: string, cwd: string, home: string = homedir()): string {
  const text = raw.trim();
  let expanded = text;
  if (text === "~") expanded = home;
  else if (text.startsWith("~/")) expanded = join(home, text.slice(2));
  return isAbsolute(expanded) ? resolve(expanded) : resolve(cwd, expanded);
}

/** Creates the parent directory of `path` and checks it is writable; false when either fails. */
export function ensureWritableParent(path: string): boolean {
  try {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
