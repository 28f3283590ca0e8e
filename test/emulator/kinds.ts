/**
 * One descriptor per kind of API object (descriptor.ts says what each field means). Routes, request
 * counts, fault filters, validation, rendering, cascades and the control surface all derive from these;
 * every rule the docs do not state is a constant in assumptions.ts.
 */
import {
  ACTION_CATALOG_EXAMPLES,
  ACTION_CONFIG_REQUIRED_KEYS,
  ACTION_DEFAULT_CONNECTION_ID,
  ACTION_DEFAULT_INSTRUCTIONS,
  ACTION_DEFAULT_NAME,
  ACTION_FIRST_POSITION,
  ACTION_ID_PATTERN,
  ACTION_INSTRUCTIONS_MAX,
  ACTION_NAME_MAX,
  ACTION_POSITION_STEP,
  ACTION_REORDER_MAX_ITEMS,
  ACTION_REORDER_MIN_POSITION,
  ACTIONS_SOFT_DELETE,
  ASSISTANT_CREATE_WINDOW_MS,
  ASSISTANT_DEFAULT_ENABLED,
  ASSISTANT_NAME_MAX,
  AVATAR_URL_BASE,
  BOARD_ID_PREFIX,
  BROWSER_ONLY_CONNECTION_TYPES,
  CHANNEL_CONFIG_MASKED,
  CHANNEL_CONNECTION_DELETED_ERROR,
  CHANNEL_DEFAULT_CONFIG,
  CHANNEL_DEFAULT_ENABLED,
  CHANNEL_INTEGRATION_IDS,
  CHANNELS_PATH,
  CHANNELS_SOFT_DELETE,
  CONNECTION_DEFAULT_AUTH_METHOD,
  CONNECTION_DEFAULT_STATUS,
  CONNECTION_NAME_MAX,
  CONNECTION_TYPES,
  CONNECTIONS_SOFT_DELETE,
  CONTACT_CHANNEL_TYPE,
  CONTACT_ID_PREFIX,
  CONTACT_NAME_MAX,
  CONTACT_SEARCH_FIELDS,
  CONTACT_STATUSES,
  CONTACT_SUBSCRIBED_EXCLUDES_BLOCKED,
  DEFAULT_ASSISTANT_CONFIG,
  DRIFT_CONVERSATION_FIELD,
  DRIFT_TOP_LEVEL_FIELD,
  ID_PREFIX,
  INSTRUCTIONS_MAX_LENGTH,
  KNOWLEDGE_SCOPES,
  KNOWLEDGE_CHUNK_BYTES,
  KNOWLEDGE_CONTENT_TYPES,
  KNOWLEDGE_FETCHED_SIZE,
  KNOWLEDGE_PENDING_FRACTION,
  KNOWLEDGE_LINKS_PATH,
  KNOWLEDGE_SEARCH_FIELD,
  KNOWLEDGE_SEEDS_PROCESSED,
  KNOWLEDGE_SOFT_DELETE,
  KNOWLEDGE_STATUSES,
  KNOWLEDGE_TEXT_MAX,
  KNOWLEDGE_TITLE_MAX,
  KNOWLEDGE_URL_DEFAULT_MODE,
  KNOWLEDGE_URL_MODES,
  KNOWLEDGE_URL_PATTERN,
  LANGUAGE_AUTO,
  LANGUAGE_CODE_PATTERN,
  SECRET_KEY_BODY_LENGTH,
  SECRET_KEY_PREFIX,
  THREAD_MODES,
} from "./assumptions";
import { CHAT_MESSAGES, CHATS } from "./chat-kinds";
import { SEGMENTS, SUB_ORGS } from "./org-kinds";
import {
  defineKind,
  HttpError,
  routesOf,
  type KindContext,
  type KindDescriptor,
  type RouteEntry,
  type RoutesOf,
} from "./descriptor";
import {
  base62,
  deepMerge,
  fieldOf,
  isoSeconds,
  isPlainObject,
  mergeConfig,
  newId,
  type ActionConfig,
  type AssistantConfig,
  type KindKey,
  type KnowledgeStatus,
  type Spec,
  type StoredAction,
  type StoredAssistant,
  type StoredBoard,
  type StoredChannel,
  type StoredConnection,
  type StoredContact,
  type StoredKnowledgeContent,
  type StoredKnowledgeLink,
  type StoredObject,
} from "./store";

// ---------------------------------------------------------------------------------------------------------
// Shared specs and helpers
// ---------------------------------------------------------------------------------------------------------

const STR: Spec = { kind: "string" };
const BOOL: Spec = { kind: "boolean" };
/** Any JSON object (shape not documented). */
const ANY_OBJECT: Spec = { kind: "object", fields: {}, open: true };
const CONNECTION_REF: Spec = { kind: "string", min: 1, nullable: true };

