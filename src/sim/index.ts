// Entry point of the TWS simulator: `startSimulator` wires market, engine, TCP server and (optionally) the HTTP
// control API, and returns the handle to control and stop it. The CLI and the composition root call this.

import { createControl, type SimControl } from "./control.js";
import { serveControl, type ControlHttp } from "./control/http.js";
import { SERVER_VERSION_MAX, SERVER_VERSION_MIN } from "./codec/index.js";
import { Engine, runIdOffset } from "./engine/index.js";
import { Market, type Clock } from "./market/index.js";
import { Signal, type SimContext } from "./server/context.js";
import { FaultState } from "./server/faults.js";
import { ConnectionPacing } from "./server/pacing.js";
import { PlacedOrders } from "./server/placed-orders.js";
import { SimServer } from "./server/sim-server.js";

export type { SimControl, SimState, SimOrderRow, FillResult } from "./control.js";
export type { FaultInput, FaultKind, PriceInput, FillInput, AuctionInput } from "./control/validate.js";
export type { Fault } from "./server/faults.js";
export type { SimStats } from "./server/sim-server.js";

export interface SimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  seed?: number;
  /**
   * true: permIds start at 1,000,001 and execution ids at 1 in every run, so a seed and a request sequence always
   * give the same output. false (default): both start from an offset taken from the clock, so ids stay unique across
   * restarts (see docs/simulator.md).
   */
  deterministic?: boolean;
  account?: string;
  /** Serve the HTTP control API on 127.0.0.1 at this port (0 = any free port); omitted = no HTTP API. */
  controlPort?: number;
  /** Move unpinned prices every walkMs milliseconds; 0 = static prices. */
  walkMs?: number;
  clock?: Clock;
  /** Highest server version to negotiate, 176..193 (default 193): emulates an older TWS. */
  maxServerVersion?: number;
  /** Diagnostic lines (connections, protocol problems); the simulator never writes to stdout itself. */
  log?: (line: string) => void;
}

export interface RunningSimulator {
  host: string;
  port: number;
  controlPort?: number;
  control: SimControl;
  /** Closes every socket, the listeners and all timers. */
  stop(): Promise<void>;
}

interface Parts {
  market: Market;
  engine: Engine;
  server: SimServer;
  control: SimControl;
  log: (line: string) => void;
}

function assemble(opts: SimulatorOptions): Parts {
  const maxServerVersion = opts.maxServerVersion ?? SERVER_VERSION_MAX;
  if (
    !Number.isInteger(maxServerVersion) ||
    maxServerVersion < SERVER_VERSION_MIN ||
    maxServerVersion > SERVER_VERSION_MAX
  ) {
    throw new RangeError(
      `maxServerVersion must be ${SERVER_VERSION_MIN}..${SERVER_VERSION_MAX}, got ${maxServerVersion}`,
    );
  }
  const seed = opts.seed ?? 42;
  const account = opts.account ?? "DU1234567";
  const clock = opts.clock ?? { now: () => Date.now() };
  const market = new Market({ seed, clock, walkMs: opts.walkMs ?? 0 });
  const idOffset = opts.deterministic === true ? 0 : runIdOffset(clock.now());
  const engine = new Engine({ market, clock, account, idOffset });
  const log = opts.log ?? (() => undefined);
  const ctx: SimContext = {
    market,
    engine,
    clock,
    account,
    faults: new FaultState(),
    pacing: new ConnectionPacing(clock),
    placed: new PlacedOrders(),
    accountChanged: new Signal(),
    streamsResumed: new Signal(),
    log,
    connections: () => server.connections(),
  };
  const server = new SimServer(ctx, maxServerVersion);
  return { market, engine, server, control: createControl({ ctx, server, seed }), log };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? "127.0.0.1";
  const parts = assemble(opts);
  let http: ControlHttp | undefined;
  try {
    const port = await parts.server.listen(host, opts.port ?? 0);
    if (opts.controlPort !== undefined) http = await serveControl(parts.control, opts.controlPort, parts.log);
    parts.market.start();
    let stopped: Promise<void> | undefined;
    const stop = () => (stopped ??= shutdown(parts, http));
    return { host, port, ...(http ? { controlPort: http.port } : {}), control: parts.control, stop };
  } catch (err) {
    await shutdown(parts, http);
    throw err;
  }
}

async function shutdown({ market, engine, server }: Parts, http: ControlHttp | undefined): Promise<void> {
  market.stop();
  await Promise.all([server.close(), http?.close()]);
  engine.dispose();
}
