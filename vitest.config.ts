// Test runner configuration: unit tests next to the code (src/**/*.test.ts), integration tests in test/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Two cores on CI: real sockets and SQLite files, so keep workers modest.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
