/**
 * Every behaviour of the emulator that the vendor docs do NOT state lives here, one named constant each,
 * tagged with the evidence level used in /work/shared/invent-api.md:
 *   [D] documented, [E] seen in a docs example only, [A] assumed by this project.
 * Changing an assumption means changing it here; the rest of the emulator reads these constants.
 */

// ---------------------------------------------------------------------------------------------------------
// Ids and timestamps
// ---------------------------------------------------------------------------------------------------------

/** `ast_…`, `con_…`, `org_…` + ~22 base62 chars [D/E]. */
export const ID_BODY_LENGTH = 22;
export const ID_PREFIX = {
  org: "org_", // [D/E]
  assistant: "ast_", // [D/E]
  connection: "con_", // [D/E]
  boardLink: "abd_", // [A] prefix of the assistant↔board link objects in `boards[]`
  action: "act_", // [A] (the docs show no action instance id)
  channel: "ain_", // [A]
  knowledgeContent: "kc_", // [A]
  knowledgeLink: "akl_", // [A] emulator-internal: the API never shows a link as an object, only `linked`
} as const;

/**
 * [A] Timestamps have whole-second precision like the docs example `2023-11-07T05:31:56Z`.
 * Because "updated_at changes on every write", a second write within the same second moves
 * `updated_at` one second past the previous value instead of repeating it.
 */
export const TIMESTAMP_PRECISION_MS = 1000;

/** [A] Format of a minted assistant `secret_key` (the docs show none). Never a live-key prefix (a repository hook flags those). */
export const SECRET_KEY_PREFIX = "ask_";
export const SECRET_KEY_BODY_LENGTH = 40;

/** [A] `avatar_url` derived from the write-only `avatar_id`. */
export const AVATAR_URL_BASE = "https://cdn.useinvent.com/avatars/";

// ---------------------------------------------------------------------------------------------------------
// Auth, routing, errors
// ---------------------------------------------------------------------------------------------------------

/** [A] A key asking for an org it may not reach gets 404 (not 401/403): the org's existence is not revealed. */
export const ORG_ACCESS_DENIED_STATUS = 404;

/**
 * [A] A known path with the wrong method answers 404 `Cannot PUT /path`, like NestJS (whose error body
 * shape the API appears to use). Set to 405 to emulate a stricter server.
 */
export const WRONG_METHOD_STATUS: 404 | 405 = 404;

