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

  /** Longest system prompt the API accepts. [A] (the docs give no limit) */
  maxInstructionsLength: 100_000,
} as const;
