import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/broker/support/fake-clock.js";
import { Pacer } from "./pacer.js";

/** Records the clock time of every send. */
function recorder(clock: FakeClock) {
  const times: number[] = [];
  const start = clock.now();
  return { times, send: () => times.push(clock.now() - start) };
}

describe("pacer", () => {
  it("sends a quiet connection's requests at once, up to the burst", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 40, 5);
    const r = recorder(clock);
    for (let i = 0; i < 5; i++) pacer.data(r.send);
    expect(r.times).toEqual([0, 0, 0, 0, 0]);
  });

  it("spaces a busy connection's requests evenly at the per-second rate", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 40, 5);
    const r = recorder(clock);
    for (let i = 0; i < 9; i++) pacer.data(r.send);
    clock.advance(1000);
    expect(r.times).toEqual([0, 0, 0, 0, 0, 25, 50, 75, 100]);
  });

  it("never sends more than burst + rate data requests in any one-second window", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 40, 5);
    const r = recorder(clock);
    for (let i = 0; i < 200; i++) pacer.data(r.send);
    for (let t = 0; t < 5000; t += 7) {
      clock.advance(7);
      if (t % 300 === 0) pacer.data(r.send);
    }
    expect(r.times.length).toBeGreaterThan(150);
    for (const start of r.times) {
      expect(r.times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(45);
    }
  });

  it("sends orders at once, counting them against the data budget", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 2);
    const sent: string[] = [];
    pacer.data(() => sent.push("d1"));
    pacer.data(() => sent.push("d2"));
    pacer.data(() => sent.push("d3"));
    pacer.urgent(() => sent.push("order"));
    expect(sent).toEqual(["d1", "d2", "order"]);
    clock.advance(999);
    expect(sent).not.toContain("d3");
    clock.advance(1);
    expect(sent).toEqual(["d1", "d2", "order", "d3"]);
  });

  it("drops queued requests on clear", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 2);
    const sent: string[] = [];
    for (const name of ["d1", "d2", "d3"]) pacer.data(() => sent.push(name));
    pacer.clear();
    clock.advance(5000);
    expect(sent).toEqual(["d1", "d2"]);
    pacer.data(() => sent.push("d4"));
    expect(sent).toEqual(["d1", "d2", "d4"]);
  });
});