/** [A] Error body `{statusCode, message, error}`; `message` is a string[] for validation errors. */
export const HTTP_ERROR_NAMES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** [A] Message of a 429 (the NestJS throttler's text). */
export const RATE_LIMIT_MESSAGE = "ThrottlerException: Too Many Requests";

/**
 * [A] Error body style (switchable with the `errorBody` setting): "nest" is the NestJS JSON above. The other
 * shapes servers use, for testing clients and `doctor` against a different server: "plain" (the message as
 * `text/plain`), "nested" (`{"error": {"status", "message"}}`), "errors" (`{"errors": [{"message"}]}`) and
 * "problem" (RFC 9457 `{type, title, status, detail}`).
 */
export const ERROR_BODY_STYLES = ["nest", "plain", "nested", "errors", "problem"] as const;
export const DEFAULT_ERROR_BODY: (typeof ERROR_BODY_STYLES)[number] = "nest";

/** [A] A create answers 200 [D]; 201 is what many APIs answer (switchable with `createStatus`). */
export const DEFAULT_CREATE_STATUS: 200 | 201 = 200;

/**
 * [A] The org itself: `GET /orgs/:org_id` answers `{id, name, parent_id}` (the org's name, which `doctor`
 * has confirmed before writing). Its sub-orgs are a kind of their own (`SUB_ORGS` in kinds.ts).
 */
export const ORG_ROUTES = ["GET /orgs/:org_id"] as const;

/** [A] Largest accepted request body. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------------------

/** [D] `take` max 100; a larger value is a 400 [A] (not silently clamped). */
export const MAX_TAKE = 100;
/** [A] Default `take` when the query omits it. */
export const DEFAULT_TAKE = 20;
/**
 * [A] List items are whole objects, `config` included (switchable with the `listItemsWhole` setting: false
 * leaves `config` out of every list item, as a summary listing would).
 */
export const DEFAULT_LIST_ITEMS_WHOLE = true;
/**
 * [A] Lists leave out soft-deleted objects (GET by id still returns them with `deleted: true`); switchable
 * with `listIncludesDeleted` (items with `deleted: true`).
 */
export const DEFAULT_LIST_INCLUDES_DELETED = false;
/**
 * [A] What a summary listing (`listItemsWhole: false`) leaves out of each item, by the dotted paths of the API
 * object: `config`, and a TEXT content's text wherever it is.
 */
export const SUMMARY_LEAVES_OUT = ["config", "text", "content.text"] as const;
/**
 * [D] List answers carry `pagination-count`, `-page`, `-take` headers (switchable with `paginationHeaders`).
 */
export const DEFAULT_PAGINATION_HEADERS = true;
/**
 * [A] `take` up to 100 is honoured (switchable with `pageSizeCap`: a server that silently pages by fewer; 0 is
 * no cap).
 */
export const DEFAULT_PAGE_SIZE_CAP = 0;
/** [D] List bodies are bare arrays (switchable with `listEnvelope: "data"`: `{data: [...]}`). */
export const DEFAULT_LIST_ENVELOPE: "bare" | "data" = "bare";

// ---------------------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------------------

/** [D] 500 requests/minute per client IP. */
export const DEFAULT_REQUESTS_PER_MINUTE = 500;
/** [D] 10 assistant creations/hour per org. */
export const DEFAULT_ASSISTANT_CREATES_PER_HOUR = 10;
/**
 * [A] Both limits are sliding windows. Every API request (any route, any status) counts toward the
 * per-IP window except those rejected with 429; only successful creations count toward the per-org one.
 */
export const REQUEST_WINDOW_MS = 60_000;
export const ASSISTANT_CREATE_WINDOW_MS = 3_600_000;
/** [A] 429 carries `Retry-After: <seconds>` (switchable with the `retryAfterSeconds` option). */
export const DEFAULT_RETRY_AFTER_SECONDS = true;
/** [A] `Retry-After` of an injected 429 (fault injection) unless the fault says otherwise. */
export const INJECTED_RETRY_AFTER_SECONDS = 1;

// ---------------------------------------------------------------------------------------------------------
// Writes and deletes
// ---------------------------------------------------------------------------------------------------------

/**
 * [A] PATCH deep-merges nested objects (`config`): keys absent from the body keep their value; arrays and
 * scalars present in the body replace the stored ones. "replace" would swap the whole `config`.
 */
export const CONFIG_PATCH_SEMANTICS: "deep-merge" | "replace" = "deep-merge";

/** [A] Default: soft delete (GET answers the object with `deleted: true`); option `softDelete: false` → 404. */
export const DEFAULT_SOFT_DELETE = true;
/**
 * [A] DELETE answers 200 with the object as it is after deletion (assistants: `deleted: true`); switchable with
 * `deleteAnswer: "empty"` (204, no body).
 */
export const DELETE_RESPONSE_STATUS = 200;
export const DEFAULT_DELETE_ANSWER: "object" | "empty" = "object";
/** [A] PATCH answers 200 with the updated object; switchable with `updateAnswer: "empty"` (204, no body). */
export const DEFAULT_UPDATE_ANSWER: "object" | "empty" = "object";
/** [A] Writes (PATCH, rotate, DELETE) to a soft-deleted assistant answer 404. */
export const WRITE_TO_DELETED_STATUS = 404;
/** [A] `delete` path of connections is documented nowhere; connections have no `deleted` flag, so deletes are hard. */
export const CONNECTIONS_SOFT_DELETE = false;

// ---------------------------------------------------------------------------------------------------------
// Assistants
// ---------------------------------------------------------------------------------------------------------

export const ASSISTANT_NAME_MAX = 1024; // [D] 1..1024
/** [A] `enabled` when the create body omits it. */
export const ASSISTANT_DEFAULT_ENABLED = true;
/** [A] Upper bound of `config.instructions`. */
export const INSTRUCTIONS_MAX_LENGTH = 100_000;
/** [E] "auto" is one value; [A] the others are language codes such as `en`, `es`, `pt-BR`. */
export const LANGUAGE_AUTO = "auto";
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** [E] "all"; [A] "selected". */
export const KNOWLEDGE_SCOPES = ["all", "selected"] as const;
/** [E] "new"; [A] "continue". */
export const THREAD_MODES = ["new", "continue"] as const;
/** [A] `config.timezone` must be an IANA zone name the runtime knows (checked through Intl). */
export const TIMEZONE_FORMAT = "IANA";

/**
 * [A] Server defaults for every config field the create body omits (the docs list the fields, not
 * their defaults). A few booleans default to true on purpose: clients must not assume "unset = false".
 */
export const DEFAULT_ASSISTANT_CONFIG = {
  language: LANGUAGE_AUTO,
  model: "gpt-4.1-mini",
  stt: { model: "whisper-1" },
  tts: { model: "tts-1", voice_id: "alloy" },
  knowledge_scope: "all",
  timezone: "UTC",
  instructions: "",
  conversation: {
    thread_mode: "new",
    welcome_banner: "",
    suggested_messages: [] as string[],
    auto_intro_message: "",
    enable_memories: false,
    enable_transfer_to_human_tool: true,
    enable_end_conversation_tool: true,
    enable_block_contact_tool: false,
    enable_auto_resolve: false,
    enable_auto_follow_ups: false,
    enable_auto_csat: false,
    enable_private_chats: false,
    enable_update_contact_tool: false,
  },
};

/**
 * Schema drift probe (option `extraResponseFields`, default on): fields this project does not know yet,
 * returned in responses so clients prove they tolerate them. The config one is also accepted on write,
 * as the real server would accept its own field.
 */
export const DRIFT_TOP_LEVEL_FIELD = "channel_count";
export const DRIFT_CONVERSATION_FIELD = "enable_experimental_x";
export const DEFAULT_EXTRA_RESPONSE_FIELDS = true;

// ---------------------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------------------

/** [D] */
export const CONNECTION_TYPES = [
  "SCHEDULER",
  "WORKFLOWS",
  "TOOLS",
  "FILES",
  "PHONE",
  "GMAIL",
  "GOOGLE_SHEETS",
  "GOOGLE_CALENDAR",
  "AIRTABLE",
  "NOTION",
  "LINEAR",
  "HUBSPOT",
  "GOHIGHLEVEL",
  "CAL",
  "CALENDLY",
  "RESEND",
  "OAUTH",
  "SLACK",
  "TELEGRAM",
  "TRELLO",
  "FACEBOOK",
  "WHATSAPP",
  "INSTAGRAM",
  "MESSENGER",
  "JAPIFON",
  "TWILIO",
  "ZOHO",
  "SALESFORCE",
  "STRIPE",
  "SHOPIFY",
  "ZENDESK",
  "MCP",
] as const;

/**
 * [D] Sign-in-through-a-browser connections cannot be created headlessly; [A] which types those are
 * (the docs name Google services and Meta/WhatsApp). Creating one by API answers 400. Tests that need
 * one to adopt seed it through the control surface. Deliberately independent of the provider's own list
 * (provider/assumptions.ts): the emulator plays the service, not the client's beliefs about it.
 */
export const BROWSER_ONLY_CONNECTION_TYPES: readonly string[] = [
  "GMAIL",
  "GOOGLE_SHEETS",
  "GOOGLE_CALENDAR",
  "FACEBOOK",
  "WHATSAPP",
  "INSTAGRAM",
  "MESSENGER",
  "OAUTH",
];

/** [A] Connection `name`: optional, nullable, 1..255 chars. */
export const CONNECTION_NAME_MAX = 255;
/** [E] `auth_method` filled when the create body's config has none. */
export const CONNECTION_DEFAULT_AUTH_METHOD = "MANUAL";
export const CONNECTION_DEFAULT_STATUS = "ACTIVE";

/**
 * [A] Credentials inside a connection `config` are write-only: a string value whose key (lower-cased,
 * `_`/`-` removed) contains one of these fragments is answered as `"****" + last 4 chars`; every string
 * below such a key (nested object/array) is masked too. The real value is stored.
 */
export const CREDENTIAL_KEY_FRAGMENTS = [
  "apikey",
  "token",
  "secret",
  "password",
  "passwd",
  "privatekey",
  "credential",
  "authorization",
  "accesskey",
  "signingkey",
] as const;
export const MASK_PREFIX = "****";
/** Setting `credentialsInResponses`: "masked" [A] as above, or "omitted" (credential keys left out of answers). */
export const DEFAULT_CREDENTIALS_IN_RESPONSES: "masked" | "omitted" = "masked";
/** [A] Values this short are masked entirely: showing 4 of them would reveal most of the secret. */
export const MASK_MIN_LENGTH_TO_SHOW_TAIL = 9;

// ---------------------------------------------------------------------------------------------------------
// Children of an assistant (actions, channels, knowledge links) and references between kinds
// ---------------------------------------------------------------------------------------------------------

/**
 * [A] Deleting an assistant (soft or hard, API or control surface) deletes its actions, channels and
 * knowledge links; deleting a knowledge content deletes its links. Routes under a soft-deleted assistant
 * answer 404 "Assistant not found", reads included (its children are gone).
 */
export const CASCADE_DELETE_CHILDREN = true;

/**
 * [A] A `connection_id` in an action or channel body must name a connection of the same org: otherwise 400
 * `connection_id must name an existing connection of this organization`.
 */
export const REFERENCE_NOT_FOUND_MESSAGE = (field: string, label: string): string =>
  `${field} must name an existing ${label.toLowerCase()} of this organization`;

/**
 * [D] "disconnecting breaks every action and channel that uses it"; [A] how: the channel keeps its
 * `connection_id` and gets this `error`; an action keeps its `connection_id` and shows nothing.
 */
export const CHANNEL_CONNECTION_DELETED_ERROR = "The connection this channel uses was deleted";

// ---------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------

/** [D] `name` ≤ 64 chars; [A] at least 1. */
export const ACTION_NAME_MAX = 64;
/** [A] One docs page says `instructions` ≤ 2048, another 1024: the emulator enforces the larger. */
export const ACTION_INSTRUCTIONS_MAX = 2048;
/** [E] Catalog ids seen in the docs. */
export const ACTION_CATALOG_EXAMPLES = [
  "TOOLS:HTTP_REQUEST",
  "TOOLS:WEB_SEARCH",
  "TOOLS:WEB_SCRAPING",
] as const;
/**
 * [A] The catalog is not published: any `action_id` shaped `<CATEGORY>:<NAME>` whose category is a
 * connection type (TOOLS, STRIPE, …) is accepted.
 */
export const ACTION_ID_PATTERN = /^([A-Z][A-Z0-9_]*):[A-Z][A-Z0-9_]*$/;
/** [A] `config.input` and `config.definitions` are both required on create; a PATCH merges `config`. */
export const ACTION_CONFIG_REQUIRED_KEYS = ["input", "definitions"] as const;
/** [A] What an action answers for `name`/`instructions` the create body omitted. */
export const ACTION_DEFAULT_NAME = null;
export const ACTION_DEFAULT_INSTRUCTIONS = null;
/** [A] `connection_id` when omitted. */
export const ACTION_DEFAULT_CONNECTION_ID = null;
/** [D] Actions carry `position` (a newer field: setting `actionPositions: false` answers without it). */
export const DEFAULT_ACTION_POSITIONS = true;
/** [D] Positions are multiples of 100. [A] A new action is appended: last position + 100, the first gets 100. */
export const ACTION_POSITION_STEP = 100;
export const ACTION_FIRST_POSITION = 100;
/** [D] A reorder body holds at most 25 items. */
export const ACTION_REORDER_MAX_ITEMS = 25;
/**
 * [A] Reorder: each id must be an action of the assistant and appear once; positions are integers >= 0 and
 * multiples of 100; unlisted actions keep theirs; equal positions are ordered by creation. Moved actions get
 * a new `updated_at`. The answer is 200 with all the assistant's actions in their new order (a bare array,
 * no pagination headers).
 */
export const ACTION_REORDER_MIN_POSITION = 0;
/** [A] Actions are hard-deleted (they carry no `deleted` flag); the DELETE path itself is [A] too. */
export const ACTIONS_SOFT_DELETE = false;

// ---------------------------------------------------------------------------------------------------------
// Channels (assistant integrations)
// ---------------------------------------------------------------------------------------------------------

/** [A] Endpoints: GET/POST on this path, GET/PATCH/DELETE on `{this}/{id}`. */
export const CHANNELS_PATH = "/orgs/:org_id/assistants/:assistant_id/integrations";

/** [D] From the channel type enum. */
export const CHANNEL_INTEGRATION_IDS = [
  "internal",
  "custom",
  "whatsapp_bot",
  "messenger_bot",
  "instagram_dm",
  "twilio",
  "telnyx",
  "slack_bot",
  "telegram_bot",
  "gmail",
  "google_calendar",
] as const;
/** [A] `enabled` and `config` when the create body omits them. */
export const CHANNEL_DEFAULT_ENABLED = true;
export const CHANNEL_DEFAULT_CONFIG: Record<string, unknown> = {};
/** [A] Credential-looking keys in a channel `config` are masked like connection credentials. */
export const CHANNEL_CONFIG_MASKED = true;
/**
 * [A] `GET …/integrations/{id}` exists. Switchable (setting `channelGetById: false` answers 404 like an
 * unknown route) so clients can be tested reading channels from the assistant's `integrations[]` instead.
 */
export const DEFAULT_CHANNEL_GET_BY_ID = true;
/** [A] Channels are hard-deleted. */
export const CHANNELS_SOFT_DELETE = false;

// ---------------------------------------------------------------------------------------------------------
// Knowledge contents and their links to assistants
// ---------------------------------------------------------------------------------------------------------

/** [D] `title` 1..255 chars. */
export const KNOWLEDGE_TITLE_MAX = 255;
/** [D] `content.text` ≤ 2,097,152 chars. */
export const KNOWLEDGE_TEXT_MAX = 2_097_152;
export const KNOWLEDGE_CONTENT_TYPES = ["TEXT", "URL", "FILE"] as const; // [D]
export const KNOWLEDGE_STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "FAILED"] as const; // [D]
/** [A] Field names `url`, `mode`, `file_id`; `mode` is optional and defaults to "single". */
export const KNOWLEDGE_URL_MODES = ["single", "crawl"] as const;
export const KNOWLEDGE_URL_DEFAULT_MODE = "single";
/** [A] `url` must be an absolute http(s) URL. */
export const KNOWLEDGE_URL_PATTERN = /^https?:\/\/[^\s/]+/;
/**
 * [A] Processing timeline (documented only as "asynchronous"): PENDING for the first fifth of
 * `knowledgeProcessingMs` (a setting, default 1 s; 0 = done at once), then PROCESSING with
 * `chunks_processed` growing linearly, then PROCESSED (or FAILED). Driven by the emulator clock, so a fake
 * clock controls it and the real one runs it in real time; no timers. A change of the setting applies to
 * contents created afterwards. Each status change moves `updated_at`; chunk progress does not.
 */
