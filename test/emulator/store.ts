/**
 * The emulator's state and the rules that guard it: object shapes, request-body validation,
 * defaults, deep merge, credential masking. No HTTP here (see server.ts).
 */
import { randomInt } from "node:crypto";
import {
  ASSISTANT_DEFAULT_ENABLED,
  ASSISTANT_NAME_MAX,
  AVATAR_URL_BASE,
  BROWSER_ONLY_CONNECTION_TYPES,
  CONFIG_PATCH_SEMANTICS,
  CONNECTION_DEFAULT_AUTH_METHOD,
  CONNECTION_DEFAULT_STATUS,
  CONNECTION_NAME_MAX,
  CONNECTION_TYPES,
  CREDENTIAL_KEY_FRAGMENTS,
  DEFAULT_ASSISTANT_CONFIG,
  DRIFT_CONVERSATION_FIELD,
  DRIFT_TOP_LEVEL_FIELD,
  ID_BODY_LENGTH,
  ID_PREFIX,
  INSTRUCTIONS_MAX_LENGTH,
  KNOWLEDGE_SCOPES,
  LANGUAGE_AUTO,
  LANGUAGE_CODE_PATTERN,
  MASK_MIN_LENGTH_TO_SHOW_TAIL,
  MASK_PREFIX,
  SECRET_KEY_BODY_LENGTH,
  SECRET_KEY_PREFIX,
  THREAD_MODES,
  TIMESTAMP_PRECISION_MS,
} from "./assumptions";

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

export interface OrgRecord {
  id: string;
  name: string;
  parentId: string | null;
}

export interface KeyRecord {
  key: string;
  orgId: string;
}

export interface ConversationConfig {
  thread_mode: string;
  welcome_banner: string;
  suggested_messages: string[];
  auto_intro_message: string;
  enable_memories: boolean;
  enable_transfer_to_human_tool: boolean;
  enable_end_conversation_tool: boolean;
  enable_block_contact_tool: boolean;
  enable_auto_resolve: boolean;
  enable_auto_follow_ups: boolean;
  enable_auto_csat: boolean;
  enable_private_chats: boolean;
  enable_update_contact_tool: boolean;
  [drift: string]: unknown;
}

export interface AssistantConfig {
  language: string;
  model: string;
  stt: { model: string };
  tts: { model: string; voice_id: string };
  knowledge_scope: string;
  timezone: string;
  instructions: string;
  conversation: ConversationConfig;
  [drift: string]: unknown;
}

export interface BoardLink {
  id: string;
  board_id: string;
  board_name: string | null;
  initial_segment: { id: string; name: string | null } | null;
  created_at: string;
  updated_at: string;
}

/** An assistant as stored: the API object plus its org and the write-only `avatar_id`. */
export interface StoredAssistant {
  org_id: string;
  id: string;
  name: string;
  enabled: boolean;
  deleted: boolean;
  secret_key: string | null;
  avatar_id: string | null;
  avatar_url: string | null;
  config: AssistantConfig;
  integrations: unknown[];
  actions: unknown[];
  boards: BoardLink[];
  created_at: string;
  updated_at: string;
}

/** A connection as stored: real (unmasked) credentials in `config`. */
export interface StoredConnection {
  org_id: string;
  id: string;
  type: string;
  name: string | null;
  external_name: string | null;
  external_id: string | null;
  status: string;
  status_error: string | null;
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

export function newId(prefix: string): string {
  return prefix + base62(ID_BODY_LENGTH);
}

/** `2023-11-07T05:31:56Z`: ISO-8601 UTC, whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / TIMESTAMP_PRECISION_MS) * TIMESTAMP_PRECISION_MS)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns a new object: nested plain objects merge, anything else in `patch` replaces. */
export function deepMerge<T extends Record<string, unknown>>(target: T, patch: Record<string, unknown>): T {
  const out: Record<string, unknown> = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : structuredClone(value);
  }
  return out as T;
}

function mergeConfig<T extends Record<string, unknown>>(
  stored: T,
  patch: Record<string, unknown>,
  defaults: T,
): T {
  return CONFIG_PATCH_SEMANTICS === "deep-merge" ? deepMerge(stored, patch) : deepMerge(defaults, patch);
}

// ---------------------------------------------------------------------------------------------------------
// Validation: class-validator style messages (the API looks like NestJS), each naming the field's path.
// ---------------------------------------------------------------------------------------------------------

type Spec =
  | {
      kind: "string";
      min?: number;
      max?: number;
      nullable?: boolean;
      check?: (value: string, path: string) => string | undefined;
    }
  | { kind: "boolean" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "array"; items: Spec }
  | { kind: "object"; fields: Record<string, Spec>; required?: readonly string[]; open?: boolean };

