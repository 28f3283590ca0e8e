/**
 * pulumi-invent: Invent (useinvent.com) AI support assistants and connections as Pulumi resources.
 *
 * Configure with `invent:apiKey` (secret), `invent:orgId` and `invent:baseUrl`, or the environment variables
 * `INVENT_API_KEY`, `INVENT_ORG_ID`, `INVENT_BASE_URL`.
 */
export { Assistant, assistantSpec } from "./resources/assistant";
export { Connection, connectionSpec, CONNECTION_TYPES } from "./resources/connection";
export { Action } from "./resources/action";
export { ActionOrder } from "./resources/action-order";
export type * from "./resources/types.generated";
export { InventClient } from "./client";
export type { InventClientOptions, RequestOptions } from "./client";
export * from "./errors";
export { ASSUMPTIONS } from "./assumptions";
export { CONFIG_KEYS } from "./config";
