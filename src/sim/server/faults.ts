// The list of active simulated faults (SPEC §10.6) and the questions the session asks of it. Pure state: the side
// effects of adding a fault (dropping sockets, sending 1100, pausing the engine) are carried out by the control layer.

export type Fault =
  | { kind: "connectivity-lost" }
  | { kind: "reject-next-order"; reason: string }
  | { kind: "delay-ms"; ms: number }
  | { kind: "no-permission"; symbol?: string }
  | { kind: "delayed-only"; symbol?: string }
  | { kind: "no-data"; symbol?: string }
  | { kind: "pacing-violation" };

type SymbolFaultKind = "no-permission" | "delayed-only" | "no-data";

export class FaultState {
  private faults: Fault[] = [];

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Adds a fault; a second `delay-ms` replaces the first, and `delay-ms` 0 only clears. */
  add(fault: Fault): void {
    if (fault.kind === "delay-ms") {
      this.faults = this.faults.filter((f) => f.kind !== "delay-ms");
      if (fault.ms <= 0) return;
    }
    if (fault.kind === "connectivity-lost" && this.connectivityLost()) return;
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  remove(kind: Fault["kind"]): void {
    this.faults = this.faults.filter((f) => f.kind !== kind);
  }

  /** Removes and returns a one-shot fault, or undefined when it is not active. */
  take<K extends "pacing-violation" | "reject-next-order">(kind: K): Extract<Fault, { kind: K }> | undefined {
    const found = this.faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
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
