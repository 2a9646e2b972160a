// The load side of the fan-out benchmark, run as its own process: N WebSocket clients of GET /stream, each subscribed
// to every instrument given, counting the quotes they receive (nothing else is done with them). Prints `ready` once
// every subscription is answered, then `count <n>` whenever it reads a line on stdin, and exits when stdin closes.
// Usage: node fanout-clients.mjs <ws url> <clients> <symbol,symbol,...>
import { createInterface } from "node:readline";
import WebSocket from "ws";

const [url, clientsArg, symbolsArg] = process.argv.slice(2);
const symbols = symbolsArg.split(",");
let received = 0;

function openClient() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let answered = 0;
    socket.on("message", (data) => {
      if (answered === symbols.length) {
        received += 1;
        return;
      }
      const text = data.toString();
      if (text.includes('"type":"subscribed"') || text.includes('"type":"error"')) answered += 1;
      if (answered === symbols.length) resolve(socket);
    });
    socket.once("open", () => {
      for (const symbol of symbols) {
        socket.send(JSON.stringify({ op: "subscribe", topic: "quotes", instrument: { symbol } }));
      }
    });
    socket.once("error", reject);
  });
}

const sockets = await Promise.all(Array.from({ length: Number(clientsArg) }, () => openClient()));
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
lines.on("line", () => process.stdout.write(`count ${received}\n`));
lines.on("close", () => {
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
