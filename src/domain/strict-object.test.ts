import { describe, expect, it } from "vitest";
import { closestField } from "./strict-object.js";

describe("closestField", () => {
  const rest = ["accountId", "instrument", "tif", "limitPrice", "orderType", "quantity"];
  const mcp = ["account_id", "instrument_security_type", "limit_price", "tif"];

  it.each([
    ["time_in_force", rest, "tif"],
    ["timeInForce", mcp, "tif"],
    ["account", rest, "accountId"],
    ["account", mcp, "account_id"],
    ["limit_price", rest, "limitPrice"],
    ["limitPrice", mcp, "limit_price"],
    ["security_type", mcp, "instrument_security_type"],
    ["quantiy", rest, "quantity"],
    ["qty", rest, "quantity"],
  ])("%s among %j is %s", (given, known, meant) => {
    expect(closestField(given, known)).toBe(meant);
  });

  it("suggests nothing for a name close to no field", () => {
    expect(closestField("surprise", rest)).toBeUndefined();
    expect(closestField("x", rest)).toBeUndefined();
  });
});
