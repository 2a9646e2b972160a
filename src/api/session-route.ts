// GET /session: who the caller is, for a client (the dashboard) that shows only what its key may do. Any valid key
// may ask; without configured keys every request is served with every scope, and the answer says so.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { API_KEY_SCOPES } from "../config/index.js";

export const SessionInfo = z.object({
  /** The key's name (`API_KEY` for the API_KEY variable); null when the gateway requires no key. */
  keyName: z.string().nullable(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  /** False when neither API_KEY nor API_KEYS_FILE is set. */
  authRequired: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export function addSessionRoute(app: FastifyInstance, authRequired: boolean): void {
  const schema = {
    summary: "The caller's API key name and scopes",
    tags: ["service"],
    security: [{ apiKey: [] }],
    response: { 200: SessionInfo },
  };
  app.get("/session", { schema }, async (req): Promise<SessionInfo> => {
    const key = req.apiKey;
    if (key === undefined) return { keyName: null, scopes: [...API_KEY_SCOPES], authRequired };
    return { keyName: key.name, scopes: [...key.scopes], authRequired };
  });
}
