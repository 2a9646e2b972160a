// A bare node:http server, run as its own process for the HTTP floor figure: answers a small JSON POST with a small
// JSON body and does nothing else.
import { createServer } from "node:http";

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (c) => chunks.push(c));
  request.on("end", () => {
    const text = Buffer.concat(chunks).toString();
    const input = text.length > 0 ? JSON.parse(text) : {};
    const body = JSON.stringify({ symbol: input.symbol ?? null, bid: 99, ask: 101, last: 100 });
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
});

server.listen(0, "127.0.0.1", () => console.log(`HTTP floor on http://127.0.0.1:${server.address().port}`));
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
});
