// A minimal keep-alive JSON client over node:http for latency figures (less per-call overhead than fetch).
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function call(base, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        // Every POST declares JSON, body or not: the gateway refuses CORS-simple writes such as a bare cancel.
        headers: {
          ...(method === "POST" ? { "content-type": "application/json" } : {}),
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode >= 400) return reject(new Error(`${method} ${path} → ${res.statusCode}: ${text}`));
          resolve(text.length > 0 ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export function closeAgent() {
  agent.destroy();
}
