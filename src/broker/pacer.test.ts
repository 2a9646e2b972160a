import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/broker/support/fake-clock.js";
import { Pacer } from "./pacer.js";

/** Records the clock time (ms from the start) of every send. */
function recorder(clock: FakeClock) {
  const times: number[] = [];
  const start = clock.now();
  return { times, send: () => times.push(clock.now() - start) };
}

const gapsOf = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] ?? 0));
const inAnyWindow = (times: number[]) =>
  Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length));

describe("pacer", () => {
  it("sends a burst at once, then spaces requests at the per-second rate", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, { dataPerSecond: 40, burst: 10 });
    const r = recorder(clock);
    for (let i = 0; i < 15; i++) pacer.data(r.send);
    clock.advance(1000);
    expect(r.times).toEqual([...Array.from({ length: 10 }, () => 0), 25, 50, 75, 100, 125]);
  });

  it("runs a sustained load evenly, without bursts and stalls", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, { dataPerSecond: 35, burst: 10 });
    const r = recorder(clock);
    for (let i = 0; i < 200; i++) pacer.data(r.send);
    clock.advance(5000);
    const gaps = gapsOf(r.times.slice(10));
    expect(r.times.length).toBeGreaterThan(170);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(28);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30);
  });

  it("never sends more than burst + rate data requests in any one-second window", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, { dataPerSecond: 35, burst: 10 });
    const r = recorder(clock);
    for (let i = 0; i < 100; i++) pacer.data(r.send);
    for (let t = 0; t < 6000; t += 5) {
      clock.advance(5);
      if (t % 100 === 0) for (let k = 0; k < 5; k++) pacer.data(r.send);
    }
    expect(r.times.length).toBeGreaterThan(200);
    expect(inAnyWindow(r.times)).toBeLessThanOrEqual(45);
  });

  it("sends orders at once and counts them, so data requests wait for their tokens", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, { dataPerSecond: 4, burst: 2 });
    const r = recorder(clock);
    for (let i = 0; i < 4; i++) pacer.urgent(r.send);
    pacer.data(r.send);
    expect(r.times).toEqual([0, 0, 0, 0]);
    // Two tokens owed, one needed: three at 4 per second.
    clock.advance(749);
    expect(r.times).toHaveLength(4);
    clock.advance(1);
    expect(r.times).toEqual([0, 0, 0, 0, 750]);
  });

  it("drops queued requests on clear", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, { dataPerSecond: 4, burst: 2 });
    const sent: string[] = [];
    for (const name of ["d1", "d2", "d3"]) pacer.data(() => sent.push(name));
    expect(sent).toEqual(["d1", "d2"]);
    pacer.clear();
    clock.advance(5000);
    expect(sent).toEqual(["d1", "d2"]);
    pacer.data(() => sent.push("d4"));
    expect(sent).toEqual(["d1", "d2", "d4"]);
  });
});
