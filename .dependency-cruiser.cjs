/**
 * Architecture rules (npm run arch). Each rule's comment is the message shown when it is broken,
 * so the reason travels with the rule. Layers: api|mcp|cli -> operations -> broker|safety|store -> domain;
 * config, obs and domain are leaves; the simulator is a separate implementation that shares nothing.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Circular imports hide the layering and break initialisation order; extract the shared part.",
      from: {},
      to: { circular: true },
    },
    {
      name: "sim-is-self-contained",
      severity: "error",
      comment:
        "The simulator is an independent server-side implementation of the TWS protocol: it may import only src/sim. " +
        "Sharing code with the client side would let one bug hide in both.",
      from: { path: "^src/sim/" },
      to: { path: "^src/", pathNot: "^src/sim/" },
    },
    {
      name: "sim-never-uses-the-client-library",
      severity: "error",
      comment: "The simulator must not use @stoqey/ib: client and simulator meet only on the wire.",
      from: { path: "^src/sim/" },
      to: { path: "node_modules/@stoqey/ib" },
    },
    {
      name: "only-broker-imports-stoqey-ib",
      severity: "error",
      comment: "src/broker is the only importer of @stoqey/ib; everything else sees our own domain types.",
      from: { path: "^src/", pathNot: "^src/broker/" },
      to: { path: "node_modules/@stoqey/ib" },
    },
    {
      name: "only-store-imports-database-drivers",
      severity: "error",
      comment:
        "src/store is the only importer of the database drivers (better-sqlite3, pg); other layers go through the store's API.",
      from: { path: "^src/", pathNot: "^src/store/" },
      to: { path: "node_modules/(better-sqlite3|pg|pg-[a-z-]+)/" },
    },
    {
      name: "only-obs-imports-pino-and-prom-client",
      severity: "error",
      comment: "Logging and metrics libraries are wrapped by src/obs; import the logger/metrics from there.",
      from: { path: "^src/", pathNot: "^src/obs/" },
      to: { path: "node_modules/(pino|prom-client)/" },
    },
    {
      name: "leaves-import-nothing-of-ours",
      severity: "error",
      comment: "config, obs and domain are leaves: they may not import other parts of src.",
      from: { path: "^src/(config|obs|domain)/" },
      to: { path: "^src/", pathNot: ["^src/$1/"] },
    },
    {
      name: "core-does-not-know-interfaces",
      severity: "error",
      comment:
        "Operations and the layers below must not depend on REST, MCP or the CLI: interfaces are thin adapters on top.",
      from: { path: "^src/(operations|broker|safety|store|domain|config|obs)/" },
      to: { path: "^src/(api|mcp|cli)/" },
    },
    {
      name: "lower-layers-do-not-call-operations",
      severity: "error",
      comment: "broker, safety and store sit below operations and must not import them.",
      from: { path: "^src/(broker|safety|store)/" },
      to: { path: "^src/operations/" },
    },
    {
      name: "broker-safety-store-are-peers",
      severity: "error",
      comment:
        "broker (IB adapter), safety (pure policy) and store (persistence) do not import each other; " +
        "operations combine them.",
      from: { path: "^src/(broker|safety|store)/" },
      to: { path: "^src/(broker|safety|store)/", pathNot: "^src/$1/" },
    },
    {
      name: "interfaces-go-through-operations",
      severity: "error",
      comment:
        "REST routes, MCP tools and CLI commands are thin adapters over src/operations; they must not reach into " +
        "broker, safety or store directly (wiring happens in src/main.ts).",
      from: { path: "^src/(api|mcp|cli)/" },
      to: { path: "^src/(broker|safety|store)/" },
    },
    {
      name: "only-entry-points-start-the-simulator",
      severity: "error",
      comment: "Only the composition root (src/main.ts) and the CLI may start the simulator.",
      from: { path: "^src/", pathNot: ["^src/sim/", "^src/cli/", "^src/main\\.ts$"] },
      to: { path: "^src/sim/" },
    },
    {
      name: "composition-root-is-imported-only-by-entry-points",
      severity: "error",
      comment: "src/main.ts wires everything; only the CLI entry points may import it.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/main\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
