// A gateway as its own process (the built CLI's `start-api` on a free port), for tests with several gateways sharing
// a database: resolves with its base URL once its health endpoint reports the broker connected.
import { expect } from "vitest";
import type { Body } from "../operations/orders/support/orders.js";
import { ROOT, startProcess, type RunningProcess } from "./spawn.js";

export interface GatewayProcess {
  base: string;
  proc: RunningProcess;
}

export async function startGatewayProcess(
  clientId: number,
  options: { cwd: string; env: Record<string, string> },
): Promise<GatewayProcess> {
  const proc = startProcess(
    process.execPath,
    [`${ROOT}/dist/cli/main.js`, "--client-id", String(clientId), "start-api", "--port", "0"],
    options,
  );
  try {
    const [, health] = await proc.waitFor(/Health\s+(http:\/\/127\.0\.0\.1:\d+)\/health/);
    const base = health ?? "";
    await expect
      .poll(async () => ((await (await fetch(`${base}/health`)).json()) as { status?: string }).status, {
        timeout: 10_000,
      })
      .toBe("ok");
    return { base, proc };
  } catch (error) {
    await proc.stop("SIGKILL");
    throw error;
  }
}

/** A JSON POST; `key` is sent as X-API-Key when given. */
export async function postJson(
  base: string,
  path: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key === undefined ? {} : { "x-api-key": key }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Body };
}