export const DEFAULT_KNOWLEDGE_PROCESSING_MS = 1000;
export const KNOWLEDGE_PENDING_FRACTION = 0.2;
/** [A] `size` is the UTF-8 byte length of TEXT content; `chunks_count` = ceil(size / this), at least 1. */
export const KNOWLEDGE_CHUNK_BYTES = 1000;
/** [A] Sizes the emulator pretends URL and FILE content turn out to have (known once PROCESSING starts). */
export const KNOWLEDGE_FETCHED_SIZE = { single: 8_192, crawl: 65_536, FILE: 32_768 } as const;
/** [A] A FAILED content keeps `chunks_count`/`chunks_processed` at 0 and says why in `error`. */
export const KNOWLEDGE_DEFAULT_FAILURE_REASON = "Could not extract any text from the content";
/** [A] Contents are hard-deleted; deleting one unlinks it from every assistant. */
export const KNOWLEDGE_SOFT_DELETE = false;
/** [A] `search` filter: case-insensitive substring of `title`. `type`/`status` outside their enums: 400. */
export const KNOWLEDGE_SEARCH_FIELD = "title";
/**
 * [A] Link endpoints (the docs show none): `PUT {this}/{content_id}` links (idempotent: 200 again when
 * already linked), `DELETE` the same path unlinks (404 when not linked). Both answer 200 with the content
 * and its `linked` flag. Any status may be linked. `GET {this}` is the documented per-assistant list.
 */
