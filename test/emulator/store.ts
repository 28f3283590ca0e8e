/**
 * The emulator's state and the vocabulary its kinds are described in: object shapes, request-body
 * validation (class-validator style messages), deep merge, credential masking, timestamps. No HTTP here
 * (see server.ts), and no per-kind rules (see kinds.ts: one descriptor per kind).
 */
import { randomInt } from "node:crypto";
import {
  CONFIG_PATCH_SEMANTICS,
  CREDENTIAL_KEY_FRAGMENTS,
  ID_BODY_LENGTH,
  MASK_MIN_LENGTH_TO_SHOW_TAIL,
  MASK_PREFIX,
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

/** What every stored object has: its org (never answered), id and timestamps. */
export interface StoredObject {
  org_id: string;
  id: string;
  created_at: string;
  updated_at: string;
}

/**
 * An assistant as stored: the API object plus its org and the write-only `avatar_id`. `integrations` and
 * `actions` are answered from the channel and action kinds (embedded); anything seeded straight into these
 * arrays through the control surface is answered after them.
 */
export interface StoredAssistant extends StoredObject {
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
}

/** A connection as stored: real (unmasked) credentials in `config`. */
export interface StoredConnection extends StoredObject {
  type: string;
  name: string | null;
  external_name: string | null;
  external_id: string | null;
  status: string;
  status_error: string | null;
  config: Record<string, unknown>;
}

export interface ActionConfig {
  input: Record<string, unknown>;
  definitions: { path: string; definition: Record<string, unknown> }[];
  [more: string]: unknown;
}

/** An action (a tool attached to an assistant). `action_id` is the catalog id, `id` the instance id. */
export interface StoredAction extends StoredObject {
  assistant_id: string;
  action_id: string;
  enabled: boolean;
  name: string | null;
  instructions: string | null;
  connection_id: string | null;
  config: ActionConfig;
  position: number;
}

/** A channel (assistant integration), embedded in the assistant's `integrations[]`. */
export interface StoredChannel extends StoredObject {
  assistant_id: string;
  integration_id: string;
  enabled: boolean;
  connection_id: string | null;
  config: Record<string, unknown>;
  error: string | null;
}

export type KnowledgeStatus = "PENDING" | "PROCESSING" | "PROCESSED" | "FAILED";

/** The processing still ahead of a knowledge content (emulator bookkeeping, never answered). */
export interface KnowledgeProcessing {
  /** ms since epoch (emulator clock) when PENDING turns PROCESSING. */
  processing_at: number;
  /** ms since epoch when processing ends, as `outcome`. */
  done_at: number;
  outcome: "PROCESSED" | "FAILED";
  /** The FAILED reason. */
  error: string | null;
  /** Size and chunk count the content turns out to have (known once processing starts). */
  size: number;
  chunks: number;
}

export interface StoredKnowledgeContent extends StoredObject {
  title: string;
  type: string;
  /** The create body's `content`, answered as given. */
  content: Record<string, unknown>;
  size: number;
  chunks_processed: number;
  chunks_count: number;
  error: string | null;
  status: KnowledgeStatus;
  /** null once settled (PROCESSED or FAILED). Driven by the emulator clock: see Store.tick. */
  processing: KnowledgeProcessing | null;
}

/** A content ↔ assistant link. The API never shows it as an object: it is the `linked` flag. */
export interface StoredKnowledgeLink extends StoredObject {
  assistant_id: string;
  content_id: string;
}

/** One part of a message's content: `{type: "text", text}` [E], or a tool call / result [A]. */
export interface ChatPart {
  type: string;
  [field: string]: unknown;
}

/** The human side of a chat [D]: open or closed, whether the AI answers, who took it over. */
export interface ChatState {
  state: "OPEN" | "SNOOZED" | "CLOSED";
  assistant_id: string;
  integration_id: string;
  ai_enabled: boolean;
  assigned_user: { id: string; name: string; email: string } | null;
  assigned_at: string | null;
  follow_up_at: string | null;
  muted_until: string | null;
  csat_score: number | null;
}

/** A chat with an assistant (addressed as `/chats/:id`, outside any org path). */
export interface StoredChat extends StoredObject {
  title: string | null;
  model: string;
  temporary: boolean;
  pinned: boolean;
  visibility: string;
  /** `RUNNING` while a reply is being written, else `COMPLETED` [A]. */
  status: string;
  state: ChatState;
}

/** A reply still being written (emulator bookkeeping, never answered). */
export interface PendingReply {
  /** ms since epoch (emulator clock) when the reply is done; `null`: it never finishes (a stalled reply). */
  done_at: number | null;
  /** What the message becomes then. */
  outcome: "COMPLETED" | "FAILED";
  error: string | null;
  parts: ChatPart[];
  usage: Record<string, number> | null;
  /** What the reply does to the chat when done; with agents online a hand-off also assigns the chat. */
  handoff: boolean;
  end: boolean;
  agentsOnline: boolean;
}

/** A message of a chat. */
export interface StoredChatMessage extends StoredObject {
  chat_id: string;
  role: string;
  status: string;
  model: string | null;
  messages: { role: string; parts: ChatPart[] }[];
  error: string | null;
  usage: Record<string, number> | null;
  pending: PendingReply | null;
  /** The assistant message answering this user message (emulator bookkeeping). */
  reply_id: string | null;
}

/**
 * A sub-organization as stored: `org_id` is its parent, `id` its own org id (also registered as an org, so keys
 * and `/orgs/:org_id/…` routes reach it). Answered as the summary [D/E].
 */
export interface StoredSubOrg extends StoredObject {
  name: string;
  logo_id: string | null;
  logo_url: string | null;
  plan: string;
  balance: number;
  promo_balance: number;
  spending_cap_used: number;
  billing: Record<string, unknown>;
  members: unknown[];
  features: Record<string, boolean>;
  config: Record<string, unknown>;
}

/** A segment of contacts: renamed and recoloured through the API, made and deleted in the dashboard only. */
export interface StoredSegment extends StoredObject {
  name: string;
  color: string;
  contacts_count: number;
  boards: { board_id: string; board_name: string | null; column_id: string | null }[];
}

/**
 * A board of contacts: its columns are segments [D]. No board endpoint is documented (no CRUD [D by absence]):
 * boards exist in the emulator only through the control surface, so that assistants' `boards` can name them.
 */
export interface StoredBoard extends StoredObject {
  name: string;
  /** Segment ids of its columns. */
  column_ids: string[];
}

/** One way a contact is reached (a chat channel of theirs) [E]. */
export interface ContactChannel {
  id: string;
  type: string;
  user_id: string | null;
  name: string | null;
  username: string | null;
  email: string | null;
  phone: string | null;
  [more: string]: unknown;
}

/** A contact of the org's audience [E]. */
export interface StoredContact extends StoredObject {
  name: string | null;
  blocked: boolean;
  unsubscribed: boolean;
  is_admin: boolean;
  channels: ContactChannel[];
  segments: { id: string; name: string | null; color: string | null }[];
  blocked_at: string | null;
  unsubscribed_at: string | null;
  unsubscribe_reason: string | null;
  unsubscribe_feedback: string | null;
  /** Whether the assistant stops replying to them (the `AI_REPLIES_DISABLED` status) [A]: never answered. */
  ai_replies_disabled: boolean;
}

/** Every kind's stored shape, by the key that names it in the snapshot and on the control surface. */
export interface KindObjects {
  assistants: StoredAssistant;
  connections: StoredConnection;
  actions: StoredAction;
  channels: StoredChannel;
  knowledgeContents: StoredKnowledgeContent;
  knowledgeLinks: StoredKnowledgeLink;
  chats: StoredChat;
  chatMessages: StoredChatMessage;
  subOrgs: StoredSubOrg;
  segments: StoredSegment;
  boards: StoredBoard;
  contacts: StoredContact;
}
export type KindKey = keyof KindObjects;
export const KIND_KEYS: readonly KindKey[] = [
  "assistants",
  "connections",
  "actions",
  "channels",
  "knowledgeContents",
  "knowledgeLinks",
  "chats",
  "chatMessages",
  "subOrgs",
  "segments",
  "boards",
  "contacts",
];

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

/** A timestamp for a change at `ms` that is always later than `previous` (see TIMESTAMP_PRECISION_MS). */
export function bumpAt(previous: string, ms: number): string {
  const prev = Date.parse(previous);
  return isoSeconds(Number.isFinite(prev) ? Math.max(ms, prev + TIMESTAMP_PRECISION_MS) : ms);
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

/** A PATCH of a nested `config`, per the `patchSemantics` setting (default CONFIG_PATCH_SEMANTICS). */
export function mergeConfig<T extends Record<string, unknown>>(
  stored: T,
  patch: Record<string, unknown>,
  defaults: T,
  semantics: "deep-merge" | "replace" = CONFIG_PATCH_SEMANTICS,
): T {
  return semantics === "deep-merge" ? deepMerge(stored, patch) : deepMerge(defaults, patch);
}

// ---------------------------------------------------------------------------------------------------------
// Validation: class-validator style messages (the API looks like NestJS), each naming the field's path.
// ---------------------------------------------------------------------------------------------------------

export type Spec =
  | {
      kind: "string";
      min?: number;
      max?: number;
      nullable?: boolean;
      check?: (value: string, path: string) => string | undefined;
    }
  | { kind: "boolean" }
  | { kind: "integer"; min?: number; divisibleBy?: number }
  | { kind: "number"; min?: number; nullable?: boolean }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "array"; items: Spec; max?: number }
  | { kind: "object"; fields: Record<string, Spec>; required?: readonly string[]; open?: boolean }
  /** An object whose shape is chosen by one of its keys (e.g. knowledge `content.type`). */
  | {
      kind: "tagged";
      tag: string;
      variants: Record<string, { fields: Record<string, Spec>; required?: string[] }>;
    };

export function validate(value: unknown, spec: Spec, path: string, errors: string[]): void {
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
    case "integer":
      if (!Number.isInteger(value)) {
        errors.push(`${path} must be an integer number`);
        return;
      }
      if (spec.min !== undefined && (value as number) < spec.min)
        errors.push(`${path} must not be less than ${spec.min}`);
      if (spec.divisibleBy !== undefined && (value as number) % spec.divisibleBy !== 0)
        errors.push(`${path} must be divisible by ${spec.divisibleBy}`);
      return;
    case "number":
      if (value === null && spec.nullable) return;
      if (typeof value !== "number" || !Number.isFinite(value)) {
        errors.push(`${path} must be a number conforming to the specified constraints`);
        return;
      }
      if (spec.min !== undefined && value < spec.min)
        errors.push(`${path} must not be less than ${spec.min}`);
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
      if (spec.max !== undefined && value.length > spec.max)
        errors.push(`${path} must contain no more than ${spec.max} elements`);
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
    case "tagged": {
      if (!isPlainObject(value)) {
        errors.push(`${path || "body"} must be an object`);
        return;
      }
      const tags = Object.keys(spec.variants);
      const variant =
        typeof value[spec.tag] === "string" ? spec.variants[value[spec.tag] as string] : undefined;
      if (!variant) {
        errors.push(`${path}.${spec.tag} must be one of the following values: ${tags.join(", ")}`);
        return;
      }
      const fields = { ...variant.fields, [spec.tag]: { kind: "enum", values: tags } as Spec };
      validate(value, { kind: "object", fields, required: variant.required }, path, errors);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Credential masking (what write-only credentials look like in answers)
// ---------------------------------------------------------------------------------------------------------

function looksLikeCredential(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return CREDENTIAL_KEY_FRAGMENTS.some((fragment) => normalised.includes(fragment));
}

export function maskSecret(value: string): string {
  return value.length >= MASK_MIN_LENGTH_TO_SHOW_TAIL ? MASK_PREFIX + value.slice(-4) : MASK_PREFIX;
}

/** Masks strings under credential-looking keys, at any depth. */
/** The value with every credential key left out (setting `credentialsInResponses: "omitted"`). */
export function omitCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitCredentials);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !looksLikeCredential(key))
      .map(([key, item]) => [key, omitCredentials(item)]),
  );
}

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

