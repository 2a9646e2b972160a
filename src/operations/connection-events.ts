// What the gateway does when the broker connection changes: CONNECTION audit rows for connected, lost and
// restored, the connection gauge and the reconnect counter, and a global cancel after every connect while the kill
// switch is active.
import type { GatewayServices } from "./services.js";
import { appendStreamEvent, type StreamEventAppend } from "./stream/index.js";
import type { ConnectionEvent } from "../broker/index.js";

export function recordConnectionEvents(services: GatewayServices): () => void {
  const { broker, config, store, metrics, logger, killSwitch } = services;
  const target = { host: config.gatewayHost, port: config.gatewayPort, client_id: config.clientId, mode: config.mode };
  const gauge = () =>
    metrics.set("ibkr_connection_status", { mode: config.mode }, broker.connection.state === "ready" ? 1 : 0);
  gauge();
  // Every return to ready (connect, reconnect, restore after 1101/1102) re-applies an active kill switch.
  const offState = broker.connection.onStateChange((status) => {
    gauge();
    if (status.state === "ready") killSwitch.onBrokerReady();
  });
  const offEvents = broker.connection.onConnectionEvent((event) => {
    const detail =
      event.type === "lost"
        ? event.reason
        : event.type === "restored"
          ? event.dataLost
            ? "data lost"
            : "data maintained"
          : event.reconnect
            ? "reconnect"
            : "initial connect";
    logger.info(`IBKR connection ${event.type}`, { ...target, detail });
    const streamEvent = streamEventOf(event);
    const write = async () => {
      await store.appendSafe({
        eventType: "CONNECTION",
        eventData: { event: event.type, ...target, detail },
        correlationId: null,
        userContext: { interface: "system" },
      });
      if (streamEvent) await appendStreamEvent(store, logger, streamEvent);
    };
    // The audit row and the stream event commit together.
    services.orders.writes.track(
      store.transaction(write).catch((error: unknown) => {
        logger.error("Recording a connection event failed", { error });
      }),
    );
  });
  return () => {
    offState();
    offEvents();
  };
}

/**
 * The stream's view of a connection change: `connection.lost`, and `connection.restored` both after a new socket
 * (a reconnect: market data subscriptions were lost with the old socket, so `dataLost: true`) and after IB's
 * 1101/1102 notices (`dataLost` as IB reports it). The first connect is not an event.
 */
function streamEventOf(event: ConnectionEvent): StreamEventAppend | null {
  if (event.type === "lost") {
    return { topic: "connection", type: "connection.lost", data: { reason: event.reason } };
  }
  if (event.type === "restored") {
    return { topic: "connection", type: "connection.restored", data: { dataLost: event.dataLost, via: "restore" } };
  }
  if (!event.reconnect) return null;
  return { topic: "connection", type: "connection.restored", data: { dataLost: true, via: "reconnect" } };
}
