// Requests about the connection itself: START_API, ids, time, managed accounts, log level.
// Only decoding; the replies are the session's choice.

import { IN } from "../message-ids.js";
import { versionOnly, type Decoder } from "./decoder.js";

export interface StartApi {
  type: "startApi";
  /** `@stoqey/ib` may send an empty field; that reads as 0. */
  clientId: number;
  optionalCapabilities: string;
}
export interface ReqIds {
  type: "reqIds";
  numIds: number;
}
export interface ReqCurrentTime {
  type: "reqCurrentTime";
}
export interface ReqManagedAccts {
  type: "reqManagedAccts";
}
export interface SetServerLogLevel {
  type: "setServerLogLevel";
  level: number;
}

export type SessionRequest = StartApi | ReqIds | ReqCurrentTime | ReqManagedAccts | SetServerLogLevel;

const startApi: Decoder<StartApi> = (r) => {
  r.int();
  const clientId = r.int();
  // optionalCapabilities exists from server version 72 on; a client may still omit it.
  return { type: "startApi", clientId, optionalCapabilities: r.remaining > 0 ? r.str() : "" };
};

export const SESSION_DECODERS: Record<number, Decoder<SessionRequest>> = {
  [IN.START_API]: startApi,
  [IN.REQ_IDS]: (r) => {
    r.int();
    return { type: "reqIds", numIds: r.int() };
  },
  [IN.REQ_CURRENT_TIME]: versionOnly("reqCurrentTime"),
  [IN.REQ_MANAGED_ACCTS]: versionOnly("reqManagedAccts"),
  [IN.SET_SERVER_LOGLEVEL]: (r) => {
    r.int();
    return { type: "setServerLogLevel", level: r.int() };
  },
};
