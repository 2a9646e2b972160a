// The list of active session faults and the questions the session asks of it. Pure state: the side
// effects of adding a fault (dropping sockets, sending 1100, pausing the engine) are carried out by the control layer,
// and the order rejection fault is armed in the engine, which alone knows which order is the next new one.

/** A fault as the control API lists it. */
export type Fault = SessionFault | { kind: "reject-next-order"; reason: string };

/** The faults the session consults while serving requests. */
export type SessionFault =
  | { kind: "connectivity-lost" }
  | { kind: "delay-ms"; ms: number }
  | { kind: "no-permission"; symbol?: string }
  | { kind: "delayed-only"; symbol?: string }
  | { kind: "no-data"; symbol?: string }
  | { kind: "pacing-violation" }
  | { kind: "order-warning"; code: number; message: string }
  | { kind: "drop-after-next-order" }
  | { kind: "order-id-in-use" }
  | { kind: "nightly-restart"; seconds: number; nextValidId: number };

/** Faults consumed by the first request they apply to. */
type OneShotKind = "pacing-violation" | "order-warning" | "drop-after-next-order" | "order-id-in-use";

type SymbolFaultKind = "no-permission" | "delayed-only" | "no-data";

export class FaultState {
  private faults: SessionFault[] = [];

  list(): SessionFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Adds a fault; a second `delay-ms` replaces the first, and `delay-ms` 0 only clears. */
  add(fault: SessionFault): void {
    if (fault.kind === "delay-ms") {
      this.faults = this.faults.filter((f) => f.kind !== "delay-ms");
      if (fault.ms <= 0) return;
    }
    if (fault.kind === "connectivity-lost" && this.connectivityLost()) return;
    // One-shot order faults are armed once: adding one again re-arms it (with the new values).
    if (fault.kind === "order-warning" || fault.kind === "drop-after-next-order" || fault.kind === "order-id-in-use") {
      this.remove(fault.kind);
    }
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  remove(kind: SessionFault["kind"]): void {
    this.faults = this.faults.filter((f) => f.kind !== kind);
  }

  /** Removes and returns a one-shot fault, or undefined when it is not active. */
  take<K extends OneShotKind>(kind: K): Extract<SessionFault, { kind: K }> | undefined {
    const found = this.faults.find((f): f is Extract<SessionFault, { kind: K }> => f.kind === kind);
    this.remove(kind);
    return found;
  }

  connectivityLost(): boolean {
    return this.faults.some((f) => f.kind === "connectivity-lost");
  }

  delayMs(): number {
    const fault = this.faults.find((f) => f.kind === "delay-ms");
    return fault?.kind === "delay-ms" ? fault.ms : 0;
  }

  /** A symbol fault without a symbol applies to every instrument; symbols compare case-insensitively. */
  appliesTo(kind: SymbolFaultKind, symbol: string): boolean {
    return this.faults.some(
      (f) => f.kind === kind && (f.symbol === undefined || f.symbol.toUpperCase() === symbol.toUpperCase()),
    );
  }
}