/** The parent's id, for kinds that have one (the engine resolves it before any hook runs). */
function parentId(ctx: KindContext): string {
  if (!ctx.parent) throw new Error("emulator: kind without parent in context");
  return ctx.parent.id;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function laterOf(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

// ---------------------------------------------------------------------------------------------------------
// Assistant
// ---------------------------------------------------------------------------------------------------------

function assistantConfigSpec(extraFields: boolean): Spec {
  const conversation: Record<string, Spec> = {
    thread_mode: { kind: "enum", values: THREAD_MODES },
    welcome_banner: STR,
    suggested_messages: { kind: "array", items: STR },
    auto_intro_message: STR,
  };
  for (const [key, value] of Object.entries(DEFAULT_ASSISTANT_CONFIG.conversation))
    if (typeof value === "boolean") conversation[key] = BOOL;
  if (extraFields) conversation[DRIFT_CONVERSATION_FIELD] = BOOL;
  return {
    kind: "object",
    fields: {
      language: {
        kind: "string",
        check: (v, p) =>
          v === LANGUAGE_AUTO || LANGUAGE_CODE_PATTERN.test(v)
            ? undefined
            : `${p} must be "${LANGUAGE_AUTO}" or a language code such as "en" or "pt-BR"`,
      },
      model: { kind: "string", min: 1 },
      stt: { kind: "object", fields: { model: { kind: "string", min: 1 } } },
      tts: {
        kind: "object",
        fields: { model: { kind: "string", min: 1 }, voice_id: { kind: "string", min: 1 } },
      },
      knowledge_scope: { kind: "enum", values: KNOWLEDGE_SCOPES },
      timezone: {
        kind: "string",
        check: (v, p) => (isTimeZone(v) ? undefined : `${p} must be a valid IANA time zone`),
      },
      instructions: { kind: "string", max: INSTRUCTIONS_MAX_LENGTH },
      conversation: { kind: "object", fields: conversation },
    },
  };
}

function mintSecretKey(): string {
  return SECRET_KEY_PREFIX + base62(SECRET_KEY_BODY_LENGTH);
}

function avatarUrl(avatarId: string | null): string | null {
  return avatarId === null ? null : AVATAR_URL_BASE + encodeURIComponent(avatarId);
}

type BoardsBody = { board_id: string; initial_segment_id?: string | null }[];

export const ASSISTANTS = defineKind<StoredAssistant>()({
  key: "assistants",
  label: "Assistant",
  collection: "/orgs/:org_id/assistants",
  item: ":id",
  idPrefix: ID_PREFIX.assistant,
  ops: ["list", "create", "get", "update", "delete"],
  // [D] 10 per hour per org; throttled before validation, like a guard that runs ahead of the body pipes.
  createLimit: { setting: "assistantCreatesPerHour", windowMs: ASSISTANT_CREATE_WINDOW_MS },
  body: {
    fields: (settings) => ({
      name: { kind: "string", min: 1, max: ASSISTANT_NAME_MAX },
      enabled: BOOL,
      config: assistantConfigSpec(settings.extraResponseFields),
      generate_secret_key: BOOL,
      avatar_id: { kind: "string", min: 1, nullable: true },
      boards: {
        kind: "array",
        items: {
          kind: "object",
          fields: {
            board_id: { kind: "string", min: 1 },
            initial_segment_id: { kind: "string", nullable: true },
          },
          required: ["board_id"],
        },
      },
    }),
    required: ["name"],
    createOnly: ["generate_secret_key"], // [D]
    updateOnly: ["boards"], // [D]
  },
  check(body, _op, ctx) {
    // A board must exist in the org [A] (boards are made in the dashboard; the emulator's by its control surface).
    const boards = Array.isArray(body.boards) ? (body.boards as BoardsBody) : [];
    return boards.flatMap((b, i) =>
      typeof b.board_id === "string" && !ctx.store.find("boards", ctx.orgId, b.board_id)
        ? [`boards[${i}].board_id must name an existing board`]
        : [],
    );
  },
  writeOnly: ["avatar_id"],
  deletion: "soft", // [A] the `softDelete` setting picks whether GET then answers deleted:true or 404
  extraRoutes: [
    {
      on: "item",
      method: "POST",
      path: "rotate-secret-key",
      run(ctx, a) {
        a.secret_key = mintSecretKey();
        a.updated_at = ctx.store.bump(a.updated_at);
        return ctx.render("assistants", a);
      },
    },
  ],
  build(body) {
    const avatarId = (body.avatar_id as string | null | undefined) ?? null;
    return {
      name: body.name as string,
      enabled: (body.enabled as boolean | undefined) ?? ASSISTANT_DEFAULT_ENABLED,
      deleted: false,
      secret_key: body.generate_secret_key ? mintSecretKey() : null,
      avatar_id: avatarId,
      avatar_url: avatarUrl(avatarId),
      config: deepMerge(
        DEFAULT_ASSISTANT_CONFIG as AssistantConfig,
        (body.config as Record<string, unknown> | undefined) ?? {},
      ),
      integrations: [],
      actions: [],
      boards: [],
    };
  },
  update(a, body, ctx, stamp) {
    if (body.name !== undefined) a.name = body.name as string;
    if (body.enabled !== undefined) a.enabled = body.enabled as boolean;
    if (body.avatar_id !== undefined) {
      a.avatar_id = body.avatar_id as string | null;
      a.avatar_url = avatarUrl(a.avatar_id);
    }
    if (body.config !== undefined)
      a.config = mergeConfig(
        a.config,
        body.config as Record<string, unknown>,
        DEFAULT_ASSISTANT_CONFIG as AssistantConfig,
        ctx.settings.patchSemantics,
      );
    if (body.boards !== undefined) {
      // [A] The list replaces the links; a board already linked keeps its link id and created_at.
      a.boards = (body.boards as BoardsBody).map((b) => {
        const existing = a.boards.find((link) => link.board_id === b.board_id);
        const board = ctx.store.find("boards", a.org_id, b.board_id) as StoredBoard | undefined;
        return {
          id: existing?.id ?? newId(ID_PREFIX.boardLink),
          board_id: b.board_id,
          board_name: board?.name ?? null,
          initial_segment: b.initial_segment_id ? { id: b.initial_segment_id, name: null } : null,
          created_at: existing?.created_at ?? stamp,
          updated_at: stamp,
        };
      });
    }
  },
  seedBody: () => ({ name: "Seeded assistant" }),
  decorate(out, _a, settings) {
    // The other shape of a board link: `initial_segment_id` instead of the nested segment (setting `boardsShape`).
    if (settings.boardsShape === "flat" && Array.isArray(out.boards))
      out.boards = (out.boards as Record<string, unknown>[]).map(({ initial_segment, ...link }) => ({
        ...link,
        initial_segment_id: isPlainObject(initial_segment) ? initial_segment.id : null,
      }));
    const config = out.config;
    const conversation = isPlainObject(config) ? config.conversation : undefined;
    if (settings.extraResponseFields) {
      out[DRIFT_TOP_LEVEL_FIELD] = Array.isArray(out.integrations) ? out.integrations.length : 0;
      if (isPlainObject(conversation) && conversation[DRIFT_CONVERSATION_FIELD] === undefined)
        conversation[DRIFT_CONVERSATION_FIELD] = false;
    } else if (isPlainObject(conversation)) {
      delete conversation[DRIFT_CONVERSATION_FIELD];
    }
  },
});

// ---------------------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------------------

export const CONNECTIONS = defineKind<StoredConnection>()({
  key: "connections",
  label: "Connection",
  collection: "/orgs/:org_id/connections",
  item: ":id",
  idPrefix: ID_PREFIX.connection,
  ops: ["list", "create", "get", "update", "delete"],
  body: {
    fields: {
      type: { kind: "enum", values: CONNECTION_TYPES },
      name: { kind: "string", min: 1, max: CONNECTION_NAME_MAX, nullable: true },
      // Per-type config shapes are unknown: any keys are accepted [A]; only `auth_method` is typed.
      config: { kind: "object", open: true, fields: { auth_method: { kind: "string", min: 1 } } },
    },
    required: ["type", "config"],
    // `type` is then "property type should not exist": not updatable.
    createOnly: ["type"],
  },
  check(body, op) {
    if (op === "create" && typeof body.type === "string" && BROWSER_ONLY_CONNECTION_TYPES.includes(body.type))
      return [
        `type ${body.type} connections are made through a browser consent screen and cannot be created by API`,
      ];
    return [];
  },
  masked: ["config"],
  freeForm: ["config"],
  deletion: CONNECTIONS_SOFT_DELETE ? "soft" : "hard",
  build(body) {
    return {
      type: body.type as string,
      name: (body.name as string | null | undefined) ?? null,
      external_name: null,
      external_id: null,
      status: CONNECTION_DEFAULT_STATUS,
      status_error: null,
      config: {
        auth_method: CONNECTION_DEFAULT_AUTH_METHOD,
        ...structuredClone(body.config as Record<string, unknown>),
      },
    };
  },
  update(c, body, ctx) {
    if (body.name !== undefined) c.name = body.name as string | null;
    if (body.config !== undefined)
      c.config = mergeConfig(
        c.config,
        body.config as Record<string, unknown>,
        { auth_method: CONNECTION_DEFAULT_AUTH_METHOD },
        ctx.settings.patchSemantics,
      );
  },
  // Seeds take any type (browser-only ones included) and any status.
  seedBody: (partial) => ({ type: typeof partial.type === "string" ? partial.type : "TOOLS", config: {} }),
});

// ---------------------------------------------------------------------------------------------------------
// Action (a tool attached to an assistant)
// ---------------------------------------------------------------------------------------------------------

function actionConfigSpec(op: "create" | "update"): Spec {
  return {
    kind: "object",
    fields: {
      input: ANY_OBJECT,
      definitions: {
        kind: "array",
        items: {
          kind: "object",
          fields: { path: { kind: "string", min: 1 }, definition: ANY_OBJECT },
          required: ["path", "definition"],
        },
      },
    },
    required: op === "create" ? ACTION_CONFIG_REQUIRED_KEYS : [],
  };
}

function actionsOf(ctx: KindContext): StoredAction[] {
  return ctx.store.list("actions", ctx.orgId, {
    field: "assistant_id",
    value: parentId(ctx),
  }) as StoredAction[];
}

const byPosition = (a: StoredAction, b: StoredAction): number => a.position - b.position;

export const ACTIONS = defineKind<StoredAction>()({
  key: "actions",
  label: "Action",
  collection: "/orgs/:org_id/assistants/:assistant_id/actions",
  item: ":id",
  parent: { kind: "assistants", param: "assistant_id", field: "assistant_id" },
  idPrefix: ID_PREFIX.action,
  ops: ["list", "create", "get", "update", "delete"],
  body: {
    fields: (_settings, op) => ({
      enabled: BOOL,
      action_id: {
        kind: "string",
        check: (v, p) => {
          const m = ACTION_ID_PATTERN.exec(v);
          return m && (CONNECTION_TYPES as readonly string[]).includes(m[1])
            ? undefined
            : `${p} must be a catalog action id such as "${ACTION_CATALOG_EXAMPLES[0]}"`;
        },
      },
      config: actionConfigSpec(op),
      name: { kind: "string", min: 1, max: ACTION_NAME_MAX },
      instructions: { kind: "string", max: ACTION_INSTRUCTIONS_MAX },
      connection_id: CONNECTION_REF,
    }),
    required: ["enabled", "action_id", "config"], // [D]
    createOnly: ["action_id"], // [D] not updatable → replace
  },
  refs: { connection_id: { kind: "connections" } },
  freeForm: ["config.input"],
  deletion: ACTIONS_SOFT_DELETE ? "soft" : "hard",
  embed: { field: "actions" },
  order: byPosition, // a stable sort: equal positions stay in creation order [A]
  decorate(out, _a, settings) {
    if (!settings.actionPositions) delete out.position; // an older API generation
  },
  extraRoutes: [
    {
      on: "collection",
      method: "PATCH",
      path: "reorder",
      run(ctx) {
        const body = ctx.body();
        ctx.validateOrThrow(body, {
          kind: "object",
          required: ["positions"],
          fields: {
            positions: {
              kind: "array",
              max: ACTION_REORDER_MAX_ITEMS,
              items: {
                kind: "object",
                required: ["id", "position"],
                fields: {
                  id: { kind: "string", min: 1 },
                  position: {
                    kind: "integer",
                    min: ACTION_REORDER_MIN_POSITION,
                    divisibleBy: ACTION_POSITION_STEP,
                  },
                },
              },
            },
          },
        });
        const positions = (body as { positions: { id: string; position: number }[] }).positions;
        const siblings = actionsOf(ctx);
        const errors: string[] = [];
        const seen = new Set<string>();
        positions.forEach(({ id }, i) => {
          if (!siblings.some((a) => a.id === id))
            errors.push(`positions[${i}].id must be an action of this assistant`);
          else if (seen.has(id)) errors.push(`positions[${i}].id must not repeat an id`);
          seen.add(id);
        });
        if (errors.length) throw new HttpError(400, errors);
        for (const { id, position } of positions) {
          const action = siblings.find((a) => a.id === id) as StoredAction;
          if (action.position === position) continue;
          action.position = position;
          action.updated_at = ctx.store.bump(action.updated_at);
        }
        return siblings.sort(byPosition).map((a) => ctx.render("actions", a));
      },
    },
  ],
  build(body, ctx) {
    const last = Math.max(...actionsOf(ctx).map((a) => a.position));
    return {
      assistant_id: parentId(ctx),
      action_id: body.action_id as string,
      enabled: body.enabled as boolean,
      name: (body.name as string | undefined) ?? ACTION_DEFAULT_NAME,
      instructions: (body.instructions as string | undefined) ?? ACTION_DEFAULT_INSTRUCTIONS,
      connection_id: (body.connection_id as string | null | undefined) ?? ACTION_DEFAULT_CONNECTION_ID,
      config: structuredClone(body.config as ActionConfig),
      position: Number.isFinite(last) ? last + ACTION_POSITION_STEP : ACTION_FIRST_POSITION,
    };
  },
  update(a, body, ctx) {
    if (body.enabled !== undefined) a.enabled = body.enabled as boolean;
    if (body.name !== undefined) a.name = body.name as string;
    if (body.instructions !== undefined) a.instructions = body.instructions as string;
    if (body.connection_id !== undefined) a.connection_id = body.connection_id as string | null;
    if (body.config !== undefined)
      a.config = mergeConfig(
        a.config,
        body.config as Record<string, unknown>,
        { input: {}, definitions: [] },
        ctx.settings.patchSemantics,
      );
  },
  seedBody: () => ({
    action_id: ACTION_CATALOG_EXAMPLES[1],
    enabled: true,
    config: { input: {}, definitions: [] },
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Channel (assistant integration), embedded in the assistant's `integrations[]`
// ---------------------------------------------------------------------------------------------------------

export const CHANNELS = defineKind<StoredChannel>()({
  key: "channels",
  label: "Integration",
  collection: CHANNELS_PATH,
  item: ":id",
  parent: { kind: "assistants", param: "assistant_id", field: "assistant_id" },
  idPrefix: ID_PREFIX.channel,
  ops: ["list", "create", "get", "update", "delete"],
  gates: { get: "channelGetById" },
  body: {
    fields: {
      integration_id: { kind: "enum", values: CHANNEL_INTEGRATION_IDS },
      connection_id: CONNECTION_REF,
      enabled: BOOL,
      config: ANY_OBJECT,
    },
    required: ["integration_id"],
    createOnly: ["integration_id", "connection_id"], // [A] not updatable → replace
  },
  refs: {
    connection_id: {
      kind: "connections",
      onTargetDeleted(channel, ctx) {
        channel.error = CHANNEL_CONNECTION_DELETED_ERROR;
        channel.updated_at = ctx.store.bump(channel.updated_at);
      },
    },
  },
  masked: CHANNEL_CONFIG_MASKED ? ["config"] : [],
  freeForm: ["config"],
  deletion: CHANNELS_SOFT_DELETE ? "soft" : "hard",
  embed: { field: "integrations" },
  build(body, ctx) {
    return {
      enabled: (body.enabled as boolean | undefined) ?? CHANNEL_DEFAULT_ENABLED,
      integration_id: body.integration_id as string,
      assistant_id: parentId(ctx),
      connection_id: (body.connection_id as string | null | undefined) ?? null,
      config: structuredClone((body.config as Record<string, unknown> | undefined) ?? CHANNEL_DEFAULT_CONFIG),
      error: null,
    };
  },
  update(channel, body, ctx) {
    if (body.enabled !== undefined) channel.enabled = body.enabled as boolean;
    if (body.config !== undefined)
      channel.config = mergeConfig(
        channel.config,
        body.config as Record<string, unknown>,
        CHANNEL_DEFAULT_CONFIG,
        ctx.settings.patchSemantics,
      );
  },
  seedBody: () => ({ integration_id: "internal" }),
});

// ---------------------------------------------------------------------------------------------------------
// Knowledge content: asynchronous processing driven by the emulator clock
// ---------------------------------------------------------------------------------------------------------

/** Ends processing now (or as `error` says), whatever the timeline said. Emulator clock time `atMs`. */
export function settleKnowledge(c: StoredKnowledgeContent, atMs: number, error?: string): void {
  const p = c.processing;
  if (!p) return;
  const failed = error !== undefined || p.outcome === "FAILED";
  c.status = failed ? "FAILED" : "PROCESSED";
  c.error = failed ? (error ?? p.error) : null;
  c.size = p.size;
  c.chunks_count = failed ? 0 : p.chunks;
  c.chunks_processed = c.chunks_count;
  c.processing = null;
  // Time-driven changes date themselves when they happen, never ahead of the clock.
  c.updated_at = laterOf(c.updated_at, isoSeconds(atMs));
}

function tickKnowledge(c: StoredKnowledgeContent, nowMs: number): void {
  const p = c.processing;
  if (!p) return;
  if (nowMs >= p.done_at) return settleKnowledge(c, p.done_at);
  if (nowMs < p.processing_at) return;
  if (c.status === "PENDING") {
    c.status = "PROCESSING";
    c.size = p.size;
    c.chunks_count = p.outcome === "FAILED" ? 0 : p.chunks;
    c.updated_at = laterOf(c.updated_at, isoSeconds(p.processing_at));
  }
  const done = (nowMs - p.processing_at) / (p.done_at - p.processing_at);
  c.chunks_processed = Math.floor(c.chunks_count * done);
}

const KNOWLEDGE_FILTERS: Readonly<Record<string, Spec>> = {
  search: STR,
  type: { kind: "enum", values: KNOWLEDGE_CONTENT_TYPES },
  status: { kind: "enum", values: KNOWLEDGE_STATUSES },
};

function knowledgeMatches(c: StoredKnowledgeContent, filters: Readonly<Record<string, string>>): boolean {
  if (filters.type !== undefined && c.type !== filters.type) return false;
  if (filters.status !== undefined && c.status !== filters.status) return false;
  const haystack = String(fieldOf(c, KNOWLEDGE_SEARCH_FIELD)).toLowerCase();
  return filters.search === undefined || haystack.includes(filters.search.toLowerCase());
}

export const KNOWLEDGE_CONTENTS = defineKind<StoredKnowledgeContent>()({
  key: "knowledgeContents",
  label: "Knowledge content",
  collection: "/orgs/:org_id/knowledge/contents",
  item: ":id",
  idPrefix: ID_PREFIX.knowledgeContent,
  // [D] no update: PATCH answers like an unknown route.
  ops: ["list", "create", "get", "delete"],
  body: {
    fields: {
      title: { kind: "string", min: 1, max: KNOWLEDGE_TITLE_MAX },
      content: {
        kind: "tagged",
        tag: "type",
        variants: {
          TEXT: { fields: { text: { kind: "string", min: 1, max: KNOWLEDGE_TEXT_MAX } }, required: ["text"] },
          URL: {
            fields: {
              url: {
                kind: "string",
                check: (v, p) => (KNOWLEDGE_URL_PATTERN.test(v) ? undefined : `${p} must be a URL address`),
              },
              mode: { kind: "enum", values: KNOWLEDGE_URL_MODES },
            },
            required: ["url"],
          },
          FILE: { fields: { file_id: { kind: "string", min: 1 } }, required: ["file_id"] },
        },
      },
    },
    required: ["title", "content"],
  },
  writeOnly: ["processing"],
  deletion: KNOWLEDGE_SOFT_DELETE ? "soft" : "hard",
  build(body, ctx) {
    const content = structuredClone(body.content as Record<string, unknown>);
    const type = content.type as (typeof KNOWLEDGE_CONTENT_TYPES)[number];
    if (type === "URL" && content.mode === undefined) content.mode = KNOWLEDGE_URL_DEFAULT_MODE;
    const size =
      type === "TEXT"
        ? Buffer.byteLength(content.text as string, "utf8")
        : type === "URL"
          ? KNOWLEDGE_FETCHED_SIZE[content.mode as "single" | "crawl"]
          : KNOWLEDGE_FETCHED_SIZE.FILE;
    const start = ctx.nowMs();
    const total = ctx.settings.knowledgeProcessingMs;
    return {
      title: body.title as string,
      type,
      content,
      size: type === "TEXT" ? size : 0,
      chunks_processed: 0,
      chunks_count: 0,
      error: null,
      status: "PENDING" as KnowledgeStatus,
      processing: {
        processing_at: start + Math.round(total * KNOWLEDGE_PENDING_FRACTION),
        done_at: start + total,
        outcome: "PROCESSED",
        error: null,
        size,
        chunks: Math.max(1, Math.ceil(size / KNOWLEDGE_CHUNK_BYTES)),
      },
    };
  },
  afterCreate(c, ctx) {
    // `knowledgeFailNext` (a setting) marks the next API-created contents to end FAILED.
    if (ctx.settings.knowledgeFailNext <= 0 || !c.processing) return;
    ctx.settings.knowledgeFailNext -= 1;
    c.processing.outcome = "FAILED";
    c.processing.error = ctx.settings.knowledgeFailReason;
  },
  seedBody: () => ({ title: "Seeded content", content: { type: "TEXT", text: "Seeded content." } }),
  afterSeed(c, partial) {
    // As if made in the dashboard long ago: processed, unless the seed says which status it has.
    if (partial.status !== undefined) c.processing = null;
    else if (KNOWLEDGE_SEEDS_PROCESSED) settleKnowledge(c, Date.parse(c.created_at));
  },
  afterEdit(c, patch) {
    // An out-of-band status stays put: the timeline no longer applies.
    if (patch.status !== undefined) c.processing = null;
  },
  decorate(out, c, settings) {
    // Where a TEXT content's text comes back is not documented (setting `knowledgeTextAt`).
    const content = out.content;
    if (c.type !== "TEXT" || !isPlainObject(content) || settings.knowledgeTextAt === "content") return;
    if (settings.knowledgeTextAt === "top-level") out.text = content.text;
    delete content.text;
  },
  tick: tickKnowledge,
});

// ---------------------------------------------------------------------------------------------------------
// Knowledge link (content ↔ assistant). Assumed endpoints: see KNOWLEDGE_LINK_METHOD.
// ---------------------------------------------------------------------------------------------------------

function linkedContents(ctx: KindContext): Set<string> {
  const links = ctx.store.list("knowledgeLinks", ctx.orgId, { field: "assistant_id", value: parentId(ctx) });
  return new Set(links.map((l) => (l as StoredKnowledgeLink).content_id));
}

export const KNOWLEDGE_LINKS = defineKind<StoredKnowledgeLink>()({
  key: "knowledgeLinks",
  label: "Knowledge link",
  collection: KNOWLEDGE_LINKS_PATH,
  item: ":content_id",
  itemField: "content_id",
  parent: { kind: "assistants", param: "assistant_id", field: "assistant_id" },
  owners: [{ kind: "knowledgeContents", field: "content_id" }],
  idPrefix: ID_PREFIX.knowledgeLink,
  ops: ["list", "put", "delete"],
  refs: { content_id: { kind: "knowledgeContents" } },
  filters: KNOWLEDGE_FILTERS, // [D] search, type, status
  deletion: "hard",
  build(body, ctx) {
    return { assistant_id: parentId(ctx), content_id: body.content_id as string };
  },
  seedBody: (partial) => ({ content_id: partial.content_id }),
  present(link, ctx, op) {
    const content = ctx.store.find("knowledgeContents", link.org_id, link.content_id);
    const rendered = content ? ctx.render("knowledgeContents", content) : { id: link.content_id };
    return { ...rendered, linked: op !== "delete" };
  },
  list(ctx, filters) {
    const linked = linkedContents(ctx);
    // [A] every content with a `linked` flag; the other shape (setting `linkListing`): the linked ones, no flag.
    const all = ctx.settings.linkListing === "all";
    return (ctx.store.list("knowledgeContents", ctx.orgId) as StoredKnowledgeContent[])
      .filter((c) => (all || linked.has(c.id)) && knowledgeMatches(c, filters))
      .map((c) => ({ ...ctx.render("knowledgeContents", c), ...(all ? { linked: linked.has(c.id) } : {}) }));
  },
});

// ---------------------------------------------------------------------------------------------------------
// Board (no endpoint of its own [D by absence]: seeded through the control surface, named by assistants)
// ---------------------------------------------------------------------------------------------------------

export const BOARDS = defineKind<StoredBoard>()({
  key: "boards",
  label: "Board",
  collection: "/orgs/:org_id/boards",
  item: ":id",
  idPrefix: BOARD_ID_PREFIX,
  ops: [],
  deletion: "hard",
  build(body) {
    return {
      name: typeof body.name === "string" ? body.name : "Board",
      column_ids: Array.isArray(body.column_ids) ? (body.column_ids as string[]) : [],
    };
  },
  seedBody: (partial) => ({ name: partial.name }),
});

// ---------------------------------------------------------------------------------------------------------
// Contact (the org's audience): list with the documented filters, create, get [A], update; no delete [D]
// ---------------------------------------------------------------------------------------------------------

const FLAG: Spec = { kind: "enum", values: ["true", "false"] };

/** Whether a contact passes the list filters [D] (their semantics [A]: see assumptions.ts). */
function contactMatches(c: StoredContact, f: Readonly<Record<string, string>>, ctx: KindContext): boolean {
  const on = (name: string) => f[name] !== undefined;
  const channel = (key: string, value: string) => c.channels.some((ch) => ch[key] === value);
  const status = f.status ?? "ALL";
  if (status === "SUBSCRIBED" && (c.unsubscribed || (CONTACT_SUBSCRIBED_EXCLUDES_BLOCKED && c.blocked)))
    return false;
  if (status === "UNSUBSCRIBED" && !c.unsubscribed) return false;
  if (status === "BLOCKED" && !c.blocked) return false;
  if (status === "AI_REPLIES_DISABLED" && !c.ai_replies_disabled) return false;
  if (on("unsubscribed") && c.unsubscribed !== (f.unsubscribed === "true")) return false;
  if (on("exclude_admins") && f.exclude_admins === "true" && c.is_admin) return false;
  if (on("name") && c.name !== f.name && !channel("name", f.name)) return false;
  for (const [filter, key] of [
    ["user_id", "user_id"],
    ["username", "username"],
    ["email", "email"],
  ] as const)
    if (on(filter) && !channel(key, f[filter])) return false;
  if (on("segment_id") && !c.segments.some((s) => s.id === f.segment_id)) return false;
  if (on("exclude_board_id")) {
    const board = ctx.store.find("boards", ctx.orgId, f.exclude_board_id) as StoredBoard | undefined;
    if (board && c.segments.some((s) => board.column_ids.includes(s.id))) return false;
  }
  if (on("search")) {
    const q = f.search.toLowerCase();
    const texts = [c.name, ...c.channels.flatMap((ch) => CONTACT_SEARCH_FIELDS.map((k) => ch[k]))];
    if (!texts.some((t) => typeof t === "string" && t.toLowerCase().includes(q))) return false;
  }
  return true;
}

export const CONTACTS = defineKind<StoredContact>()({
  key: "contacts",
  label: "Contact",
  collection: "/orgs/:org_id/contacts",
  item: ":id",
  idPrefix: CONTACT_ID_PREFIX,
  ops: ["list", "create", "get", "update"],
  gates: { get: "contactGetById" },
  body: {
    fields: {
      channel: {
        kind: "object",
        fields: {
          user_id: STR,
          name: { kind: "string", nullable: true },
          email: { kind: "string", nullable: true },
          phone: { kind: "string", nullable: true },
          contact_id: STR,
        },
      },
      segment_ids: { kind: "array", items: { kind: "string", min: 1 } },
      name: { kind: "string", max: CONTACT_NAME_MAX, nullable: true },
      blocked: BOOL,
      unsubscribed: BOOL,
    },
    required: ["channel"],
    createOnly: ["channel", "segment_ids"],
    updateOnly: ["name", "blocked", "unsubscribed"],
  },
  check(body, op) {
    const channel = body.channel as Record<string, unknown> | undefined;
    return op === "create" && isPlainObject(channel) && !channel.email && !channel.phone
      ? ["channel.email or channel.phone is required"] // [D] the guide: email or phone
      : [];
  },
  filters: {
    search: STR,
    unsubscribed: FLAG,
    user_id: STR,
    name: STR,
    username: STR,
    email: STR,
    segment_id: STR,
    exclude_admins: FLAG,
    exclude_board_id: STR,
    status: { kind: "enum", values: CONTACT_STATUSES },
  },
  writeOnly: ["ai_replies_disabled"],
  deletion: "hard",
  build(body) {
    const ch = (body.channel ?? {}) as Record<string, string | null | undefined>;
    return {
      name: ch.name ?? null,
      blocked: false,
      unsubscribed: false,
      is_admin: false,
      channels: [
        {
          id: newId("cch_"),
          type: CONTACT_CHANNEL_TYPE,
          user_id: ch.user_id ?? null,
          name: ch.name ?? null,
          username: null,
          email: ch.email ?? null,
          phone: ch.phone ?? null,
        },
      ],
      segments: ((body.segment_ids as string[] | undefined) ?? []).map((id) => ({
        id,
        name: null,
        color: null,
      })),
      blocked_at: null,
      unsubscribed_at: null,
      unsubscribe_reason: null,
      unsubscribe_feedback: null,
      ai_replies_disabled: false,
    };
  },
  update(c, body, _ctx, stamp) {
    if (body.name !== undefined) c.name = body.name as string | null;
    if (body.blocked !== undefined) {
      c.blocked = body.blocked as boolean;
      c.blocked_at = c.blocked ? stamp : null;
    }
    if (body.unsubscribed !== undefined) {
      c.unsubscribed = body.unsubscribed as boolean;
      c.unsubscribed_at = c.unsubscribed ? stamp : null;
    }
  },
  seedBody: () => ({ channel: { email: "contact@example.com" } }),
  list(ctx, filters) {
    return (ctx.store.list("contacts", ctx.orgId) as StoredContact[])
      .filter((c) => contactMatches(c, filters, ctx))
      .map((c) => ctx.render("contacts", c));
  },
});

// ---------------------------------------------------------------------------------------------------------
// All kinds, and the routes they make
// ---------------------------------------------------------------------------------------------------------

/** Every kind, in route order (assistants and connections first: their route order predates the rest). */
export const KINDS = [
  ASSISTANTS,
  CONNECTIONS,
  ACTIONS,
  CHANNELS,
  KNOWLEDGE_CONTENTS,
  KNOWLEDGE_LINKS,
  CHATS,
  CHAT_MESSAGES,
  SUB_ORGS,
  SEGMENTS,
  BOARDS,
  CONTACTS,
] as const;

/** Route templates, as they appear in request counts and fault filters, e.g. "POST /orgs/:org_id/assistants". */
export type ApiRoute = RoutesOf<(typeof KINDS)[number]>;

const ALL_KINDS: readonly KindDescriptor[] = KINDS;

export const ROUTE_ENTRIES: readonly RouteEntry[] = ALL_KINDS.flatMap(routesOf);

export const API_ROUTES = ROUTE_ENTRIES.map((e) => e.route) as readonly ApiRoute[];

export function kindOf(key: KindKey): KindDescriptor {
  const kind = ALL_KINDS.find((k) => k.key === key);
  if (!kind) throw new Error(`emulator: no kind ${key}`);
  return kind;
}

export function isKindKey(value: string | undefined): value is KindKey {
  return ALL_KINDS.some((k) => k.key === value);
}

/** `deleted: true` (soft-deleted kinds only). */
export function isDeleted(obj: StoredObject): boolean {
  return fieldOf(obj, "deleted") === true;
}
