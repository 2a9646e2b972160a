// A raw @stoqey/ib IBApi client for benchmarks: the floor every gateway figure is compared with.
import { EventName, IBApi } from "@stoqey/ib";

/** Connects and resolves once both nextValidId and managedAccounts arrived (the adapter's notion of ready). */
export function connectRaw(port, clientId, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const ib = new IBApi({ host: "127.0.0.1", port, maxReqPerSec: 10_000 });
    let id = false;
    let accounts = false;
    const timer = setTimeout(() => reject(new Error(`client ${clientId} not ready after ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      if (id && accounts) {
        clearTimeout(timer);
        resolve(ib);
      }
    };
    // The library leaves Nagle's algorithm on; the gateway's adapter turns it off, so the floor does too.
    ib.once(EventName.connected, () => ib.controller?.socket?.client?.setNoDelay?.(true));
    ib.once(EventName.nextValidId, () => ((id = true), check()));
    ib.once(EventName.managedAccounts, () => ((accounts = true), check()));
    ib.connect(clientId);
  });
}

export function disconnected(ib) {
  return new Promise((resolve) => {
    if (!ib.isConnected) return resolve();
    ib.once(EventName.disconnected, () => resolve());
    ib.disconnect();
  });
}
