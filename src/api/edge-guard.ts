// The first gate of every request: the Host must be one this server answers to (no DNS rebinding), a browser
// Origin must be allowed (no cross-site reads or writes), and a state-changing request must be one a browser cannot
// send cross-site without a preflight. It decides; the app turns a refusal into the error envelope and the audit.
import { isIP } from "node:net";
import { isLoopbackHost, type HttpEdgeConfig } from "../config/index.js";

export type EdgeRefusal = "forbidden_host" | "forbidden_origin" | "simple_write";

export interface EdgeRequest {
  method: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Address and port of this server's end of the connection (undefined under inject). */
  localAddress: string | undefined;
  localPort: number | undefined;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `Example.COM:8000` → {hostname: "example.com", port: 8000}; `[::1]` → {hostname: "::1", port: undefined}. */
export function splitHost(host: string): { hostname: string; port: number | undefined } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (match === null) return null;
  const hostname = (match[1] ?? "").toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return { hostname, port: match[2] === undefined ? undefined : Number(match[2]) };
}

const plainAddress = (address: string) => address.replace(/^::ffff:/, "").toLowerCase();

export class EdgePolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  constructor(
    config: HttpEdgeConfig,
    /** API_HOST: a bind name other than an IP (e.g. `gateway.lan`) is accepted with the bound port. */
    private readonly bindHost: string,
  ) {
    this.hosts = new Set(config.allowedHosts);
    this.origins = new Set(config.allowedOrigins);
  }

  /** Loopback names on any port, the address and port the connection arrived on, the bind name, ALLOWED_HOSTS. */
  isHostAllowed(host: string | undefined, localAddress: string | undefined, localPort: number | undefined): boolean {
    if (host === undefined) return false;
    const parts = splitHost(host);
    if (parts === null) return false;
    const { hostname, port } = parts;
    if (isLoopbackHost(hostname)) return true;
    if (
      this.hosts.has(this.bracket(hostname)) ||
      (port !== undefined && this.hosts.has(`${this.bracket(hostname)}:${port}`))
    ) {
      return true;
    }
    const samePort = (port ?? 80) === localPort;
    if (localAddress !== undefined && isIP(hostname) !== 0 && hostname === plainAddress(localAddress)) return samePort;
    return hostname === this.bindHost.toLowerCase() && samePort;
  }

  /** No Origin (not a browser, or a same-origin GET), a loopback origin, ALLOWED_ORIGINS, or this very host. */
  isOriginAllowed(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    if (isLoopbackHost(url.hostname)) return true;
    if (this.origins.has(url.origin.toLowerCase())) return true;
    return host !== undefined && url.host.toLowerCase() === host.trim().toLowerCase();
  }

  /** True when the Origin is one that gets CORS headers (a foreign-but-allowed dashboard). */
  isListedOrigin(origin: string | undefined): boolean {
    return origin !== undefined && this.origins.has(origin.toLowerCase());
  }

  check(req: EdgeRequest): EdgeRefusal | null {
    const host = first(req.headers["host"]);
    if (!this.isHostAllowed(host, req.localAddress, req.localPort)) return "forbidden_host";
    if (!this.isOriginAllowed(first(req.headers["origin"]), host)) return "forbidden_origin";
    return null;
  }

  private bracket(hostname: string): string {
    return hostname.includes(":") ? `[${hostname}]` : hostname;
  }
}

/**
 * Whether a browser could not have sent this write cross-site without a preflight. Only POST can be a CORS
 * "simple" write (PUT, DELETE, ... always preflight); a POST qualifies with a JSON Content-Type or an X-API-Key
 * header. A form post, a text/plain fetch or a body-less POST qualify for neither.
 */
export function isPreflighted(method: string, headers: EdgeRequest["headers"]): boolean {
  if (method !== "POST") return true;
  const type = first(headers["content-type"])?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return true;
  const key = first(headers["x-api-key"]);
  return key !== undefined && key !== "";
}