export const KNOWLEDGE_LINKS_PATH = "/orgs/:org_id/assistants/:assistant_id/knowledge/contents";
/**
 * [A] The documented per-assistant list `GET /orgs/{org}/assistants/{assistant}/knowledge/contents` holds
 * every content of the org, each with `linked` (whether it is linked to that assistant); the org-wide list
 * and GET by id carry no `linked`.
 */
export const KNOWLEDGE_PER_ASSISTANT_LIST_ALL = true;
/**
 * The other shape (setting `linkListing: "linked-only"`): the per-assistant list holds only the contents linked
 * to the assistant, with no `linked` flag.
 */
export const DEFAULT_LINK_LISTING: "all" | "linked-only" = KNOWLEDGE_PER_ASSISTANT_LIST_ALL
  ? "all"
  : "linked-only";
/**
 * [A] Where a TEXT content's text comes back (setting `knowledgeTextAt`): "content" (`content.text`, as sent),
 * "top-level" (`text` beside `content`, in every answer), or "none" (never echoed).
 */
export const DEFAULT_KNOWLEDGE_TEXT_AT: "content" | "top-level" | "none" = "content";
/** [A] A content seeded through the control surface (as if made in the dashboard long ago) is PROCESSED. */
export const KNOWLEDGE_SEEDS_PROCESSED = true;

