/**
 * Typed client for the emulator's control surface (`/_emulator/…`, no auth, loopback only).
 * Works against an in-process emulator (`startEmulator().control`) or a standalone one given its URL.
 */
import { ERROR_BODY_STYLES, KNOWLEDGE_DEFAULT_FAILURE_REASON, MAX_TAKE } from "./assumptions";
import { API_ROUTES, type ApiRoute } from "./kinds";
import type {
  KeyRecord,
  KindKey,
  KindObjects,
  OrgRecord,
  StoredAction,
  StoredAssistant,
  StoredChannel,
  StoredChat,
  StoredBoard,
  StoredChatMessage,
  StoredConnection,
  StoredContact,
  StoredKnowledgeContent,
  StoredKnowledgeLink,
  StoredSegment,
  StoredSubOrg,
} from "./store";

/**
 * Route templates of the emulated API, as they appear in request counts and fault filters, derived from the
 * kind descriptors (kinds.ts), e.g. "POST /orgs/:org_id/assistants",
 * "PATCH /orgs/:org_id/assistants/:assistant_id/actions/reorder".
 */
export { API_ROUTES, type ApiRoute };
export type { KindKey, KindObjects };

/** Key of requests that matched no route, in counts and logs. */
export const UNMATCHED_ROUTE = "(unmatched)";

/** Run-time switches (`POST /_emulator/settings`); `reset()` restores the values given at start. */
export interface EmulatorSettings {
  softDelete: boolean;
  requestsPerMinute: number;
  assistantCreatesPerHour: number;
  defaultTake: number;
  retryAfterSeconds: boolean;
  extraResponseFields: boolean;
  /** false: `GET …/integrations/:id` answers 404 like an unknown route (channels readable only embedded). */
  channelGetById: boolean;
  /** Time a new knowledge content takes from PENDING through PROCESSING to PROCESSED (emulator clock). */
  knowledgeProcessingMs: number;
  /** The next this-many knowledge contents created through the API end FAILED (counts down). */
  knowledgeFailNext: number;
  /** The `error` those failed contents carry. */
  knowledgeFailReason: string;
  /**
   * "nest": JSON `{statusCode, message, error}` error bodies [A]; "plain": the message as text/plain;
   * "nested": `{"error": {"status", "message"}}`; "errors": `{"errors": [{"message"}]}`; "problem": RFC 9457.
   */
  errorBody: (typeof ERROR_BODY_STYLES)[number];
  /**
   * false: list items come without `config` or a content's text (a summary listing); GET by id still answers
   * them whole.
   */
  listItemsWhole: boolean;
  /** How PATCH treats a nested `config`: "deep-merge" [A] keeps absent keys; "replace" resets them to defaults. */
  patchSemantics: "deep-merge" | "replace";
  /** Where a TEXT content's text comes back: `content.text` [A], top-level `text`, or nowhere. */
  knowledgeTextAt: "content" | "top-level" | "none";
  /** false: list answers carry no `pagination-*` headers. */
  paginationHeaders: boolean;
  /** > 0: lists page by at most this many items whatever `take` asks, without saying so. */
  pageSizeCap: number;
  /** "data": list bodies are `{data: [...]}` instead of a bare array. */
  listEnvelope: "bare" | "data";
  /** true: lists include soft-deleted objects (with `deleted: true`). */
  listIncludesDeleted: boolean;
  /** "empty": DELETE answers 204 with no body instead of the object. */
  deleteAnswer: "object" | "empty";
  /** A create's status: 200 [D] or 201. */
  createStatus: 200 | 201;
  /** "omitted": connection credentials are left out of answers instead of masked. */
  credentialsInResponses: "masked" | "omitted";
  /** "linked-only": the per-assistant contents list holds only linked contents, with no `linked` flag. */
  linkListing: "all" | "linked-only";
  /** false: actions are answered without `position` (older API generations; still listed in position order). */
  actionPositions: boolean;
  /** "empty": PATCH answers 204 with no body instead of the object. */
  updateAnswer: "object" | "empty";
  /** "no-id": a create answers the object without its `id` (the docs say it is the object: a fault to survive). */
  createAnswer: "object" | "no-id";
  /** Time an assistant takes to write a reply (emulator clock). */
  chatReplyLatencyMs: number;
  /** "async": a post answers at once and the reply is `RUNNING` until written; "sync": the post answers the reply. */
  chatReplyMode: "async" | "sync";
  /** The next this-many replies end `FAILED` with `chatReplyFailReason` as their `error` (counts down). */
  chatReplyFailNext: number;
  chatReplyFailReason: string;
  /** The next this-many replies stay `RUNNING` for ever (counts down). */
  chatReplyStallNext: number;
  /** Order of the message list. */
  chatMessagesOrder: "oldest-first" | "newest-first";
  /** Tool calls as parts of the assistant message, or in a `role: "tool"` message of their own. */
  chatToolCallStyle: "part" | "message";
  /** A hand-off also assigns the chat to an agent (`state.assigned_user`). */
  chatAgentsOnline: boolean;
  /** true: `GET /orgs/:org_id/orgs/:id` answers a sub-org (none is documented; default off, like an unknown route). */
  subOrgGetById: boolean;
  /** false: the sub-org summary (listing, update answer) carries no `billing`; the billing PATCH answer still does. */
  subOrgBillingInSummary: boolean;
  /** true: `GET /orgs/:org_id/segments/:id` answers a segment (none is documented; default off). */
  segmentGetById: boolean;
  /**
   * Body fields that creates and updates accept (validated as usual) and then silently ignore, each the kind's
   * key and the dotted path in the body (`assistants.config.instructions`): a server that drops what it was
   * sent, which the provider's read-back reports.
   */
  ignoredBodyFields: string[];
  /**
   * "as-sent" [A]: the keys of free-form maps (connection and channel `config`, action `config.input`) are stored
   * as sent; "snake_case": the server rewrites their camelCase top-level keys in snake_case.
   */
  freeFormKeys: "as-sent" | "snake_case";
  /** How an assistant's `boards[]` items carry their initial segment: `initial_segment{}` [E] or `initial_segment_id`. */
  boardsShape: "nested" | "flat";
  /** false: `GET /contacts/:id` answers 404 like an unknown route (contacts found only in the list). */
  contactGetById: boolean;
}

