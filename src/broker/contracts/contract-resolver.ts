// Resolves a SymbolSpec to one broker contract: cache first, then the broker's contract details
// (10 s), front month for futures without expiry, no-match and ambiguity errors. It places no orders.
import { EventName, type Contract, type ContractDetails } from "@stoqey/ib";
import { GatewayError, type ResolvedContract, type SymbolSpec } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import { classifyMarketDataError } from "../error-classification.js";
import type { BrokerMetrics, Clock } from "../hooks.js";
import { isNonFatalCode } from "../tws-error.js";
import type { ContractCache } from "./contract-cache.js";
import { frontMonth, queryToIbContract, toResolvedContract } from "./contract-details.js";
import { normalizeRight } from "./display-symbol.js";
import { buildContractQuery, contractCacheKey, resolutionFailed, type ContractQuery } from "./contract-query.js";
import { sameId } from "../request-id.js";
import { listenWhilePending } from "../listen.js";

const MAX_CANDIDATES = 10;

export interface ContractResolverDeps {
  connection: Connection;
  cache: ContractCache;
  clock: Clock;
  metrics: BrokerMetrics;
  timeoutMs: number;
}

export class ContractResolver {
  constructor(private readonly deps: ContractResolverDeps) {}

  async resolve(spec: SymbolSpec, signal?: AbortSignal): Promise<ResolvedContract> {
    const query = buildContractQuery(spec);
    // A cached contract is no excuse to answer while the broker is away: callers get the same 503 as for a miss.
    this.deps.connection.requireReady();
    const key = contractCacheKey(query);
    const cached = this.deps.cache.get(key, this.deps.clock.now());
    if (cached) {
      this.deps.metrics.inc("contract_cache_total", { result: "hit" });
      return cached;
    }
    this.deps.metrics.inc("contract_cache_total", { result: "miss" });
    const fetched = await this.fetchDetails(query, signal);
    // A named conId wins at the broker whatever the other fields say: keep only the contract that is also the
    // instrument described, so a stale or mistyped conId never quotes or trades something else.
    const details = query.conId === null ? fetched : fetched.filter((d) => isDescribedBy(d.contract, query));
    const candidates = distinctByConId(details.map((d) => toResolvedContract(d, spec.securityType)));
    const chosen = this.choose(spec, query, candidates);
    this.deps.cache.set(key, chosen, this.deps.clock.now(), isFrontMonthQuery(query));
    return chosen;
  }

  private choose(spec: SymbolSpec, query: ContractQuery, candidates: ResolvedContract[]): ResolvedContract {
    const pool = isFrontMonthQuery(query) ? frontMonthPool(candidates, this.today()) : candidates;
    const [first] = pool;
    if (!first) {
      throw resolutionFailed(
        `No contract found for ${spec.symbol} (${spec.securityType}) on ${query.exchange ?? "any exchange"}`,
      );
    }
    if (pool.length > 1) {
      throw new GatewayError(
        "AMBIGUOUS_CONTRACT",
        `Ambiguous contract: ${spec.symbol} (${spec.securityType}) matches ${pool.length} contracts`,
        { details: { candidates: pool.slice(0, MAX_CANDIDATES) } },
      );
    }
    return first;
  }

  private fetchDetails(query: ContractQuery, signal?: AbortSignal): Promise<ContractDetails[]> {
    const { connection } = this.deps;
    const session = connection.requireReady();
    const found: ContractDetails[] = [];
    const request = connection.registry.start<ContractDetails[]>({
      operation: "contract details",
      metric: "contract_details",
      timeoutMs: this.deps.timeoutMs,
      signal,
      // An unknown contract gets only error 200 and no end marker: that is "no match".
      onError: (error, req) => {
        if (error.code === 200) req.resolve([]);
        else if (!isNonFatalCode(error.code, error.message)) req.reject(classifyMarketDataError(error));
      },
    });
    const onDetails = (reqId: number, details: ContractDetails): void => {
      if (sameId(reqId, request.id)) found.push(details);
    };
    const onEnd = (reqId: number): void => {
      if (sameId(reqId, request.id)) request.resolve(found);
    };
    listenWhilePending(request, connection.events, [
      [EventName.contractDetails, onDetails],
      [EventName.contractDetailsEnd, onEnd],
    ]);
    session.pacer.data(() => session.api.reqContractDetails(request.id, queryToIbContract(query)));
    return request.promise;
  }

  private today(): string {
    return new Date(this.deps.clock.now()).toISOString().slice(0, 10);
  }
}

function isFrontMonthQuery(query: ContractQuery): boolean {
  return query.securityType === "FUT" && query.expiry === null;
}

function frontMonthPool(candidates: ResolvedContract[], todayIso: string): ResolvedContract[] {
  const front = frontMonth(candidates, todayIso);
  return front ? [front] : [];
}

/** The contract has the conId asked for and agrees with every other field of the query. */
function isDescribedBy(contract: Contract, query: ContractQuery): boolean {
  const asked = queryToIbContract(query);
  const digits = (contract.lastTradeDateOrContractMonth ?? "").replaceAll("-", "");
  const strike = contract.strike !== undefined && contract.strike > 0 ? contract.strike : null;
  return (
    contract.conId === query.conId &&
    contract.symbol === query.symbol &&
    contract.secType === asked.secType &&
    (contract.currency ?? "USD") === query.currency &&
    normalizeRight(contract.right) === query.right &&
    strike === query.strike &&
    (query.expiry === null || digits.startsWith(query.expiry))
  );
}

function distinctByConId(contracts: ResolvedContract[]): ResolvedContract[] {
  const seen = new Map<number, ResolvedContract>();
  for (const c of contracts) if (!seen.has(c.conId)) seen.set(c.conId, c);
  return [...seen.values()];
}