// ---------------------------------------------------------------------------------------------------------
// Chats and messages (invent-api.md, "Chats")
// ---------------------------------------------------------------------------------------------------------

/** [A] Id prefixes of chats and messages (the docs show none). */
export const CHAT_ID_PREFIX = "cht_";
export const MESSAGE_ID_PREFIX = "msg_";
/** [A] Start: `POST /orgs/:org_id/assistants/:assistant_id/chats` with `{message: Part[]}`, answered with the chat. */
export const CHAT_START_PATH = "/orgs/:org_id/assistants/:assistant_id/chats";
/** [E] The org's chats (an older page); [A] in creation order. */
export const CHATS_LIST_PATH = "/orgs/:org_id/chats";
/** [D] Chats and their messages live outside any org path; [A] a key of the chat's org or its parent reaches them. */
export const CHAT_ITEM_BASE = "/chats";
/** [E] Part types: only `text` is shown; the schema has 6 variants. The emulator accepts text parts from users. */
export const USER_PART_TYPES = ["text"] as const;
/** [A] Time a reply takes to be written (setting `chatReplyLatencyMs`), on the emulator clock. */
export const DEFAULT_CHAT_REPLY_LATENCY_MS = 1500;
/**
 * [A] Whether a post blocks until the reply is written and answers it ("sync"), or answers the user's message
 * at once while the reply is `RUNNING` ("async", default). Setting `chatReplyMode`.
 */