/** How a setting is checked when it is set. */
export type SettingRule =
  | { kind: "boolean" }
  | { kind: "integer"; min: number; max?: number }
  | { kind: "one of"; values: readonly (string | number)[] }
  | { kind: "text" }
  /** Strings, each `<kind key>.<dotted body path>` (a kind of `kinds.ts`). */
  | { kind: "body fields" };

/** The rule of every setting, in one place: `POST /_emulator/settings` checks each value against it. */
export const SETTING_RULES: { [K in keyof EmulatorSettings]: SettingRule } = {
  softDelete: { kind: "boolean" },
  requestsPerMinute: { kind: "integer", min: 1 },
  assistantCreatesPerHour: { kind: "integer", min: 0 },
  defaultTake: { kind: "integer", min: 1, max: MAX_TAKE },
  retryAfterSeconds: { kind: "boolean" },
  extraResponseFields: { kind: "boolean" },
  channelGetById: { kind: "boolean" },
  knowledgeProcessingMs: { kind: "integer", min: 0 },
  knowledgeFailNext: { kind: "integer", min: 0 },
  knowledgeFailReason: { kind: "text" },
  errorBody: { kind: "one of", values: ERROR_BODY_STYLES },
  listItemsWhole: { kind: "boolean" },
  patchSemantics: { kind: "one of", values: ["deep-merge", "replace"] },
  knowledgeTextAt: { kind: "one of", values: ["content", "top-level", "none"] },
  paginationHeaders: { kind: "boolean" },
  pageSizeCap: { kind: "integer", min: 0, max: MAX_TAKE },
  listEnvelope: { kind: "one of", values: ["bare", "data"] },
  listIncludesDeleted: { kind: "boolean" },
  deleteAnswer: { kind: "one of", values: ["object", "empty"] },
  createStatus: { kind: "one of", values: [200, 201] },
  credentialsInResponses: { kind: "one of", values: ["masked", "omitted"] },
  linkListing: { kind: "one of", values: ["all", "linked-only"] },
  actionPositions: { kind: "boolean" },
  updateAnswer: { kind: "one of", values: ["object", "empty"] },
  createAnswer: { kind: "one of", values: ["object", "no-id"] },
  chatReplyLatencyMs: { kind: "integer", min: 0 },
  chatReplyMode: { kind: "one of", values: ["async", "sync"] },
  chatReplyFailNext: { kind: "integer", min: 0 },
  chatReplyFailReason: { kind: "text" },
  chatReplyStallNext: { kind: "integer", min: 0 },
  chatMessagesOrder: { kind: "one of", values: ["oldest-first", "newest-first"] },
  chatToolCallStyle: { kind: "one of", values: ["part", "message"] },
  chatAgentsOnline: { kind: "boolean" },
  subOrgGetById: { kind: "boolean" },
  subOrgBillingInSummary: { kind: "boolean" },
  segmentGetById: { kind: "boolean" },
  ignoredBodyFields: { kind: "body fields" },
  freeFormKeys: { kind: "one of", values: ["as-sent", "snake_case"] },
  boardsShape: { kind: "one of", values: ["nested", "flat"] },
  contactGetById: { kind: "boolean" },
};

