// Which account a request is about: the requested one if managed, else the first managed account.
import { GatewayError } from "../../domain/index.js";

export function resolveAccountId(requested: string | null | undefined, managed: readonly string[]): string {
  const [first] = managed;
  if (first === undefined) throw new GatewayError("ACCOUNT_ERROR", "Account error: No managed accounts available");
  if (requested === null || requested === undefined || requested === "") return first;
  if (!managed.includes(requested)) throw new GatewayError("ACCOUNT_NOT_FOUND", `Account not found: ${requested}`);
  return requested;
}
