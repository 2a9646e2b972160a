// What the gateway does when the broker connection changes: CONNECTION audit rows for connected, lost and
// restored, the connection gauge and the reconnect counter, and a global cancel after every connect while the kill
// switch is active.
import type { GatewayServices } from "./services.js";

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
    store.appendSafe({
      eventType: "CONNECTION",
      eventData: { event: event.type, ...target, detail },
      correlationId: null,
      userContext: { interface: "system" },
    });
  });
  return () => {
    offState();
    offEvents();
  };
}
