import { z } from "zod";
import { didYouMean } from "./did-you-mean";
import { ConfigurationError } from "./errors";

/**
 * Every behaviour of the Invent API that this library relies on but the public docs do not state.
 *
 * Each entry is marked [A] in `invent-api.md`. If you hold the vendor's OpenAPI document and it says
 * otherwise, change the value here: nothing else in the library hard-codes these facts. Users correct the
 * data-valued ones without a release through `invent:assumptions` / `INVENT_ASSUMPTIONS` (see
 * {@link OVERRIDABLE_ASSUMPTIONS}); `pulumi-invent doctor` says which ones their org contradicts.
 */
export const ASSUMPTIONS = {
  /** Public API host. [D] */
  defaultBaseUrl: "https://api.useinvent.com",

  /** `org_id = c` addresses the API key's own org. [D] */
  ownOrgAlias: "c",

  /**
   * What an org id looks like: `org_` and base62 characters (about 22; the length is not pinned). [D/E]
   * `orgId` arguments are checked against it at preview.
   */
  orgIdPattern: /^org_[0-9A-Za-z]+$/,

  /**
   * List endpoints return whole objects (`config` included), so a refresh can read many objects from a few
   * list pages instead of one GET each. [A] An item that lacks a field a read needs is still read with a GET;
   * set this to false to read every object with a GET.
   */
  listItemsCarryWholeObject: true,

  /** Largest page the list endpoints accept. [D] */
  maxPageSize: 100,

  /**
   * PATCH deep-merges nested objects such as `config`: keys absent from the body keep their value. [A]
   * When false, updates first GET the object and send each nested object whole.
   */
  patchDeepMergesNestedObjects: true,

  /** A 429 may carry `Retry-After` in seconds (or an HTTP date); honoured when present. [A] */
  honourRetryAfter: true,

  /** A 429 means the request was not processed, so even a POST may be sent again. [A] */
  rateLimitedRequestsAreNotProcessed: true,

  /** Requests per minute per client IP. [D] The client stays under it on its own. */
  requestsPerMinute: 500,

  /**
   * Headroom the client keeps under `requestsPerMinute`. [A] The server counts a request when it arrives, by a
   * clock and window rounding we cannot see, so the client counts each request from when it is sent until
   * 60 s + `ms` after its answer, and admits at most `requestsPerMinute × (1 - fraction)` of them.
   */
  requestRateMargin: { fraction: 0.01, ms: 1_000 },

  /**
   * Longest `Retry-After` the per-minute limit gives: its 60 s window plus rounding. [A] A longer hint (the
   * hourly creation limit) is reported at once instead of waited out.
   */
  perMinuteRetryAfterMaxMs: 65_000,

  /** Assistant creations per org per hour. [D] */
  assistantCreatesPerHour: 10,

  /** Whether a request is an assistant creation (the only call under the hourly limit). [D] */
  isAssistantCreation: (method: string, orgPath: string): boolean =>
    method === "POST" && /^\/orgs\/[^/]+\/assistants\/?$/.test(orgPath),

  /**
   * Whether `shown` is how the API masks the credential `declared` when it returns it: `"****"` followed by
   * the value's last characters (`"sk_…1234"` → `"****1234"`), or `"****"` alone for short values. [A]
   * Tells "unchanged credential" from drift without ever taking the masked value as truth.
   */
  isMaskOf: (shown: string, declared: string): boolean => {
    const { prefix, revealsSuffix } = ASSUMPTIONS.credentialMask;
    return shown.startsWith(prefix) && (!revealsSuffix || declared.endsWith(shown.slice(prefix.length)));
  },

  /**
   * The data form of `isMaskOf`, so it can be corrected by configuration: a mask starts with `prefix`, and when
   * `revealsSuffix` the rest is the credential's last characters (`"****1234"`); otherwise the mask shows
   * nothing of the value (`"********"`). [A]
   */
  credentialMask: { prefix: "****", revealsSuffix: true as boolean },

  /**
   * Connection types that can only be created through a browser consent screen (OAuth), so infrastructure
   * code cannot create them: connect them in the dashboard instead. [A] (the docs name Google services and
   * Meta/WhatsApp as sign-in flows; the exact list is not published).
   */
  browserOnlyConnectionTypes: [
    "GMAIL",
    "GOOGLE_SHEETS",
    "GOOGLE_CALENDAR",
    "FACEBOOK",
    "WHATSAPP",
    "INSTAGRAM",
    "MESSENGER",
    "SLACK",
    "NOTION",
    "HUBSPOT",
    "SALESFORCE",
    "ZOHO",
    "LINEAR",
    "GOHIGHLEVEL",
    "CALENDLY",
    "TRELLO",
    "OAUTH",
    "SHOPIFY",
    "ZENDESK",
  ] as readonly string[],

  /**
   * Connection `config` keys are the API's own and spelt in snake_case (`auth_method`): a camelCase key of a
   * program travels in snake_case (`apiKey` as `api_key`), any other key as written, and each comes back as the
   * program wrote it (`provider/schema/keys.ts`). [A] False: every key travels exactly as written.
   */
  connectionConfigKeysSnakeCase: true as boolean,

  /** Values of `config.knowledge_scope` besides the documented `"all"`. [A] */
  knowledgeScopes: ["all", "selected"] as const,

  /** Values of `config.conversation.thread_mode` besides the documented `"new"`. [A] */
  threadModes: ["new", "continue"] as const,

  /** Longest action instructions: the docs say 2048 on one page and 1024 on another; the stricter holds. [A] */
  maxActionInstructionsLength: 1024,

  /** `PATCH …/actions/reorder` takes at most this many positions per call, each a multiple of 100. [D] */
  maxReorderItems: 25,
  reorderPositionStep: 100,

  /** Action delete: `DELETE /orgs/{org}/assistants/{assistant}/actions/{id}` (not documented). [A] */
  actionsDeleteById: true,

  /**
   * Channels (assistant integrations) live at `/orgs/{org}/assistants/{assistant}/integrations`: GET/POST there,
   * PATCH/DELETE at `{that}/{id}` (not documented; the assistant object embeds them as `integrations[]`). [A]
   */
  channelsPath: "/assistants/{assistantId}/integrations",

  /**
   * `GET …/integrations/{id}` exists. [A] When false, a channel no listing answers for is read from its
   * assistant's `integrations[]` (one GET of the assistant) instead.
   */
  channelsGetById: true,

  /** Channel `config` keys are the API's own, in snake_case, like connection config keys. [A] */
  channelConfigKeysSnakeCase: true as boolean,

  /**
   * An action's `config.input` keys are the user's own (a tool's inputs, HTTP settings, placeholders such as
   * `order_number`), stored as sent, at every depth; so are its `definitions`. [A] True: camelCase input keys
   * travel in snake_case, like connection config keys.
   */
  actionInputKeysSnakeCase: false as boolean,

  /** Knowledge content: `title` 1..255 characters, `content.text` at most 2,097,152 characters. [D] */
  knowledgeTitleMaxLength: 255,
  knowledgeTextMaxLength: 2_097_152,

  /**
   * Where a response carries a TEXT content's text, tried in order (dotted paths from the object's root): the
   * docs document the create body `content: {type: "TEXT", text}`, not what GET and list items return. [A]
   * Where none carries it, the text is not compared with the server's (it is judged against what was declared
   * last time, like a write-only value), so a content is never replaced only because the text was not echoed.
   */
  knowledgeTextIn: ["content.text", "text"] as readonly string[],

  /**
   * Knowledge content wire shapes besides the documented TEXT one: `{ type: "URL", url, mode }` with `mode`
   * `"crawl"` (follow links) or `"single"` (that page only), and `{ type: "FILE", file_id }`. [A]
   */
  knowledgeUrlModes: { crawl: "crawl", single: "single" },

  /** Knowledge content delete: `DELETE /orgs/{org}/knowledge/contents/{id}` (not documented). [A] */
  knowledgeContentsDeleteById: true,

  /**
   * Knowledge processing statuses: `PENDING` → `PROCESSING` → `PROCESSED` or `FAILED` (the reason in
   * `error`). [D] A content is ready at `PROCESSED`; after that, nothing the provider reads changes. [A]
   */
  knowledgeStatuses: { done: "PROCESSED", failed: "FAILED" },

  /** How long a knowledge content create waits for processing unless `processingTimeoutSeconds` says. [A] */
  knowledgeProcessingTimeoutSeconds: 600,

  /**
   * Knowledge links (the docs show none): `PUT /orgs/{org}/assistants/{assistant}/knowledge/contents/{content}`
   * links a content to an assistant (again: no change), `DELETE` on the same path unlinks (404 when not
   * linked). Whether a content is linked is the `linked` flag of the documented per-assistant list
   * `GET /orgs/{org}/assistants/{assistant}/knowledge/contents`, which holds every content of the org. [A]
   */
  knowledgeLinksPath: "/assistants/{assistantId}/knowledge/contents",
  knowledgeLinkMethods: { link: "PUT", unlink: "DELETE" },

  /**
   * Where an item of an assistant's `boards` carries its initial segment's id, tried in order (dotted paths from
   * the item): the newest docs show the answer `initial_segment: {id, name, …}` [E] and the update body
   * `initial_segment_id` [E]; which one other answers carry is not stated. [A] A board item that carries it
   * nowhere keeps the declared segment (an unknown value, not a change).
   */
  assistantBoardSegmentIn: ["initial_segment.id", "initial_segment_id"] as readonly string[],

  /**
   * `GET /orgs/{org}/contacts/{id}` exists (the docs show the list, create and update pages only). [A] When it
   * answers 404, or this is false, `getContact({ id })` finds the contact in the list instead.
   */
  contactsGetById: true as boolean,

  /** Longest system prompt the API accepts. [A] (the docs give no limit) */
  maxInstructionsLength: 100_000,

  /**
   * What the API gives an object for the fields its create left out, by kind, in the programs' names (the docs
   * state only `enabled` and `crawl`; the rest is [A]). `pulumi-invent export` leaves values equal to these out
   * of the program it writes, so they stay server-owned as in a hand-written program; a wrong guess here only
   * leaves a field unmanaged, it never changes an object.
   */
  serverDefaults: {
    Assistant: {
      enabled: true,
      language: "auto",
      model: "gpt-4.1-mini",
      stt: { model: "whisper-1" },
      tts: { model: "tts-1", voiceId: "alloy" },
      knowledgeScope: "all",
      timezone: "UTC",
      conversation: {
        threadMode: "new",
        enableMemories: false,
        enableTransferToHumanTool: true,
        enableEndConversationTool: true,
        enableBlockContactTool: false,
        enableAutoResolve: false,
        enableAutoFollowUps: false,
        enableAutoCsat: false,
        enablePrivateChats: false,
        enableUpdateContactTool: false,
      },
    },
    Channel: { enabled: true },
    KnowledgeContent: { crawl: false },
  } as Record<string, Record<string, unknown>>,

  /**
   * DELETE of an assistant is soft: a GET afterwards answers the object with `deleted: true`. [A] The library
   * treats a 404 the same way (both mean gone), so it does not rely on this; `doctor` records which it is.
   */
  softDelete: true,

  /**
   * Error bodies are JSON `{statusCode, message, error}`, `message` a string or a string[]. [A] The client
   * quotes `message` when it finds one and copes with any other body, so it does not rely on this.
   */
  errorBodyNestStyle: true,

  /**
   * `GET /orgs/{org}` answers the org (`{id, name, …}`). [A] Only `pulumi-invent doctor` uses it, to have the
   * org's name confirmed before `--write`; without it the org id is confirmed instead.
   */
  orgReadable: true,

  // -------------------------------------------------------------------------------------------------------
  // Sub-organizations and segments. Contract: invent-api.md, "Sub-organizations" and "Segments, contacts and
  // boards". Neither has a delete endpoint, and segments have no create: see `ResourceSpec.undeletable`.
  // -------------------------------------------------------------------------------------------------------

  /**
   * No `GET /orgs/{org}/orgs/{id}` is documented: a sub-org is read from its parent's listing
   * (`GET /orgs/{org}/orgs`, filtered by id), shared by every read of a run. [A] When true, a sub-org that no
   * listing answers for is read with that GET instead.
   */
  subOrgsGetById: false,

  /**
   * The fields the sub-org create body takes (program names): the docs do not render the body, and the
   * dashboard form takes only a name. [A] Declared values of the other fields (`logoId`, `config`) follow in
   * one PATCH of the new sub-org; exactly-once recovery compares only what the POST sent.
   */
  subOrgCreateFields: ["name"] as readonly string[],

  /**
   * Where an org object carries its billing settings (the sub-org summary, and the org the billing PATCH
   * answers): `billing.spending_cap`, `billing.auto_recharge`. [E] A response without them leaves the declared
   * values as they are (not drift).
   */
  subOrgBillingIn: "billing",

  /**
   * Whether the billing PATCH merges `spending_cap` and `auto_recharge` or replaces each whole is unknown: a
   * change to any member sends the whole declared sub-object. [A] Set false to send only what changed.
   */
  billingSubObjectsSentWhole: true,

  /**
   * Billing amounts (`spendingCap.amount`, `autoRecharge.rechargeThreshold`, `rechargeAmount`) in the program
   * times this factor are the wire's. The unit is not documented (`amount: 50000` and `recharge_threshold:
   * 252.5` are seen), so amounts pass through unconverted. [A] Set 100 if the API counts cents of your amounts.
   */
  billingAmountScale: 1,

  /** No `GET /orgs/{org}/segments/{id}` is documented: a segment is read from the listing, by id. [A] */
  segmentsGetById: false,

  // -------------------------------------------------------------------------------------------------------
  // Chats: used by `pulumi-invent test` (provider/chats/), never by resources. Contract: invent-api.md, "Chats".
  // -------------------------------------------------------------------------------------------------------

  /**
   * Starting a chat: `POST /orgs/{org}{chatStartPath}` with `{message: Part[]}` (the first user turn), answered
   * with the chat. [A] (path and body are seen only in public client code.) Nothing else is sent: whether
   * `title` or `temporary` are accepted on create is unknown, and a strict validator would refuse them; the
   * runner deletes its chats instead.
   */
  chatStartPath: "/assistants/{assistantId}/chats",

  /**
   * A chat outside any org: `GET` and `DELETE` on `{chatPath}` [A: no stored page], its messages at
   * `{chatPath}/messages` (`POST` a user turn, `GET` the list) [D]. A key of the chat's org, or of its parent
   * org, reaches it [A].
   */
  chatPath: "/chats/{chatId}",

  /**
   * The org's chats, `GET /orgs/{org}{chatsListPath}` (an older docs page), each with `state.assistant_id`. [E]
   * Read only to find the chat a start made when its answer was lost.
   */
  chatsListPath: "/chats",

  /** The start-date query parameter of the message list (its name is not shown; `from_date` in client code). [A] */
  chatMessagesSinceParam: "from_date",

  /**
   * How the runner waits for a reply: the docs do not say whether a post returns the reply or blocks. [A]
   * It uses the reply when the post returned it, else polls the message list after `firstMs`, each wait
   * `factor` times the last up to `maxMs`, until an assistant message newer than the user turn is no longer
   * running, for at most `deadlineMs` (a test file or `--reply-timeout` may set another deadline).
   */
  chatReplyPolling: { firstMs: 1_000, factor: 1.5, maxMs: 5_000, deadlineMs: 120_000 },

  /**
   * Message statuses: `RUNNING`, `COMPLETED`, `FAILED`, `CANCELED` [D]; which of them mean "not finished" and
   * "finished without a reply" is [A]. A chat's own `status` is assumed to take the same values. [A]
   */
  chatMessageStatuses: { running: ["RUNNING"] as string[], failed: ["FAILED", "CANCELED"] as string[] },

  /**
   * How a tool call shows in a message: no call record is documented (a message's `tools[]` lists
   * definitions). [A] A call is a part of `messages[].parts[]` (or of a top-level `role: "tool"` message)
   * whose type is not `text` and that carries a call id and a tool name, under the first of these keys it has;
   * its input under `inputKeys` (an object, or JSON text), and the action it ran under `actionIdKeys`.
   */
  chatToolCallKeys: {
    id: ["tool_call_id", "toolCallId", "call_id", "id"] as string[],
    name: ["tool_name", "toolName", "name"] as string[],
    input: ["input", "args", "arguments", "parameters"] as string[],
    actionId: ["action_id", "actionId"] as string[],
  },

  /**
   * How a hand-off and an end show: the guides describe "Waiting for Human" and auto-assignment [D], no API
   * field is documented. [A] Hand-off = the chat's `state.ai_enabled` false (`aiDisabled`) or
   * `state.assigned_user` set (`assignedUser`) after the turn; ended = `state.state` one of `endedStates`.
   */
  chatHandoffSignals: { aiDisabled: true as boolean, assignedUser: true as boolean },
  chatEndedStates: ["CLOSED"] as string[],
} as const;

