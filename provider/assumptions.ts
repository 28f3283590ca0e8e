/**
 * Every behaviour of the Invent API that this library relies on but the public docs do not state.
 *
 * Each entry is marked [A] in `invent-api.md`. If you hold the vendor's OpenAPI document and it says
 * otherwise, change the value here: nothing else in the library hard-codes these facts.
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
  isMaskOf: (shown: string, declared: string): boolean =>
    shown.startsWith("****") && declared.endsWith(shown.slice(4)),

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

  /** Connection `config` keys travel in snake_case (`apiKey` in a program is `api_key` on the wire). [A] */
  connectionConfigKeysSnakeCase: true,

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

  /** Channel `config` keys travel in snake_case, like connection config keys. [A] */
  channelConfigKeysSnakeCase: true,

  /** Knowledge content: `title` 1..255 characters, `content.text` at most 2,097,152 characters. [D] */
  knowledgeTitleMaxLength: 255,
  knowledgeTextMaxLength: 2_097_152,

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

  /** Longest system prompt the API accepts. [A] (the docs give no limit) */
  maxInstructionsLength: 100_000,
} as const;
