import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/broker/support/fake-clock.js";
import { Pacer } from "./pacer.js";

/** Records the clock time (ms from the start) of every send. */
function recorder(clock: FakeClock) {
  const times: number[] = [];
  const start = clock.now();
  return { times, send: () => times.push(clock.now() - start) };
}

const inAnyWindow = (times: number[]) =>
  Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length));

describe("pacer", () => {
  it("sends a burst of up to half the budget at once, then spaces requests at the per-second rate", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 40);
    const r = recorder(clock);
    for (let i = 0; i < 25; i++) pacer.data(r.send);
    clock.advance(1000);
    expect(r.times).toEqual([...Array.from({ length: 20 }, () => 0), 25, 50, 75, 100, 125]);
  });

  it("runs a sustained load evenly once the window has turned over", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 40);
    const r = recorder(clock);
    for (let i = 0; i < 100; i++) pacer.data(r.send);
    clock.advance(3000);
    const late = r.times.filter((t) => t >= 1000);
    const gaps = late.slice(1).map((t, i) => t - (late[i] ?? 0));
    expect(late.length).toBeGreaterThan(20);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(25);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(26);
  });

  it("never sends a data request into a one-second window that already holds the budget, orders included", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 40);
    const start = clock.now();
    const log: { kind: "data" | "order"; t: number }[] = [];
    const sendData = () => log.push({ kind: "data", t: clock.now() - start });
    for (let i = 0; i < 200; i++) pacer.data(sendData);
    for (let t = 0; t < 5000; t += 7) {
      clock.advance(7);
      if (t % 300 === 0) pacer.urgent(() => log.push({ kind: "order", t: clock.now() - start }));
      if (t % 100 === 0) pacer.data(sendData);
    }
    const dataTimes = log.filter((e) => e.kind === "data").map((e) => e.t);
    expect(dataTimes.length).toBeGreaterThan(180);
    expect(inAnyWindow(dataTimes)).toBeLessThanOrEqual(40);
    log.forEach((event, k) => {
      if (event.kind !== "data") return;
      const earlierInWindow = log.slice(0, k).filter((e) => e.t > event.t - 1000).length;
      expect(earlierInWindow).toBeLessThan(40);
    });
  });

  it("sends orders at once even with the window full, and makes data requests wait for it", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 4);
    const r = recorder(clock);
    for (let i = 0; i < 5; i++) pacer.urgent(r.send);
    pacer.data(r.send);
    expect(r.times).toEqual([0, 0, 0, 0, 0]);
    clock.advance(999);
    expect(r.times).toHaveLength(5);
    clock.advance(1);
    expect(r.times).toEqual([0, 0, 0, 0, 0, 1000]);
  });

  it("drops queued requests on clear", () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 4);
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