export const DEFAULT_CHAT_REPLY_MODE: "async" | "sync" = "async";
/** [A] Order of the message list (setting `chatMessagesOrder`): oldest first; `from_date` is inclusive. */
export const DEFAULT_CHAT_MESSAGES_ORDER: "oldest-first" | "newest-first" = "oldest-first";
/**
 * [A] How a tool call shows (setting `chatToolCallStyle`): "part" (default), parts of the assistant message
 * `{type: "tool-call", tool_call_id, tool_name, action_id?, input}` then `{type: "tool-result", tool_call_id,
 * output}`; "message", the same parts in a `role: "tool"` message before the assistant's.
 */
export const DEFAULT_CHAT_TOOL_CALL_STYLE: "part" | "message" = "part";
/** [A] Names of the built-in tools in tool-call parts. */
export const TRANSFER_TOOL_NAME = "transfer_to_human";
export const END_TOOL_NAME = "end_conversation";
/**
 * [A] A hand-off sets `state.ai_enabled` false and adds an `event` message; with agents online (setting
 * `chatAgentsOnline`) it also sets `state.assigned_user`. After it, user messages get no AI reply.
 */
export const DEFAULT_CHAT_AGENTS_ONLINE = false;
export const HANDOFF_EVENT_TEXT = "Conversation transferred to a human agent";
export const ONLINE_AGENT = {
  id: "usr_EmulatedAgent00000000001",
  name: "Emulated Agent",
  email: "agent@example.com",
};
/** [A] `error` of a reply that fails (setting `chatReplyFailNext`, `chatReplyFailReason`). */
export const CHAT_REPLY_DEFAULT_FAILURE = "The model provider returned an error";
/** [A] The model a chat and its replies name: the assistant's `config.model`. */
export const CHAT_VISIBILITY = "PRIVATE";
/** [A] Tokens are counted as one per 4 characters (of instructions and history in, of the reply out). */
export const CHARS_PER_TOKEN = 4;