// ---------------------------------------------------------------------------------------------------------
// The store: one map per kind, nothing kind-specific
// ---------------------------------------------------------------------------------------------------------

type KindMaps = { [K in KindKey]: Map<string, KindObjects[K]> };

export class Store {
  readonly orgs = new Map<string, OrgRecord>();
  readonly keys = new Map<string, KeyRecord>();
  /** Map iteration order is insertion order, which gives lists their stable creation order. */
  readonly objects: KindMaps = {
    assistants: new Map(),
    connections: new Map(),
    actions: new Map(),
    channels: new Map(),
    knowledgeContents: new Map(),
    knowledgeLinks: new Map(),
    chats: new Map(),
    chatMessages: new Map(),
    subOrgs: new Map(),
    segments: new Map(),
    boards: new Map(),
    contacts: new Map(),
  };
  readonly assistants = this.objects.assistants;
  readonly connections = this.objects.connections;

  constructor(
    readonly clock: () => number,
    orgs: OrgRecord[],
    keys: KeyRecord[],
  ) {
    for (const org of orgs) this.orgs.set(org.id, org);
    for (const key of keys) this.keys.set(key.key, key);
  }

  clearObjects(): void {
    for (const key of KIND_KEYS) this.objects[key].clear();
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  /** A fresh `updated_at` that is always later than `previous` (see TIMESTAMP_PRECISION_MS). */
  bump(previous: string): string {
    return bumpAt(previous, this.clock());
  }

  /** The map of a kind, typed loosely for generic code. */
  map(kind: KindKey): Map<string, StoredObject> {
    return this.objects[kind] as Map<string, StoredObject>;
  }

  find(kind: KindKey, orgId: string, id: string): StoredObject | undefined {
    const obj = this.map(kind).get(id);
    return obj && obj.org_id === orgId ? obj : undefined;
  }

  /** Objects of a kind in an org, in creation order, optionally those whose `field` equals `value`. */
  list(kind: KindKey, orgId: string, where?: { field: string; value: string }): StoredObject[] {
    return [...this.map(kind).values()].filter(
      (o) =>
        o.org_id === orgId &&
        (!where || (o as unknown as Record<string, unknown>)[where.field] === where.value),
    );
  }
}

/** Field access on a stored object for generic code. */
export function fieldOf(obj: StoredObject, field: string): unknown {
  return (obj as unknown as Record<string, unknown>)[field];
}

/** Deep-merges `partial` over a freshly built object, keeping its id and org. */
export function seedOver<T extends StoredObject>(base: T, partial: Record<string, unknown>): T {
  const seeded = deepMerge(base as unknown as Record<string, unknown>, partial) as unknown as T;
  seeded.id = base.id;
  seeded.org_id = base.org_id;
  return seeded;
}

/** Out-of-band edit: deep-merge, and a new `updated_at` unless the patch sets one. */
export function editOver<T extends StoredObject>(obj: T, patch: Record<string, unknown>, bumped: string): T {
  const edited = deepMerge(obj as unknown as Record<string, unknown>, patch) as unknown as T;
  if (patch.updated_at === undefined) edited.updated_at = bumped;
  return edited;
}
