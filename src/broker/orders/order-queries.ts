// Broker-wide order queries: all open orders (every API client), completed orders and today's executions.
// Their replies flow through the order tracker; these functions only send and wait for the end markers.
import { EventName, type Contract, type Execution } from "@stoqey/ib";
import type { Connection } from "../connection.js";
import type { OrderRecord } from "./order-record.js";
import type { OrderTracker } from "./order-tracker.js";
import { sameId } from "../request-id.js";
import { listenWhilePending } from "../listen.js";

export interface QueryDeps {
  connection: Connection;
  tracker: OrderTracker;
  timeoutMs: number;
}

/** Records mentioned between the request and its end marker. */
function collect(
  deps: QueryDeps,
  operation: string,
  metric: string | undefined,
  endEvent: EventName.openOrderEnd | EventName.completedOrdersEnd,
  send: () => void,
): Promise<OrderRecord[]> {
  const seen = new Set<OrderRecord>();
  const request = deps.connection.registry.start<OrderRecord[]>({ operation, metric, timeoutMs: deps.timeoutMs });
  const onUpdate = (record: OrderRecord): void => void seen.add(record);
  const onEnd = (): void => request.resolve([...seen]);
  deps.tracker.on("update", onUpdate);
  if (endEvent === EventName.openOrderEnd) deps.connection.events.on(EventName.openOrderEnd, onEnd);
  else deps.connection.events.on(EventName.completedOrdersEnd, onEnd);
  request.onSettle(() => {
    deps.tracker.off("update", onUpdate);
    deps.connection.events.off(endEvent, onEnd);
  });
  send();
  return request.promise;
}

export function fetchOpenOrders(deps: QueryDeps): Promise<OrderRecord[]> {
  const session = deps.connection.requireReady();
  return collect(deps, "open orders", "open_orders", EventName.openOrderEnd, () =>
    session.pacer.data(() => session.api.reqAllOpenOrders()),
  );
}

export function fetchCompletedOrders(deps: QueryDeps): Promise<OrderRecord[]> {
  const session = deps.connection.requireReady();
  return collect(deps, "completed orders", undefined, EventName.completedOrdersEnd, () =>
    session.pacer.data(() => session.api.reqCompletedOrders(false)),
  );
}

/**
 * Today's executions of this client, resolved with their exec ids; the tracker reports those it has not seen before
 * as fills (IB's execution filter has no "since execId", so the tracker's seen ids do that part).
 */
export function fetchExecutions(deps: QueryDeps, allClients = false): Promise<string[]> {
  const { connection } = deps;
  const session = connection.requireReady();
  const request = connection.registry.start<string[]>({ operation: "executions", timeoutMs: deps.timeoutMs });
  const execIds: string[] = [];
  const onExecution = (reqId: number, _contract: Contract, execution: Execution): void => {
    if (sameId(reqId, request.id) && execution.execId) execIds.push(execution.execId);
  };
  const onEnd = (reqId: number): void => {
    if (sameId(reqId, request.id)) request.resolve(execIds);
  };
  listenWhilePending(request, connection.events, [
    [EventName.execDetails, onExecution],
    [EventName.execDetailsEnd, onEnd],
  ]);
  // Every client's executions where the broker shows them (a master client id), for orders placed elsewhere.
  const filter = allClients ? {} : { clientId: String(connection.target.clientId) };
  session.pacer.data(() => session.api.reqExecutions(request.id, filter));
  return request.promise;
}