// ---------------------------------------------------------------------------------------------------------
// Sub-organizations (invent-api.md, "Sub-organizations") and segments ("Segments, contacts and boards")
// ---------------------------------------------------------------------------------------------------------

/** [D] A sub-org's name is 2..64 characters. */
export const SUB_ORG_NAME_MIN = 2;
export const SUB_ORG_NAME_MAX = 64;
/** [A] The create body takes only `name` (the dashboard form's one field); logo and config come by PATCH. */
export const SUB_ORG_CREATE_FIELDS = ["name"] as const;
/**
 * [A] No `GET /orgs/:org_id/orgs/:id` (none is documented): the route answers 404 like an unknown one unless
 * the `subOrgGetById` setting turns it on.
 */
export const DEFAULT_SUB_ORG_GET_BY_ID = false;
/** [D] plan values; [A] a new sub-org is on `business` (sub-orgs need a Business plan parent). */
export const SUB_ORG_DEFAULT_PLAN = "business";
/** [E] `access` keys of a sub-org's config, with the values a new sub-org gets [A]. */
export const SUB_ORG_DEFAULT_ACCESS = {
  session_ttl_seconds: 604_800,
  allow_google: true,
  allow_microsoft: true,
  allow_email_code: true,
  allow_invites: true,
};
/** [E] `modules` keys shown in the (cut-off) example, all on for a new sub-org [A]. */
export const SUB_ORG_DEFAULT_MODULES = {
  enable_inbox: true,
  enable_analytics: true,
  enable_boards: true,
  enable_assistants: true,
  enable_knowledge_base: true,
  enable_broadcasts: true,
  enable_workflows: true,
};
/** [E] The contact details of a sub-org's config; [A] empty strings on a new one. */
export const SUB_ORG_CONTACT_KEYS = ["email", "address", "terms_url", "privacy_url"] as const;
/** [E] Read-only features, set by platform admins [D]; [A] all off on a new sub-org. */
export const SUB_ORG_DEFAULT_FEATURES = {
  enterprise: false,
  allow_overdraft: false,
  workflows: false,
  broadcasts: false,
  enable_japifon: false,
  custom_domain: false,
  slack_access: false,
};
/** [A] A new sub-org's billing: no cap, no auto-recharge, the parent's balance not used. */
export const SUB_ORG_DEFAULT_BILLING = {
  auto_recharge: { enabled: false, recharge_threshold: null, recharge_amount: null },
  use_parent_balance: false,
  spending_cap: { enabled: false, amount: null, reset_at: null },
  payment_method: null,
  last_low_balance_notification_at: null,
  last_out_of_balance_notification_at: null,
  last_spending_cap_notification_at: null,
};
/** [A] The billing PATCH replaces each sub-object it carries (`spending_cap`, `auto_recharge`) whole. */
export const BILLING_SUBOBJECTS_REPLACED = true;
/** [E] What the billing PATCH's "fuller org object" adds to the summary. */
export const SUB_ORG_FULLER_FIELDS = {
  verified: true,
  disabled: false,
  type: "PERSONAL",
  promo_balance_reset_at: null,
  deleted: false,
  role: "ADMIN",
} as const;
/** [A] The summary carries `billing` (setting `subOrgBillingInSummary`; the PATCH answer always does). */
export const DEFAULT_SUB_ORG_BILLING_IN_SUMMARY = true;
/** [A] `logo_url` derived from the write-only `logo_id`. */
export const LOGO_URL_BASE = "https://cdn.useinvent.com/logos/";