/**
 * The other answer to every response shape the docs leave open (and a few they state, which a real service
 * may still vary): an independent stand-in of the API could answer any of these. The library must work
 * against all of them at once with no assumption overridden: the variant lifecycle runs with these settings.
 * Behaviours that need the user's word (`patchSemantics`, `channelGetById`) are not shapes and stay out.
 */
export const OTHER_SHAPES: Partial<EmulatorSettings> = {
  errorBody: "nested",
  listItemsWhole: false,
  knowledgeTextAt: "top-level",
  paginationHeaders: false,
  pageSizeCap: 2,
  listEnvelope: "data",
  listIncludesDeleted: true,
  deleteAnswer: "empty",
  createStatus: 201,
  credentialsInResponses: "omitted",
  linkListing: "linked-only",
  actionPositions: false,
  updateAnswer: "empty",
  retryAfterSeconds: false,
  subOrgBillingInSummary: false,
  boardsShape: "flat",
  contactGetById: false,
};

/** The next `count` API requests matching `route` (all routes when absent) fail this way. */
export interface FaultSpec {
  count?: number; // default 1
  /** Any 4xx/5xx; typically 500, 503 or 429. Default 500. */
  status?: number;
  route?: ApiRoute | string;
  /** Destroy the socket instead of answering (the client sees a reset / "other side closed"). */
  dropConnection?: boolean;
  /** Run the request (commit its change) and only then fail: a lost response. */
  afterCommit?: boolean;
  /** `Retry-After` seconds on an injected 429 (when the emulator sends Retry-After at all). */
  retryAfter?: number;
  /** Let this many matching requests through first (e.g. fail the second listing, not the first). Default 0. */
  skip?: number;
}

export interface PendingFault extends Required<Pick<FaultSpec, "count" | "status">> {
  route: string | null;
  /** Matching requests still to let through before this fault applies. */
  skip: number;
  dropConnection: boolean;
  afterCommit: boolean;
  retryAfter: number | null;
}

/**
 * Kinds of fault the chaos mode injects. "-before" kinds answer without running the request; "-after" kinds
 * run it (its change is committed) and then lose the answer, like a server that acted but whose reply never
 * arrived.
 */
