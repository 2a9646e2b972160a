import { describe, expect, it } from "vitest";
import { attemptFailure, clientIdInUse, connectTimeout, describeConnectFailure } from "./connect-errors.js";

describe("connect failure wording", () => {
  it("names a refused connection and asks whether the gateway runs", () => {
    expect(describeConnectFailure("connect ECONNREFUSED 127.0.0.1:4002", "127.0.0.1", 4002)).toBe(
      "Connection refused at 127.0.0.1:4002. Is IBKR Gateway/TWS running?",
    );
  });

  it("reports socket timeouts and other failures", () => {
    expect(describeConnectFailure("connect ETIMEDOUT 10.0.0.1:4001", "10.0.0.1", 4001)).toBe(
      "Connection timeout at 10.0.0.1:4001",
    );
    expect(describeConnectFailure("getaddrinfo ENOTFOUND nohost", "nohost", 4002)).toBe(
      "Failed to connect to IBKR: getaddrinfo ENOTFOUND nohost",
    );
    expect(connectTimeout("h", 1)).toBe("Connection timeout at h:1");
  });

  it("names the client id that is in use", () => {
    expect(clientIdInUse(7, "127.0.0.1", 4002)).toBe("Client id 7 is already in use at 127.0.0.1:4002");
  });

  it("reads 326 at any time and a socket error only while connecting as the attempt's failure", () => {
    const target = { host: "127.0.0.1", port: 4002, clientId: 7 };
    expect(attemptFailure(326, "in use", false, target)).toBe("Client id 7 is already in use at 127.0.0.1:4002");
    expect(attemptFailure(502, "connect ECONNREFUSED 127.0.0.1:4002", true, target)).toBe(
      "Connection refused at 127.0.0.1:4002. Is IBKR Gateway/TWS running?",
    );
    expect(attemptFailure(502, "write EPIPE", false, target)).toBeNull();
    expect(attemptFailure(2104, "farm OK", true, target)).toBeNull();
  });
});
