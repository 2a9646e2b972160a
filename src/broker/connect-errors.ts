// The `last_error` wording for failed connection attempts, derived from the socket error text or
// the broker's 326 notice. Pure; the connection decides when an attempt has failed.

export function clientIdInUse(clientId: number, host: string, port: number): string {
  return `Client id ${clientId} is already in use at ${host}:${port}`;
}

export function connectTimeout(host: string, port: number): string {
  return `Connection timeout at ${host}:${port}`;
}

/** Maps a socket error message (e.g. "connect ECONNREFUSED 127.0.0.1:4002") to the contract's text. */
export function describeConnectFailure(message: string, host: string, port: number): string {
  if (message.includes("ECONNREFUSED")) return `Connection refused at ${host}:${port}. Is IBKR Gateway/TWS running?`;
  if (message.includes("ETIMEDOUT")) return connectTimeout(host, port);
  return `Failed to connect to IBKR: ${message}`;
}

/**
 * The `last_error` text a broker error without request id means for the current attempt: 326 (client id in use)
 * at any time, a socket error (502) while connecting; null when it says nothing about connecting.
 */
export function attemptFailure(
  code: number,
  message: string,
  connecting: boolean,
  target: { host: string; port: number; clientId: number },
): string | null {
  if (code === 326) return clientIdInUse(target.clientId, target.host, target.port);
  if (code === 502 && connecting) return describeConnectFailure(message, target.host, target.port);
  return null;
}