// ---------------------------------------------------------------------------------------------------------
// Overrides: `invent:assumptions` (stack config, a JSON object) or `INVENT_ASSUMPTIONS` (JSON)
// ---------------------------------------------------------------------------------------------------------

type AssumptionKey = keyof typeof ASSUMPTIONS;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

// `pulumi config set --path … false` may store the text "false": exact booleans and numbers in text count.
const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());
const num = (s: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v), s);
const count = num(z.number().int().positive());
const collectionPath = z.string().regex(/^\/[^\s?#]*\{assistantId\}[^\s?#]*$/);

/**
 * The assumptions that configuration may override, each with its rule and, for messages, the type expected.
 * All are read by the library when it acts, not when it loads, so an override applies to the whole process.
 * Nested objects may be given in part (`{"credentialMask": {"prefix": "xxxx"}}`).
 */
export const OVERRIDABLE_ASSUMPTIONS = {
  listItemsCarryWholeObject: { schema: bool, expected: "a boolean" },
  patchDeepMergesNestedObjects: { schema: bool, expected: "a boolean" },
  honourRetryAfter: { schema: bool, expected: "a boolean" },
  rateLimitedRequestsAreNotProcessed: { schema: bool, expected: "a boolean" },
  requestsPerMinute: { schema: count, expected: "a positive integer" },
  requestRateMargin: {
    schema: z
      .object({ fraction: num(z.number().min(0).max(0.9)), ms: num(z.number().int().min(0)) })
      .partial()
      .strict(),
    expected: "an object {fraction: number 0..0.9, ms: integer >= 0}",
  },
  perMinuteRetryAfterMaxMs: { schema: count, expected: "a positive integer (milliseconds)" },
  maxPageSize: { schema: count, expected: "a positive integer" },
  assistantCreatesPerHour: { schema: count, expected: "a positive integer" },
  credentialMask: {
    schema: z
      .object({ prefix: z.string().min(1), revealsSuffix: bool })
      .partial()
      .strict(),
    expected: "an object {prefix: non-empty string, revealsSuffix: boolean}",
  },
  browserOnlyConnectionTypes: { schema: z.array(z.string().min(1)), expected: "a list of strings" },
  connectionConfigKeysSnakeCase: { schema: bool, expected: "a boolean" },
  channelConfigKeysSnakeCase: { schema: bool, expected: "a boolean" },
  actionInputKeysSnakeCase: { schema: bool, expected: "a boolean" },
  maxReorderItems: { schema: count, expected: "a positive integer" },
  reorderPositionStep: { schema: count, expected: "a positive integer" },
  channelsPath: { schema: collectionPath, expected: 'a path containing "{assistantId}"' },
  channelsGetById: { schema: bool, expected: "a boolean" },
  knowledgeLinksPath: { schema: collectionPath, expected: 'a path containing "{assistantId}"' },
  knowledgeLinkMethods: {
    schema: z
      .object({ link: z.enum(["PUT", "POST", "PATCH"]), unlink: z.enum(["DELETE", "POST", "PATCH"]) })
      .partial()
      .strict(),
    expected: 'an object {link: "PUT" | "POST" | "PATCH", unlink: "DELETE" | "POST" | "PATCH"}',
  },
  knowledgeTextIn: {
    schema: z.array(z.string().regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/)).min(1),
    expected: 'a non-empty list of dotted paths such as ["content.text", "text"]',
  },
  contactsGetById: { schema: bool, expected: "a boolean" },
  assistantBoardSegmentIn: {
    schema: z.array(z.string().regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/)).min(1),
    expected: 'a non-empty list of dotted paths such as ["initial_segment.id", "initial_segment_id"]',
  },
  knowledgeStatuses: {
    schema: z
      .object({ done: z.string().min(1), failed: z.string().min(1) })
      .partial()
      .strict(),
    expected: "an object {done: string, failed: string}",
  },
  knowledgeProcessingTimeoutSeconds: { schema: count, expected: "a positive integer (seconds)" },
  serverDefaults: {
    schema: z.record(z.string(), z.record(z.string(), z.unknown())),
    expected: "an object: kind → { field: value a new object gets }",
  },
  softDelete: { schema: bool, expected: "a boolean" },
  errorBodyNestStyle: { schema: bool, expected: "a boolean" },
  orgReadable: { schema: bool, expected: "a boolean" },
  subOrgsGetById: { schema: bool, expected: "a boolean" },
  subOrgCreateFields: {
    schema: z.array(z.enum(["name", "logoId", "config"])).min(1),
    expected: 'a non-empty list of "name", "logoId", "config"',
  },
  subOrgBillingIn: {
    schema: z.string().regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/),
    expected: 'a dotted path such as "billing"',
  },
  billingSubObjectsSentWhole: { schema: bool, expected: "a boolean" },
  billingAmountScale: { schema: num(z.number().positive()), expected: "a positive number" },
  segmentsGetById: { schema: bool, expected: "a boolean" },
  chatStartPath: {
    schema: z.string().regex(/^\/[^\s?#]*\{assistantId\}[^\s?#]*$/),
    expected: 'a path containing "{assistantId}"',
  },
  chatPath: {
    schema: z.string().regex(/^\/[^\s?#]*\{chatId\}[^\s?#]*$/),
    expected: 'a path containing "{chatId}"',
  },
  chatsListPath: { schema: z.string().regex(/^\/[^\s?#]*$/), expected: 'a path such as "/chats"' },
  chatMessagesSinceParam: { schema: z.string().regex(/^\w+$/), expected: "a query parameter name" },
  chatReplyPolling: {
    schema: z
      .object({ firstMs: count, factor: num(z.number().min(1).max(10)), maxMs: count, deadlineMs: count })
      .partial()
      .strict(),
    expected: "an object {firstMs, maxMs, deadlineMs: positive integers (ms), factor: number 1..10}",
  },
  chatMessageStatuses: {
    schema: z
      .object({ running: z.array(z.string().min(1)), failed: z.array(z.string().min(1)) })
      .partial()
      .strict(),
    expected: "an object {running: string[], failed: string[]}",
  },
  chatToolCallKeys: {
    schema: z
      .object({
        id: z.array(z.string().min(1)).min(1),
        name: z.array(z.string().min(1)).min(1),
        input: z.array(z.string().min(1)),
        actionId: z.array(z.string().min(1)),
      })
      .partial()
      .strict(),
    expected: "an object {id, name, input, actionId: lists of key names}",
  },
  chatHandoffSignals: {
    schema: z.object({ aiDisabled: bool, assignedUser: bool }).partial().strict(),
    expected: "an object {aiDisabled: boolean, assignedUser: boolean}",
  },
  chatEndedStates: { schema: z.array(z.string().min(1)), expected: "a list of chat states" },
} satisfies Partial<Record<AssumptionKey, { schema: z.ZodType; expected: string }>>;

/** The name of an overridable assumption. */
export type OverridableAssumption = keyof typeof OVERRIDABLE_ASSUMPTIONS;

/** Validated overrides: a subset of the overridable assumptions with their new values. */
export type AssumptionOverrides = Partial<Record<OverridableAssumption, unknown>>;

/** Why the other assumptions cannot be overridden, for the error that names one. */
const NOT_OVERRIDABLE: Partial<Record<AssumptionKey, string>> = {
  defaultBaseUrl: "set invent:baseUrl (or INVENT_BASE_URL) instead",
  isMaskOf: "it is a rule; override credentialMask, its data form",
  isAssistantCreation: "it is a documented rule, not data",
};
const LOADED_WITH_TYPES =
  "it is built into input validation and the generated types when the resource classes load; it needs a release";

/**
 * Parses and validates overrides given as JSON text (or an object) from `source` (`invent:assumptions` or
 * `INVENT_ASSUMPTIONS`, named in every message). Undefined or empty text means none.
 *
 * @throws ConfigurationError naming each unknown key (with a did-you-mean) and each value of the wrong type.
 */
export function parseAssumptionOverrides(raw: unknown, source: string): AssumptionOverrides {
  if (raw === undefined || raw === null || raw === "") return {};
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new ConfigurationError(
        `${source} is not valid JSON (${(err as Error).message}). Example: '{"patchDeepMergesNestedObjects": false}'.`,
      );
    }
  }
  if (!isObj(value))
    throw new ConfigurationError(
      `${source} must be a JSON object such as '{"patchDeepMergesNestedObjects": false}' (got ${JSON.stringify(value)}).`,
    );
  const known = Object.keys(OVERRIDABLE_ASSUMPTIONS);
  const errors: string[] = [];
  const out: AssumptionOverrides = {};
  for (const [key, v] of Object.entries(value)) {
    const rule = (OVERRIDABLE_ASSUMPTIONS as Record<string, { schema: z.ZodType; expected: string }>)[key];
    if (!rule) {
      if (key in ASSUMPTIONS) {
        errors.push(
          `${key} cannot be overridden: ${NOT_OVERRIDABLE[key as AssumptionKey] ?? LOADED_WITH_TYPES}.`,
        );
        continue;
      }
      const guess = didYouMean(key, known);
      errors.push(
        `unknown assumption ${JSON.stringify(key)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : "."}` +
          ` Overridable: ${known.join(", ")}.`,
      );
      continue;
    }
    const parsed = rule.schema.safeParse(v);
    if (parsed.success) out[key as OverridableAssumption] = parsed.data;
    else {
      const where = parsed.error.issues[0]?.path.length ? `.${parsed.error.issues[0].path.join(".")}` : "";
      errors.push(`${key}${where} must be ${rule.expected} (got ${JSON.stringify(v)}).`);
    }
  }
  if (errors.length) throw new ConfigurationError(`${source}: ${errors.join(" ")}`);
  return out;
}

/** The defaults of the overridable assumptions, as this release ships them. */
const DEFAULTS = structuredClone(
  Object.fromEntries(Object.keys(OVERRIDABLE_ASSUMPTIONS).map((k) => [k, ASSUMPTIONS[k as AssumptionKey]])),
) as Record<OverridableAssumption, unknown>;
let active: AssumptionOverrides = {};

/**
 * Puts overrides in force for this process, replacing any applied before (keys absent go back to their
 * default). Values change in place, so every reader of `ASSUMPTIONS.x`, and anyone holding one of its nested
 * objects or lists, sees the new value.
 */
export function applyAssumptionOverrides(overrides: AssumptionOverrides): void {
  const target = ASSUMPTIONS as unknown as Obj;
  for (const key of Object.keys(DEFAULTS) as OverridableAssumption[]) {
    const base = structuredClone(DEFAULTS[key]);
    const given = overrides[key];
    const value = given === undefined ? base : isObj(base) && isObj(given) ? { ...base, ...given } : given;
    const cur = target[key];
    if (Array.isArray(cur) && Array.isArray(value)) cur.splice(0, cur.length, ...(value as unknown[]));
    else if (isObj(cur) && isObj(value)) {
      for (const k of Object.keys(cur)) delete cur[k];
      Object.assign(cur, value);
    } else target[key] = value;
  }
  active = structuredClone(overrides);
}

/** The overrides in force (empty when the defaults hold). */
export function activeAssumptionOverrides(): AssumptionOverrides {
  return structuredClone(active);
}

/**
 * Where overrides come from: stack config (`invent:assumptions`, from `config` when given, else the program's
 * `PULUMI_CONFIG`), then the `INVENT_ASSUMPTIONS` environment variable.
 */
export function assumptionOverridesFrom(
  config: { get(key: string): string | undefined } | undefined,
  env: NodeJS.ProcessEnv,
): AssumptionOverrides {
  const key = "invent:assumptions";
  let fromStack: unknown = config?.get(key);
  if (fromStack === undefined && env.PULUMI_CONFIG) {
    try {
      fromStack = (JSON.parse(env.PULUMI_CONFIG) as Obj)[key];
    } catch {
      // The SDK owns that variable and reports it malformed itself.
    }
  }
  if (fromStack !== undefined && fromStack !== "") return parseAssumptionOverrides(fromStack, key);
  return parseAssumptionOverrides(env.INVENT_ASSUMPTIONS, "INVENT_ASSUMPTIONS");
}

// In the program process (and for overrides from the environment, the provider process too) overrides are
// in force before any resource module reads an assumption. The provider process applies stack config later,
// in `configure`.
applyAssumptionOverrides(assumptionOverridesFrom(undefined, process.env));