export const FAULT_KINDS = ["429", "5xx-before", "5xx-after", "reset-before", "reset-after"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Seeded random faults (`POST /_emulator/settings {"chaos": …}`): each API request draws once from a PRNG
 * seeded with `seed` and is faulted with probability `rate`, its kind picked uniformly from `kinds`. The same
 * spec and the same request sequence give the same faults. Setting a spec (even the same one) restarts the
 * sequence; `null` or `reset()` switches chaos off. Pending `failNext` faults take precedence.
 */
export interface ChaosSpec {
  /** Any safe integer; used modulo 2^32. */
  seed: number;
  /** Probability in [0, 1] that a request is faulted. */
  rate: number;
  /** Default: every kind in FAULT_KINDS. */
  kinds?: FaultKind[];
}

/** The chaos mode in force: the spec with defaults filled, and how many requests have drawn so far. */
export interface ChaosReport extends Required<ChaosSpec> {
  draws: number;
}

export interface SettingsReport {
  settings: EmulatorSettings;
  pendingFaults: PendingFault[];
  chaos: ChaosReport | null;
}

export interface RequestLogEntry {
  method: string;
  /** `"POST /orgs/:org_id/assistants"`-style template, or UNMATCHED_ROUTE. */
  route: string;
  path: string;
  /** HTTP status answered; 0 when the connection was dropped on purpose. */
  status: number;
  /** ISO timestamp from the emulator clock. */
  at: string;
  /** Set when an injected fault decided the outcome. */
  injected?: boolean;
  /** Set when the chaos mode injected that fault: its kind. */
  fault?: FaultKind;
}

export interface RequestsReport {
  counts: Record<string, number>;
  log: RequestLogEntry[];
  /** Faults injected by the chaos mode, by kind (every kind present; `failNext` faults are not counted). */
  faults: Record<FaultKind, number>;
}

export interface EmulatorState {
  orgs: OrgRecord[];
  keys: KeyRecord[];
  /** Every assistant, soft-deleted ones included, with real secrets. */
  assistants: StoredAssistant[];
  /** Every connection with its real (unmasked) config. */
  connections: StoredConnection[];
  /** Every action (assistant tool), real config; also embedded in its assistant's `actions`. */
  actions: StoredAction[];
  /** Every channel (assistant integration), real config; also embedded in its assistant's `integrations`. */
  channels: StoredChannel[];
  /** Every knowledge content, with the emulator's `processing` timeline (null once settled). */
  knowledgeContents: StoredKnowledgeContent[];
  /** Every content ↔ assistant link. */
  knowledgeLinks: StoredKnowledgeLink[];
  /** Every chat (with its `state`). */
  chats: StoredChat[];
  /** Every message of every chat, replies still being written included (`pending`). */
  chatMessages: StoredChatMessage[];
  /** Every sub-organization (`org_id` is its parent), with its billing. */
  subOrgs: StoredSubOrg[];
  /** Every segment of contacts. */
  segments: StoredSegment[];
  /** Every board (control surface only: the API has no board endpoint). */
  boards: StoredBoard[];
  /** Every contact, with the flags the API does not show. */
  contacts: StoredContact[];
  settings: EmulatorSettings;
}

/** `finishKnowledgeProcessing` options: which contents, and whether they fail. */
export interface FinishKnowledgeSpec {
  /** Only this org's contents (a real org id). */
  orgId?: string;
  /** Only this content (404 when there is none). */
  id?: string;
  /** End FAILED with this `error` instead of the planned outcome. */
  error?: string;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`emulator control ${what} failed: ${status} ${body}`);
    this.name = "EmulatorControlError";
  }
}

const WRITE_METHODS = new Set(["POST", "PATCH", "DELETE", "PUT"]);

