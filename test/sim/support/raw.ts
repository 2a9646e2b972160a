// A raw TCP peer for protocol-level tests: writes exact bytes (whole or one at a time), collects the frames the
// simulator sends back and tells when the simulator closed the socket.

import { EventEmitter } from "node:events";
import { connect, type Socket } from "node:net";
import { bytewise, frame, hello, parseFrames } from "./wire.js";

const DEFAULT_TIMEOUT_MS = 5_000;

export class RawPeer {
  readonly frames: string[][] = [];
  closed = false;
  private pending: Buffer = Buffer.alloc(0);
  private readonly changed = new EventEmitter();

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      const { frames, rest } = parseFrames(Buffer.concat([this.pending, chunk]));
      this.pending = rest;
      this.frames.push(...frames);
      this.changed.emit("change");
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.closed = true;
      this.changed.emit("change");
    });
  }

  static open(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new RawPeer(socket)));
      socket.once("error", reject);
    });
  }

  /** Drops the connection with a TCP reset, as a client process that exits with unread data does. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  /** Writes bytes, optionally one byte per write. */
  async write(bytes: Buffer, oneByteAtATime = false): Promise<void> {
    for (const chunk of oneByteAtATime ? bytewise(bytes) : [bytes]) {
      if (this.socket.destroyed) return;
      await new Promise<void>((resolve) => this.socket.write(chunk, () => resolve()));
    }
  }

  /** Sends the hello and START_API and resolves once the connect sequence (through notice 2158) arrived. */
  async start(clientId: number, versions = "v100..193"): Promise<string[][]> {
    await this.write(Buffer.concat([hello(versions), frame(["71", "2", String(clientId), ""])]));
    await this.until(() => this.frames.some((f) => f[0] === "4" && f[3] === "2158"));
    return this.frames;
  }

  /** Resolves when `condition` holds, re-checked on every frame and on close. */
  until(condition: () => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out; frames so far: ${JSON.stringify(this.frames)}, closed: ${this.closed}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changed.off("change", check);
      };
      this.changed.on("change", check);
      check();
    });
  }

  whenClosed(): Promise<void> {
    return this.until(() => this.closed);
  }

  /** Drops the connection abruptly (RST), as a crashing client would. */
  destroy(): void {
    this.socket.resetAndDestroy();
  }
}
