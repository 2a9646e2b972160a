// The dashboard at /ui: the files vite built from ui/ into dist/ui, served without a key (the page holds no data;
// every API call it makes sends the key the person typed in) and with a strict Content-Security-Policy. The file list
// is read once when the app is built: only those files are served, so no request path ever reaches the file system.
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";
import { GatewayError } from "../domain/index.js";

/** Same-origin only: scripts, styles, images and API/WebSocket calls come from the gateway itself, nothing inline. */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const UI_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": UI_CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Vite puts content-hashed files under assets/: they never change, so browsers may keep them for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Where the built dashboard is: dist/ui next to the compiled server (dist/api → dist/ui), or, when the server runs
 * from its TypeScript sources (tests), the dist/ui of the checkout.
 */
export function defaultUiDir(): string {
  const candidates = ["../ui/", "../../dist/ui/"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, "index.html"))) ?? candidates[0]!;
}

function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(join(dir, "index.html"))) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(dir, full).split(sep).join("/");
    if (TYPES[extname(rel)] !== undefined) files.set(rel, full);
  }
  return files;
}

export function addUiRoutes(app: FastifyInstance, dir: string): void {
  const files = listFiles(dir);
  const notBuilt = () =>
    new GatewayError(
      "NOT_FOUND",
      "The dashboard is not built: run `npm run build` (it writes dist/ui), then restart the gateway",
    );

  async function send(reply: FastifyReply, rel: string) {
    const full = files.get(rel);
    if (full === undefined) {
      if (files.size === 0) throw notBuilt();
      throw new GatewayError("NOT_FOUND", `No dashboard file /ui/${rel}`);
    }
    reply.headers(UI_HEADERS);
    reply.header("Cache-Control", rel.startsWith("assets/") ? IMMUTABLE : "no-cache");
    reply.type(TYPES[extname(rel)] ?? "application/octet-stream");
    return reply.send(await readFile(full));
  }

  const schema = { hide: true };
  app.get("/ui", { schema }, async (_req, reply) => send(reply, "index.html"));
  app.get<{ Params: { "*": string } }>("/ui/*", { schema }, async (req, reply) =>
    send(reply, req.params["*"] === "" ? "index.html" : req.params["*"]),
  );
}