export class EmulatorControl {
  /** `baseUrl` is the emulator's root, e.g. `http://127.0.0.1:4010`. */
  constructor(readonly baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new EmulatorControlError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  state(): Promise<EmulatorState> {
    return this.call("GET", "/state");
  }

  async assistants(orgId?: string): Promise<StoredAssistant[]> {
    const { assistants } = await this.state();
    return orgId === undefined ? assistants : assistants.filter((a) => a.org_id === orgId);
  }

  async connections(orgId?: string): Promise<StoredConnection[]> {
    const { connections } = await this.state();
    return orgId === undefined ? connections : connections.filter((c) => c.org_id === orgId);
  }

  requests(): Promise<RequestsReport> {
    return this.call("GET", "/requests");
  }

  async requestCounts(): Promise<Record<string, number>> {
    return (await this.requests()).counts;
  }

  /** Requests so far for one route template, e.g. `count("POST /orgs/:org_id/assistants")`. */
  async count(route: ApiRoute | string): Promise<number> {
    return (await this.requestCounts())[route] ?? 0;
  }

  async requestLog(): Promise<RequestLogEntry[]> {
    return (await this.requests()).log;
  }

  /** Clears request counts, the log and fault counts (not objects, settings or chaos). */
  async resetRequests(): Promise<void> {
    await this.call("POST", "/requests/reset");
  }

  /** Number of API write requests (POST/PATCH/DELETE) since the last reset, whatever their status. */
  async writes(): Promise<number> {
    const counts = await this.requestCounts();
    return Object.entries(counts)
      .filter(([key]) => WRITE_METHODS.has(key.split(" ")[0]))
      .reduce((sum, [, n]) => sum + n, 0);
  }

  /** Out-of-band edit (drift): deep-merges `patch` into the stored assistant and bumps `updated_at`. */
  editAssistant(orgId: string, id: string, patch: Record<string, unknown>): Promise<StoredAssistant> {
    return this.call("PATCH", `/orgs/${enc(orgId)}/assistants/${enc(id)}`, patch);
  }

  /** Out-of-band hard delete: the API answers 404 afterwards. */
  async deleteAssistant(orgId: string, id: string): Promise<void> {
    await this.call("DELETE", `/orgs/${enc(orgId)}/assistants/${enc(id)}`);
  }

  /** Creates an assistant as if made in the dashboard: no validation, no rate limit, not counted. */
  seedAssistant(orgId: string, partial: Record<string, unknown> = {}): Promise<StoredAssistant> {
    return this.call("POST", `/orgs/${enc(orgId)}/assistants`, partial);
  }

  editConnection(orgId: string, id: string, patch: Record<string, unknown>): Promise<StoredConnection> {
    return this.call("PATCH", `/orgs/${enc(orgId)}/connections/${enc(id)}`, patch);
  }

  async deleteConnection(orgId: string, id: string): Promise<void> {
    await this.call("DELETE", `/orgs/${enc(orgId)}/connections/${enc(id)}`);
  }

  /** Creates a connection of any type and status (e.g. a browser-consent GMAIL one to adopt). */
  seedConnection(orgId: string, partial: Record<string, unknown> = {}): Promise<StoredConnection> {
    return this.call("POST", `/orgs/${enc(orgId)}/connections`, partial);
  }

  // --- any kind, by its key (`state()` field and control path): assistants, connections, actions, channels,
  // knowledgeContents, knowledgeLinks. Objects are as stored: real secrets, `org_id`.

  /** Objects of a kind as stored, optionally of one org. */
  async objects<K extends KindKey>(kind: K, orgId?: string): Promise<KindObjects[K][]> {
    const all = (await this.state())[kind] as KindObjects[K][];
    return orgId === undefined ? all : all.filter((o) => o.org_id === orgId);
  }

  /**
   * Creates an object as if made in the dashboard: no validation, no rate limit, not counted. Child kinds
   * need their parent in `partial` (`assistant_id`; links also `content_id`); the rest deep-merges over
   * defaults (knowledge contents are seeded PROCESSED unless `status` is given).
   */
  seed<K extends KindKey>(
    kind: K,
    orgId: string,
    partial: Record<string, unknown> = {},
  ): Promise<KindObjects[K]> {
    return this.call("POST", `/orgs/${enc(orgId)}/${kind}`, partial);
  }

  /** Out-of-band edit (drift): deep-merges `patch` into the stored object and bumps `updated_at`. */
  edit<K extends KindKey>(
    kind: K,
    orgId: string,
    id: string,
    patch: Record<string, unknown>,
  ): Promise<KindObjects[K]> {
    return this.call("PATCH", `/orgs/${enc(orgId)}/${kind}/${enc(id)}`, patch);
  }

  /** Out-of-band hard delete, children included (an assistant's actions, channels, links). */
  async remove(kind: KindKey, orgId: string, id: string): Promise<void> {
    await this.call("DELETE", `/orgs/${enc(orgId)}/${kind}/${enc(id)}`);
  }

  async actions(orgId?: string): Promise<StoredAction[]> {
    return this.objects("actions", orgId);
  }

  /** Needs `assistant_id`; default a `TOOLS:WEB_SEARCH` action appended after the others. */
  seedAction(orgId: string, partial: Record<string, unknown>): Promise<StoredAction> {
    return this.seed("actions", orgId, partial);
  }

  editAction(orgId: string, id: string, patch: Record<string, unknown>): Promise<StoredAction> {
    return this.edit("actions", orgId, id, patch);
  }

  async deleteAction(orgId: string, id: string): Promise<void> {
    await this.remove("actions", orgId, id);
  }

  async channels(orgId?: string): Promise<StoredChannel[]> {
    return this.objects("channels", orgId);
  }

  /** Needs `assistant_id`; default an enabled `internal` (web widget) channel. */
  seedChannel(orgId: string, partial: Record<string, unknown>): Promise<StoredChannel> {
    return this.seed("channels", orgId, partial);
  }

  editChannel(orgId: string, id: string, patch: Record<string, unknown>): Promise<StoredChannel> {
    return this.edit("channels", orgId, id, patch);
  }

  async deleteChannel(orgId: string, id: string): Promise<void> {
    await this.remove("channels", orgId, id);
  }

  async knowledgeContents(orgId?: string): Promise<StoredKnowledgeContent[]> {
    return this.objects("knowledgeContents", orgId);
  }

  seedKnowledgeContent(
    orgId: string,
    partial: Record<string, unknown> = {},
  ): Promise<StoredKnowledgeContent> {
    return this.seed("knowledgeContents", orgId, partial);
  }

  editKnowledgeContent(
    orgId: string,
    id: string,
    patch: Record<string, unknown>,
  ): Promise<StoredKnowledgeContent> {
    return this.edit("knowledgeContents", orgId, id, patch);
  }

  async deleteKnowledgeContent(orgId: string, id: string): Promise<void> {
    await this.remove("knowledgeContents", orgId, id);
  }

  async knowledgeLinks(orgId?: string): Promise<StoredKnowledgeLink[]> {
    return this.objects("knowledgeLinks", orgId);
  }

  /** Links a content to an assistant out of band. */
  linkKnowledge(orgId: string, assistantId: string, contentId: string): Promise<StoredKnowledgeLink> {
    return this.seed("knowledgeLinks", orgId, { assistant_id: assistantId, content_id: contentId });
  }

  /** Removes a link out of band (by the link's own id, see `knowledgeLinks()`). */
  async deleteKnowledgeLink(orgId: string, id: string): Promise<void> {
    await this.remove("knowledgeLinks", orgId, id);
  }

  /**
   * Ends knowledge processing now (PROCESSED, or FAILED as planned or as `error` says) for every content
   * still processing, or those `spec` names. Returns the contents it finished.
   */
  finishKnowledgeProcessing(spec: FinishKnowledgeSpec = {}): Promise<StoredKnowledgeContent[]> {
    return this.call("POST", "/knowledge/finish", spec);
  }

  /** The next `count` knowledge contents created through the API end FAILED, with `reason` as their `error`. */
  async failNextKnowledge(count = 1, reason = KNOWLEDGE_DEFAULT_FAILURE_REASON): Promise<void> {
    await this.settings({ knowledgeFailNext: count, knowledgeFailReason: reason });
  }

  /** Chats as stored, optionally of one org. */
  async chats(orgId?: string): Promise<StoredChat[]> {
    return this.objects("chats", orgId);
  }

  /** Messages as stored, optionally of one chat, in creation order. */
  async chatMessages(chatId?: string): Promise<StoredChatMessage[]> {
    const all = await this.objects("chatMessages");
    return chatId === undefined ? all : all.filter((m) => m.chat_id === chatId);
  }

  /** Changes run-time settings (only the given keys) and returns them all. */
  async settings(partial: Partial<EmulatorSettings> = {}): Promise<EmulatorSettings> {
    const report = await this.call<SettingsReport>("POST", "/settings", partial);
    return report.settings;
  }

  async pendingFaults(): Promise<PendingFault[]> {
    return (await this.call<SettingsReport>("GET", "/settings")).pendingFaults;
  }

  async failNext(spec: FaultSpec): Promise<void> {
    await this.call("POST", "/settings", { failNext: spec });
  }

  async clearFaults(): Promise<void> {
    await this.call("POST", "/settings", { clearFaults: true });
  }

  /** Switches the seeded fault mode on (restarting its sequence) or, with `null`, off. */
  async chaos(spec: ChaosSpec | null): Promise<ChaosReport | null> {
    return (await this.call<SettingsReport>("POST", "/settings", { chaos: spec })).chaos;
  }

  /** Faults injected by the chaos mode since the last request or full reset, by kind. */
  async faultCounts(): Promise<Record<FaultKind, number>> {
    return (await this.requests()).faults;
  }

  /** Wipes objects, request and fault counts, limiter windows, pending faults, chaos; restores settings. */
  async reset(): Promise<void> {
    await this.call("POST", "/reset");
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
