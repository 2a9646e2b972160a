// Public surface of the domain layer: the product's models (zod schemas + types), rules and error codes.
export * from "./errors.js";
export * from "./instrument.js";
export * from "./order-spec.js";
export * from "./order-rules.js";
export * from "./order-models.js";
export * from "./approval-models.js";
export * from "./market-models.js";
export * from "./account-models.js";
export * from "./service-models.js";
export * from "./normalize.js";
export * from "./historical-params.js";
export * from "./version.js";
export * from "./format.js";
export * from "./time-bounds.js";
export * from "./strict-object.js";
