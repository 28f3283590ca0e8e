/**
 * pulumi-invent: Invent (useinvent.com) AI support assistants, their actions and channels, and the org's
 * connections as Pulumi resources. Resource descriptions and API assumptions are internal (not exported).
 *
 * Configure with `invent:apiKey` (secret), `invent:orgId` and `invent:baseUrl`, or the environment variables
 * `INVENT_API_KEY`, `INVENT_ORG_ID`, `INVENT_BASE_URL`.
 *
 * Existing objects: `X.get(name, id, args)` references one read-only; `getX`/`listXs` (and their `…Output`
 * forms) look objects up while the program runs; `adoptId` makes a resource take over one instead of creating.
 */
export { Assistant } from "./resources/assistant";
export { Connection, CONNECTION_TYPES } from "./resources/connection";
export { Action } from "./resources/action";
export { ActionOrder } from "./resources/action-order";
export { Channel, CHANNEL_TYPES } from "./resources/channel";
export { KnowledgeContent } from "./resources/knowledge-content";
export { KnowledgeLink } from "./resources/knowledge-link";
export { SubOrganization } from "./resources/sub-organization";
export { SubOrganizationBilling } from "./resources/sub-organization-billing";
export { Segment, SEGMENT_COLORS } from "./resources/segment";
export type * from "./resources/types.generated";
export * from "./lookups";
export { CONTACT_STATUSES } from "./resources/contact";
export type {
  ContactChannel,
  ContactResult,
  ContactStatus,
  GetContactArgs,
  ListContactsArgs,
} from "./resources/contact";
export { InventClient } from "./client";
export type { InventClientOptions, RequestOptions } from "./client";
export * from "./errors";
export { CONFIG_KEYS } from "./config";
// Conversation tests (`pulumi-invent test`): the typed form of a test file. Types only, and an identity.
export { defineChatTests } from "./testing/define";
export type { ChatTestFileInput as ChatTestFile } from "./testing/schema";
