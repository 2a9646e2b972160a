// Store writes that run after an answer or an event (recording broker events, retrying an outcome): tracked so that
// shutdown waits for them before it closes the store, and none is lost or left holding a transaction.

export class BackgroundWrites {
  private readonly pending = new Set<Promise<unknown>>();

  /** Runs `write` now and tracks it until it settles; its failure must be handled inside (it is not rethrown). */
  track(write: Promise<unknown>): void {
    const tracked = write.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  get size(): number {
    return this.pending.size;
  }

  /** Settles once every write tracked so far (and any they started) has settled. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
