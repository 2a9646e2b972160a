// Starts the simulator on port 0 and a real Broker connected to it over TCP; stops both. Also awaits events
// with a timeout, so tests never sleep.
import { Broker, ContractCache, type BrokerOptions } from "../../../src/broker/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/sim/index.js";

export interface Harness {
  sim: RunningSimulator;
  broker: Broker;
  /** Brokers started by this harness (extra clients included), stopped in close(). */
  brokers: Broker[];
  newBroker(overrides?: Partial<BrokerOptions>): Broker;
  close(): Promise<void>;
}

let nextClientId = 100;

export async function startHarness(overrides: Partial<BrokerOptions> = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: 42 });
  const brokers: Broker[] = [];
  const newBroker = (extra: Partial<BrokerOptions> = {}): Broker => {
    const broker = new Broker({
      host: sim.host,
      port: sim.port,
      clientId: nextClientId++,
      contractCache: new ContractCache(),
      backoffMs: () => 50,
      ...overrides,
      ...extra,
    });
    brokers.push(broker);
    return broker;
  };
  const broker = newBroker();
  broker.start();
  await broker.connection.waitUntilReady(5000);
  return {
    sim,
    broker,
    brokers,
    newBroker,
    close: async () => {
      for (const b of brokers) b.stop();
      await sim.stop();
    },
  };
}

/** Resolves when `predicate` holds for an emitted value; rejects after `timeoutMs`. */
export function waitFor<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  predicate: (value: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`event not seen within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

/** Resolves once `condition` holds, checking every 10 ms; rejects after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