/** [A] Segment ids (none is shown). */
export const SEGMENT_ID_PREFIX = "seg_";
/** [D] Segment name 1..128, colours. */
export const SEGMENT_NAME_MAX = 128;
export const SEGMENT_COLORS = [
  "red", "orange", "amber", "yellow", "lime", "green", "teal", "cyan", "sky", "blue", "indigo", "violet",
  "purple", "fuchsia", "pink", "rose", "neutral",
] as const; // prettier-ignore
/** [A] No `GET /orgs/:org_id/segments/:id` (undocumented): 404 like an unknown route unless `segmentGetById`. */
export const DEFAULT_SEGMENT_GET_BY_ID = false;

// ---------------------------------------------------------------------------------------------------------
// Boards and contacts (invent-api.md, "Segments, contacts and boards")
// ---------------------------------------------------------------------------------------------------------

/** [A] Id prefixes of boards and contacts (the docs show none). */
export const BOARD_ID_PREFIX = "brd_";
export const CONTACT_ID_PREFIX = "ctc_";
/**
 * How an assistant's `boards[]` items carry their initial segment (setting `boardsShape`): "nested", the newest
 * docs example `initial_segment: {id, name, …}` [E]; "flat", `initial_segment_id` as in the update body.
 */
export const DEFAULT_BOARDS_SHAPE: "nested" | "flat" = "nested";
/** [D] Contact list filters (`status`, `search`, …) and the statuses. */
export const CONTACT_STATUSES = [
  "ALL",
  "SUBSCRIBED",
  "UNSUBSCRIBED",
  "BLOCKED",
  "AI_REPLIES_DISABLED",
] as const;
/** [D] `name` of a contact: at most 512 characters. */
export const CONTACT_NAME_MAX = 512;
/** [A] The channel type of a contact created through the API (the create body names none). */
export const CONTACT_CHANNEL_TYPE = "custom";
/**
 * [A] `GET /contacts/{id}` exists (no docs page shows it). Switchable (setting `contactGetById: false` answers
 * 404 like an unknown route) so clients can be tested finding a contact in the list instead.
 */
export const DEFAULT_CONTACT_GET_BY_ID = true;
/** [A] `search` matches a contact's name and its channels' name, username, email and phone, ignoring case. */
export const CONTACT_SEARCH_FIELDS = ["name", "username", "email", "phone"] as const;
/**
 * [A] `SUBSCRIBED` is neither unsubscribed nor blocked; `ALL` is every contact; the other statuses are their
 * flag (`AI_REPLIES_DISABLED` a flag the answer does not show).
 */
export const CONTACT_SUBSCRIBED_EXCLUDES_BLOCKED = true;