function validate(value: unknown, spec: Spec, path: string, errors: string[]): void {
  switch (spec.kind) {
    case "string":
      if (value === null && spec.nullable) return;
      if (typeof value !== "string") {
        errors.push(`${path} must be a string`);
        return;
      }
      if (spec.min !== undefined && value.length < spec.min)
        errors.push(`${path} must be longer than or equal to ${spec.min} characters`);
      if (spec.max !== undefined && value.length > spec.max)
        errors.push(`${path} must be shorter than or equal to ${spec.max} characters`);
      {
        const message = spec.check?.(value, path);
        if (message) errors.push(message);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") errors.push(`${path} must be a boolean value`);
      return;
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value))
        errors.push(`${path} must be one of the following values: ${spec.values.join(", ")}`);
      return;
    case "array":
      if (!Array.isArray(value)) {
        errors.push(`${path} must be an array`);
        return;
      }
      value.forEach((item, i) => validate(item, spec.items, `${path}[${i}]`, errors));
      return;
    case "object": {
      if (!isPlainObject(value)) {
        errors.push(`${path || "body"} must be an object`);
        return;
      }
      const prefix = path ? `${path}.` : "";
      for (const key of spec.required ?? [])
        if (value[key] === undefined) errors.push(`${prefix}${key} should not be empty`);
      for (const [key, item] of Object.entries(value)) {
        const fieldSpec = spec.fields[key];
        if (fieldSpec) validate(item, fieldSpec, prefix + key, errors);
        else if (!spec.open) errors.push(`property ${prefix}${key} should not exist`);
      }
      return;
    }
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const STR: Spec = { kind: "string" };
const BOOL: Spec = { kind: "boolean" };

function configSpec(extraFields: boolean): Spec {
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

const ASSISTANT_NAME: Spec = { kind: "string", min: 1, max: ASSISTANT_NAME_MAX };
const AVATAR_ID: Spec = { kind: "string", min: 1, nullable: true };
const BOARDS: Spec = {
  kind: "array",
  items: {
    kind: "object",
    fields: { board_id: { kind: "string", min: 1 }, initial_segment_id: { kind: "string", nullable: true } },
    required: ["board_id"],
  },
};

export interface AssistantCreateBody {
  name: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  generate_secret_key?: boolean;
  avatar_id?: string | null;
}

export interface AssistantUpdateBody {
  name?: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  avatar_id?: string | null;
  boards?: { board_id: string; initial_segment_id?: string | null }[];
}

/** Returns the 400 messages; empty means valid. `generate_secret_key` is create-only; `boards` update-only [D]. */
export function validateAssistantCreate(body: unknown, extraFields: boolean): string[] {
  const errors: string[] = [];
  const spec: Spec = {
    kind: "object",
    required: ["name"],
    fields: {
      name: ASSISTANT_NAME,
      enabled: BOOL,
      config: configSpec(extraFields),
      generate_secret_key: BOOL,
      avatar_id: AVATAR_ID,
    },
  };
  validate(body, spec, "", errors);
  return errors;
}

export function validateAssistantUpdate(body: unknown, extraFields: boolean): string[] {
  const errors: string[] = [];
  const spec: Spec = {
    kind: "object",
    fields: {
      name: ASSISTANT_NAME,
      enabled: BOOL,
      config: configSpec(extraFields),
      avatar_id: AVATAR_ID,
      boards: BOARDS,
    },
  };
  validate(body, spec, "", errors);
  return errors;
}

export interface ConnectionCreateBody {
  type: string;
  name?: string | null;
  config: Record<string, unknown>;
}

export interface ConnectionUpdateBody {
  name?: string | null;
  config?: Record<string, unknown>;
}

const CONNECTION_NAME: Spec = { kind: "string", min: 1, max: CONNECTION_NAME_MAX, nullable: true };
/** Per-type config shapes are unknown: any keys are accepted [A]; only `auth_method` is typed. */
const CONNECTION_CONFIG: Spec = {
  kind: "object",
  open: true,
  fields: { auth_method: { kind: "string", min: 1 } },
};

export function validateConnectionCreate(body: unknown): string[] {
  const errors: string[] = [];
  const spec: Spec = {
    kind: "object",
    required: ["type", "config"],
    fields: {
      type: { kind: "enum", values: CONNECTION_TYPES },
      name: CONNECTION_NAME,
      config: CONNECTION_CONFIG,
    },
  };
  validate(body, spec, "", errors);
  if (
    isPlainObject(body) &&
    typeof body.type === "string" &&
    BROWSER_ONLY_CONNECTION_TYPES.includes(body.type)
  )
    errors.push(
      `type ${body.type} connections are made through a browser consent screen and cannot be created by API`,
    );
  return errors;
}

export function validateConnectionUpdate(body: unknown): string[] {
  const errors: string[] = [];
  // `type` is not in the spec, so it is reported as "property type should not exist": not updatable.
  validate(
    body,
    { kind: "object", fields: { name: CONNECTION_NAME, config: CONNECTION_CONFIG } },
    "",
    errors,
  );
  return errors;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering (what the API answers)
// ---------------------------------------------------------------------------------------------------------

function looksLikeCredential(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return CREDENTIAL_KEY_FRAGMENTS.some((fragment) => normalised.includes(fragment));
}

export function maskSecret(value: string): string {
  return value.length >= MASK_MIN_LENGTH_TO_SHOW_TAIL ? MASK_PREFIX + value.slice(-4) : MASK_PREFIX;
}

/** Masks strings under credential-looking keys, at any depth. */
export function maskCredentials(value: unknown, underCredential = false): unknown {
  if (typeof value === "string") return underCredential ? maskSecret(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskCredentials(item, underCredential));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = maskCredentials(item, underCredential || looksLikeCredential(key));
    return out;
  }
  return value;
}

export interface RenderOptions {
  extraResponseFields: boolean;
}

export function renderAssistant(a: StoredAssistant, opts: RenderOptions): Record<string, unknown> {
  const { org_id: _org, avatar_id: _avatar, ...rest } = structuredClone(a);
  const out: Record<string, unknown> = rest;
  const conversation = rest.config.conversation;
  if (opts.extraResponseFields) {
    out[DRIFT_TOP_LEVEL_FIELD] = rest.integrations.length;
    if (isPlainObject(conversation) && conversation[DRIFT_CONVERSATION_FIELD] === undefined)
      conversation[DRIFT_CONVERSATION_FIELD] = false;
  } else if (isPlainObject(conversation)) {
    delete conversation[DRIFT_CONVERSATION_FIELD];
  }
  return out;
}

export function renderConnection(c: StoredConnection): Record<string, unknown> {
  const { org_id: _org, ...rest } = structuredClone(c);
  return { ...rest, config: maskCredentials(rest.config) };
}

// ---------------------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------------------

export class Store {
  readonly orgs = new Map<string, OrgRecord>();
  readonly keys = new Map<string, KeyRecord>();
  /** Map iteration order is insertion order, which gives lists their stable creation order. */
  readonly assistants = new Map<string, StoredAssistant>();
  readonly connections = new Map<string, StoredConnection>();

  constructor(
    private readonly clock: () => number,
    orgs: OrgRecord[],
    keys: KeyRecord[],
  ) {
    for (const org of orgs) this.orgs.set(org.id, org);
    for (const key of keys) this.keys.set(key.key, key);
  }

  clearObjects(): void {
    this.assistants.clear();
    this.connections.clear();
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  /** A fresh `updated_at` that is always later than `previous` (see TIMESTAMP_PRECISION_MS). */
  private bump(previous: string): string {
    const prev = Date.parse(previous);
    const now = this.clock();
    return isoSeconds(Number.isFinite(prev) ? Math.max(now, prev + TIMESTAMP_PRECISION_MS) : now);
  }

  // --- assistants ----------------------------------------------------------------------------------------

  listAssistants(orgId: string, includeDeleted: boolean): StoredAssistant[] {
    return [...this.assistants.values()].filter((a) => a.org_id === orgId && (includeDeleted || !a.deleted));
  }

  findAssistant(orgId: string, id: string): StoredAssistant | undefined {
    const a = this.assistants.get(id);
    return a && a.org_id === orgId ? a : undefined;
  }

  createAssistant(orgId: string, body: AssistantCreateBody): StoredAssistant {
    const now = this.now();
    const a: StoredAssistant = {
      org_id: orgId,
      id: newId(ID_PREFIX.assistant),
      name: body.name,
      enabled: body.enabled ?? ASSISTANT_DEFAULT_ENABLED,
      deleted: false,
      secret_key: body.generate_secret_key ? mintSecretKey() : null,
      avatar_id: body.avatar_id ?? null,
      avatar_url: avatarUrl(body.avatar_id ?? null),
      config: deepMerge(DEFAULT_ASSISTANT_CONFIG as AssistantConfig, body.config ?? {}),
      integrations: [],
      actions: [],
      boards: [],
      created_at: now,
      updated_at: now,
    };
    this.assistants.set(a.id, a);
    return a;
  }

  updateAssistant(a: StoredAssistant, body: AssistantUpdateBody): StoredAssistant {
    const updatedAt = this.bump(a.updated_at);
    if (body.name !== undefined) a.name = body.name;
    if (body.enabled !== undefined) a.enabled = body.enabled;
    if (body.avatar_id !== undefined) {
      a.avatar_id = body.avatar_id;
      a.avatar_url = avatarUrl(body.avatar_id);
    }
    if (body.config !== undefined)
      a.config = mergeConfig(a.config, body.config, DEFAULT_ASSISTANT_CONFIG as AssistantConfig);
    if (body.boards !== undefined) {
      // [A] The list replaces the links; a board already linked keeps its link id and created_at.
      a.boards = body.boards.map((b) => {
        const existing = a.boards.find((link) => link.board_id === b.board_id);
        return {
          id: existing?.id ?? newId(ID_PREFIX.boardLink),
          board_id: b.board_id,
          board_name: existing?.board_name ?? null,
          initial_segment: b.initial_segment_id ? { id: b.initial_segment_id, name: null } : null,
          created_at: existing?.created_at ?? updatedAt,
          updated_at: updatedAt,
        };
      });
    }
    a.updated_at = updatedAt;
    return a;
  }

  rotateSecretKey(a: StoredAssistant): StoredAssistant {
    a.secret_key = mintSecretKey();
    a.updated_at = this.bump(a.updated_at);
    return a;
  }

  softDeleteAssistant(a: StoredAssistant): StoredAssistant {
    a.deleted = true;
    a.updated_at = this.bump(a.updated_at);
    return a;
  }

  /** Control surface: seed without validation or rate limits (e.g. an assistant made "in the dashboard"). */
  seedAssistant(orgId: string, partial: Record<string, unknown>): StoredAssistant {
    return seed(this.assistants, this.createAssistant(orgId, { name: "Seeded assistant" }), partial);
  }

  /** Control surface: drift made outside the API. Deep-merges anything (no validation), bumps `updated_at`. */
  editAssistant(a: StoredAssistant, patch: Record<string, unknown>): StoredAssistant {
    return edit(this.assistants, a, patch, this.bump(a.updated_at));
  }

  // --- connections ---------------------------------------------------------------------------------------

  listConnections(orgId: string): StoredConnection[] {
    return [...this.connections.values()].filter((c) => c.org_id === orgId);
  }

  findConnection(orgId: string, id: string): StoredConnection | undefined {
    const c = this.connections.get(id);
    return c && c.org_id === orgId ? c : undefined;
  }

  createConnection(orgId: string, body: ConnectionCreateBody): StoredConnection {
    const now = this.now();
    const c: StoredConnection = {
      org_id: orgId,
      id: newId(ID_PREFIX.connection),
      type: body.type,
      name: body.name ?? null,
      external_name: null,
      external_id: null,
      status: CONNECTION_DEFAULT_STATUS,
      status_error: null,
      config: { auth_method: CONNECTION_DEFAULT_AUTH_METHOD, ...structuredClone(body.config) },
      created_at: now,
      updated_at: now,
    };
    this.connections.set(c.id, c);
    return c;
  }

  updateConnection(c: StoredConnection, body: ConnectionUpdateBody): StoredConnection {
    if (body.name !== undefined) c.name = body.name;
    if (body.config !== undefined)
      c.config = mergeConfig(c.config, body.config, { auth_method: CONNECTION_DEFAULT_AUTH_METHOD });
    c.updated_at = this.bump(c.updated_at);
    return c;
  }

  /** Control surface: seed any type (including browser-only ones) and any status. */
  seedConnection(orgId: string, partial: Record<string, unknown>): StoredConnection {
    const type = typeof partial.type === "string" ? partial.type : "TOOLS";
    return seed(this.connections, this.createConnection(orgId, { type, config: {} }), partial);
  }

  editConnection(c: StoredConnection, patch: Record<string, unknown>): StoredConnection {
    return edit(this.connections, c, patch, this.bump(c.updated_at));
  }
}

type Stored = { id: string; org_id: string; updated_at: string };

/** Deep-merges `partial` over a freshly created object, keeping its id and org. */
function seed<T extends Stored>(store: Map<string, T>, base: T, partial: Record<string, unknown>): T {
  const seeded = deepMerge(base as unknown as Record<string, unknown>, partial) as unknown as T;
  seeded.id = base.id;
  seeded.org_id = base.org_id;
  store.set(seeded.id, seeded);
  return seeded;
}

/** Out-of-band edit: deep-merge, and a new `updated_at` unless the patch sets one. */
function edit<T extends Stored>(
  store: Map<string, T>,
  obj: T,
  patch: Record<string, unknown>,
  bumped: string,
): T {
  const edited = deepMerge(obj as unknown as Record<string, unknown>, patch) as unknown as T;
  if (patch.updated_at === undefined) edited.updated_at = bumped;
  store.set(obj.id, edited);
  return edited;
}

function mintSecretKey(): string {
  return SECRET_KEY_PREFIX + base62(SECRET_KEY_BODY_LENGTH);
}

function avatarUrl(avatarId: string | null): string | null {
  return avatarId === null ? null : AVATAR_URL_BASE + encodeURIComponent(avatarId);
}
