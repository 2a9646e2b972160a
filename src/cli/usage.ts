// Values the command line can check before connecting: a mistake in them is a usage error (exit 2), reported before
// any broker connection is opened.
import { GatewayError } from "../domain/index.js";
import { CliExit } from "./config.js";

/** Runs a domain check; its validation error becomes `error: <message>` on stderr and exit 2. */
export function checkUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof GatewayError && err.code === "VALIDATION_ERROR") {
      console.error(`error: ${err.message}`);
      throw new CliExit(2);
    }
    throw err;
  }
}
