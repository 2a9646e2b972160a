// The API description: OpenAPI 3.1 at /openapi.json from the routes' zod schemas, each operation route completed with
// its example request and its error answers (route-docs.ts), the Swagger page at /docs, and `GET /` sending a
// browser there.
import type { FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, VERSION } from "../domain/index.js";
import { commonErrors, errorResponses, ROUTE_DOCS } from "./route-docs.js";

/** What the description needs to know about an operation route that its schema does not say. */
export interface DocumentedRoute {
  keyed: boolean;
  needsBroker: boolean;
  input: "none" | "body" | "query" | "params";
}

/** Operation routes by `METHOD path`, filled as routes are added; read when /openapi.json is built. */
export type DocumentedRoutes = Map<string, DocumentedRoute>;

type JsonObject = Record<string, unknown>;

const ERROR_SCHEMA = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ErrorResponse, { io: "output" });
  return schema;
})();

const INPUT_PART = { body: "body", query: "querystring", params: "params" } as const;

export async function installDocs(app: FastifyInstance, routes: DocumentedRoutes): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "IBKR Gateway API",
        version: VERSION,
        description:
          "Every request body and query accepts only its documented fields. Every error answer is " +
          "`{error_code, message, details?}`; the codes are listed per route and in docs/errors.md.",
      },
      components: { securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-Key" } } },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input) as { schema: JsonObject; url: string };
      const method = [input.route.method].flat()[0] ?? "GET";
      const key = `${method} ${input.route.url}`;
      const route = routes.get(key);
      if (route !== undefined) document(out.schema, key, route);
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  app.get("/", { schema: { hide: true } }, async (_req, reply) => reply.redirect("/docs", 302));
}

/** Adds the route's example request and its error answers to its transformed (JSON) schema. */
function document(schema: JsonObject, key: string, route: DocumentedRoute): void {
  const doc = ROUTE_DOCS[key];
  if (doc?.example !== undefined && route.input !== "none") {
    const part = schema[INPUT_PART[route.input]] as JsonObject | undefined;
    if (part !== undefined && route.input === "body") part["examples"] = [doc.example];
    else if (part !== undefined) {
      const properties = (part["properties"] ?? {}) as Record<string, JsonObject>;
      for (const [name, value] of Object.entries(doc.example)) {
        if (properties[name] !== undefined) properties[name] = { ...properties[name], examples: [value] };
      }
    }
  }
  const codes = [
    ...commonErrors({ input: route.input !== "none", keyed: route.keyed, broker: route.needsBroker }),
    ...(doc?.errors ?? []),
  ];
  const response = (schema["response"] ?? {}) as JsonObject;
  for (const [status, answer] of Object.entries(errorResponses(codes))) {
    response[status] = { ...ERROR_SCHEMA, description: answer.description, examples: [answer.example] };
  }
  schema["response"] = response;
}
