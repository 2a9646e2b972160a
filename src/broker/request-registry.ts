// The request registry: allocates request ids (from 1,000,000 up, disjoint from order ids), gives every
// one-shot broker request a timeout, an AbortSignal and error routing by id. It sends nothing itself.
import { GatewayError } from "../domain/index.js";
import { connectionLost, requestTimedOut } from "./failures.js";
import type { BrokerMetrics, Clock, TimerHandle } from "./hooks.js";
import { isNonFatalCode, type TwsError } from "./tws-error.js";

export const FIRST_REQUEST_ID = 1_000_000;

/** The abort reason of a settled request's signal: one shared value, not a fresh DOMException (and stack) per request. */
const SETTLED = new DOMException("The broker request settled", "AbortError");

export interface RequestOptions<T> {
  /** Human wording used in messages, e.g. "account summary". */
  operation: string;
  /** Label of `ibkr_operations_total{operation}`; omitted = not metered. */
  metric?: string;
  timeoutMs: number;
  /** The caller's cancellation (e.g. the REST request timed out). */
  signal?: AbortSignal;
  /** Use this id instead of allocating one (what-if and order waits are keyed by order id). */
  id?: number;
  /** Called on timeout; the default rejects with `IBKR request timed out: <operation> after <t>s`. */
  onTimeout?: (request: PendingRequest<T>) => void;
  /** Called for a broker error naming this request; the default rejects unless the code is a notice. */
  onError?: (error: TwsError, request: PendingRequest<T>) => void;
  /** Turns a fatal TwsError into the error the caller sees (default: INTERNAL_ERROR). */
  classify?: (error: TwsError) => Error;
}

/** A running request. `signal` aborts when it settles, so subscriptions tied to it can clean up. */
export interface PendingRequest<T> {
  readonly id: number;
  readonly operation: string;
  readonly promise: Promise<T>;
  readonly signal: AbortSignal;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
  /** Runs once when the request settles, whatever the outcome (remove listeners, cancel at the broker). */
  onSettle(cleanup: () => void): void;
}

interface Entry {
  fail(error: unknown): void;
  error(error: TwsError): void;
}

function defaultClassify(error: TwsError): Error {
  return new GatewayError("INTERNAL_ERROR", `Unexpected error: TwsError: [${error.code}] ${error.message}`, {
    cause: error,
  });
}

export class RequestRegistry {
  private nextId = FIRST_REQUEST_ID;
  private readonly entries = new Map<number, Entry>();
  private readonly operationOf = new Map<number, string>();

  constructor(
    private readonly clock: Clock,
    private readonly metrics?: BrokerMetrics,
  ) {}

  allocateId(): number {
    return this.nextId++;
  }

  get size(): number {
    return this.entries.size;
  }

  start<T>(options: RequestOptions<T>): PendingRequest<T> {
    const id = options.id ?? this.allocateId();
    const request = this.createRequest<T>(id, options);
    this.entries.set(id, {
      fail: (error) => request.reject(error),
      error: (error) => (options.onError ?? this.defaultOnError(options))(error, request),
    });
    request.onSettle(() => this.entries.delete(id));
    this.armTimeout(request, options);
    this.linkCallerSignal(request, options.signal);
    return request;
  }

  /** Routes a broker error to the request it names; false when no request has that id. */
  routeError(error: TwsError): boolean {
    const entry = this.entries.get(error.reqId);
    if (!entry) return false;
    entry.error(error);
    return true;
  }

  /** Fails every pending request at once (socket lost, adapter stopped). */
  failAll(errorFor: (operation: string) => Error = connectionLost): void {
    for (const [id, entry] of [...this.entries]) {
      this.entries.delete(id);
      entry.fail(errorFor(this.operationOf.get(id) ?? "a broker reply"));
    }
  }

  private defaultOnError<T>(options: RequestOptions<T>) {
    return (error: TwsError, request: PendingRequest<T>): void => {
      if (isNonFatalCode(error.code, error.message)) return;
      request.reject((options.classify ?? defaultClassify)(error));
    };
  }

  private armTimeout<T>(request: PendingRequest<T>, options: RequestOptions<T>): void {
    const handle: TimerHandle = this.clock.setTimeout(() => {
      if (request.settled) return;
      if (options.onTimeout) options.onTimeout(request);
      else request.reject(requestTimedOut(options.operation, options.timeoutMs));
    }, options.timeoutMs);
    request.onSettle(() => this.clock.clearTimeout(handle));
  }

  private linkCallerSignal<T>(request: PendingRequest<T>, signal: AbortSignal | undefined): void {
    if (!signal) return;
    const abort = (): void => request.reject(signal.reason ?? new Error(`${request.operation} aborted`));
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort, { once: true });
    request.onSettle(() => signal.removeEventListener("abort", abort));
  }

  private createRequest<T>(id: number, options: RequestOptions<T>): PendingRequest<T> {
    this.operationOf.set(id, options.operation);
    const controller = new AbortController();
    const cleanups: Array<() => void> = [];
    const startedMs = this.clock.now();
    let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    let settled = false;
    const finish = (outcome: "success" | "error" | "timeout", action: () => void): void => {
      if (settled) return;
      settled = true;
      this.operationOf.delete(id);
      action();
      controller.abort(SETTLED);
      for (const cleanup of cleanups.splice(0)) cleanup();
      if (options.metric) {
        this.metrics?.ibkrOperation(options.metric, outcome, (this.clock.now() - startedMs) / 1000);
      }
    };
    return {
      id,
      operation: options.operation,
      promise,
      signal: controller.signal,
      get settled() {
        return settled;
      },
      resolve: (value) => finish("success", () => settle.resolve(value)),
      reject: (error) => finish(isTimeout(error) ? "timeout" : "error", () => settle.reject(error)),
      onSettle: (cleanup) => {
        if (settled) cleanup();
        else cleanups.push(cleanup);
      },
    };
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof GatewayError && error.code === "IBKR_TIMEOUT";
}
