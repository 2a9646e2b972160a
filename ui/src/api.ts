// Calls to the gateway's REST API with the person's key; error answers become ApiError with the gateway's code.
import type { Scope } from "./models";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export interface Session {
  keyName: string | null;
  scopes: Scope[];
  authRequired: boolean;
}

export function createApi(key: string): Api {
  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { "X-API-Key": key, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(path, {
      method,
      headers,
      cache: "no-store",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const data = text === "" ? null : (JSON.parse(text) as unknown);
    if (!res.ok) {
      const envelope = (data ?? {}) as { error_code?: string; message?: string; details?: Record<string, unknown> };
      throw new ApiError(
        res.status,
        envelope.error_code ?? `HTTP_${res.status}`,
        envelope.message ?? res.statusText,
        envelope.details,
      );
    }
    return data as T;
  }
  return { get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

/** `CODE: message`, with the first validation issue's field and message when there is one. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const issue = (err.details?.["issues"] as { field?: string; message?: string }[] | undefined)?.[0];
    const where = issue ? ` (${issue.field ?? "?"}: ${issue.message ?? "?"})` : "";
    return `${err.code}: ${err.message}${where}`;
  }
  return err instanceof Error ? err.message : String(err);
}
