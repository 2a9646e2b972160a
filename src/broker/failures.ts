// Constructors of the adapter's own GatewayErrors whose wording is fixed: not connected, connection
// lost while waiting, and broker timeouts. Classification of broker error codes lives in error-classification.ts.
import { GatewayError } from "../domain/index.js";

export function notConnected(host: string, port: number, state: string): GatewayError {
  return new GatewayError(
    "IBKR_CONNECTION_ERROR",
    `IBKR connection failed: not connected to IB Gateway at ${host}:${port} (state: ${state})`,
  );
}

export function connectionLost(operation: string): GatewayError {
  return new GatewayError(
    "IBKR_CONNECTION_ERROR",
    `IBKR connection failed: connection lost while waiting for ${operation}`,
  );
}

export function requestTimedOut(operation: string, timeoutMs: number): GatewayError {
  return new GatewayError("IBKR_TIMEOUT", `IBKR request timed out: ${operation} after ${seconds(timeoutMs)}s`);
}

export function marketDataTimeout(symbol: string, timeoutMs: number): GatewayError {
  return new GatewayError(
    "IBKR_TIMEOUT",
    `Market data timeout: Timeout waiting for ${symbol} quote after ${seconds(timeoutMs)}s`,
  );
}

/** 10000 → "10", 2500 → "2.5": the contract prints whole seconds without decimals. */
export function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}
