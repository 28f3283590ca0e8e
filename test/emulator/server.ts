/**
 * A stateful emulator of the Invent HTTP API (see /work/shared/invent-api.md) on node:http, for tests
 * and demos: routing, auth and org scoping, rate limits, fault injection (one-off `failNext` faults and the
 * seeded random "chaos" mode of chaos.ts), request accounting, and the control surface under `/_emulator/`.
 * What each kind of object is (routes, validation, rendering, cascades) is one descriptor in kinds.ts, served
 * by the generic engine.ts; state lives in store.ts; every behaviour the docs do not state is a named
 * constant in assumptions.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CHAT_REPLY_DEFAULT_FAILURE,
  DEFAULT_CHAT_AGENTS_ONLINE,
  DEFAULT_CHAT_MESSAGES_ORDER,
  DEFAULT_CHAT_REPLY_LATENCY_MS,
  DEFAULT_CHAT_REPLY_MODE,
  DEFAULT_CHAT_TOOL_CALL_STYLE,
  DEFAULT_ACTION_POSITIONS,
  DEFAULT_BOARDS_SHAPE,
  DEFAULT_CONTACT_GET_BY_ID,
  DEFAULT_ASSISTANT_CREATES_PER_HOUR,
  DEFAULT_CREATE_STATUS,
  DEFAULT_CREDENTIALS_IN_RESPONSES,
  DEFAULT_DELETE_ANSWER,
  DEFAULT_KNOWLEDGE_TEXT_AT,
  DEFAULT_LINK_LISTING,
  DEFAULT_LIST_ENVELOPE,
  DEFAULT_LIST_INCLUDES_DELETED,
  DEFAULT_PAGE_SIZE_CAP,
  DEFAULT_PAGINATION_HEADERS,
  CONFIG_PATCH_SEMANTICS,
  DEFAULT_CHANNEL_GET_BY_ID,
  DEFAULT_ERROR_BODY,
  DEFAULT_EXTRA_RESPONSE_FIELDS,
  DEFAULT_KNOWLEDGE_PROCESSING_MS,
  DEFAULT_LIST_ITEMS_WHOLE,
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_RETRY_AFTER_SECONDS,
  DEFAULT_SEGMENT_GET_BY_ID,
  DEFAULT_SOFT_DELETE,
  DEFAULT_SUB_ORG_BILLING_IN_SUMMARY,
  DEFAULT_SUB_ORG_GET_BY_ID,
  DEFAULT_TAKE,
  DEFAULT_UPDATE_ANSWER,
  INJECTED_RETRY_AFTER_SECONDS,
  KNOWLEDGE_DEFAULT_FAILURE_REASON,
  MAX_BODY_BYTES,
  ORG_ACCESS_DENIED_STATUS,
  ORG_ROUTES,
  RATE_LIMIT_MESSAGE,
  REQUEST_WINDOW_MS,
  WRONG_METHOD_STATUS,
} from "./assumptions";
import { parseChaos, zeroFaultCounts, type Chaos, type InjectedFault } from "./chaos";
import {
  API_ROUTES,
  EmulatorControl,
  SETTING_RULES,
  UNMATCHED_ROUTE,
  type EmulatorSettings,
  type EmulatorState,
  type FaultKind,
  type FinishKnowledgeSpec,
  type PendingFault,
  type RequestLogEntry,
  type RequestsReport,
  type SettingsReport,
} from "./control";
import { errorBody, HttpError, type Reply, type RouteEntry } from "./descriptor";
import { KindEngine, retryAfterHeader, secondsToWait, SlidingWindowLimiter } from "./engine";
import { isKindKey, kindOf, ROUTE_ENTRIES } from "./kinds";
import { Store, isPlainObject, type KeyRecord, type OrgRecord } from "./store";

// ---------------------------------------------------------------------------------------------------------
// Default fixtures: an agency org with one sub-org, and an unrelated org; one key for each.
// ---------------------------------------------------------------------------------------------------------

export const AGENCY_ORG_ID = "org_83WaHwFGg6CbtZp0JgsveI";
export const SUB_ORG_ID = "org_xJGTyKKtjCdyKlFnLdA9Td";
export const OTHER_ORG_ID = "org_aW3uNKqcoxoVRZLk8BXJ32";

/** Test keys: shaped like real ones, deliberately without a live-key prefix. */
export const AGENCY_KEY = "inv_test_f5U3Cljj6HoplSOGcyusC3XZcxABrsa9Zhuoz0BA";
export const SUB_ORG_KEY = "inv_test_JzlnACBE56d8m84osRrxl6qHDaziE8QKJaDRrb0a";
export const OTHER_ORG_KEY = "inv_test_feQiGhREaHMa1FGHcjnYmEvUHkKUk0OfurbIYfrv";

export const DEFAULT_ORGS: readonly { id: string; name: string; parentId?: string }[] = [
  { id: AGENCY_ORG_ID, name: "Emulated Agency" },
  { id: SUB_ORG_ID, name: "Emulated Agency Client", parentId: AGENCY_ORG_ID },
  { id: OTHER_ORG_ID, name: "Unrelated Org" },
];

export const DEFAULT_KEYS: readonly { key: string; orgId: string }[] = [
  { key: AGENCY_KEY, orgId: AGENCY_ORG_ID },
  { key: SUB_ORG_KEY, orgId: SUB_ORG_ID },
  { key: OTHER_ORG_KEY, orgId: OTHER_ORG_ID },
];

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/**
 * Where the emulator listens, who exists in it, its clock, and the settings it starts with (each a run-time
 * switch too, see {@link EmulatorSettings}; every one left out takes its default from assumptions.ts).
 */
export interface EmulatorOptions extends Partial<
  Omit<EmulatorSettings, "knowledgeFailNext" | "knowledgeFailReason">
> {
  host?: string; // default "127.0.0.1"
  port?: number; // default 0 (random)
  orgs?: { id: string; name?: string; parentId?: string }[]; // default DEFAULT_ORGS
  keys?: { key: string; orgId: string }[]; // default DEFAULT_KEYS when `orgs` is default, else []
  clock?: () => number; // ms since epoch, for rate-limit windows, timestamps and the `Date` header
}

/** The settings a new emulator starts with (and `reset()` returns to unless its options said otherwise). */
export const DEFAULT_SETTINGS: Readonly<EmulatorSettings> = {
  softDelete: DEFAULT_SOFT_DELETE,
  requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE,
  assistantCreatesPerHour: DEFAULT_ASSISTANT_CREATES_PER_HOUR,
  defaultTake: DEFAULT_TAKE,
  retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
  extraResponseFields: DEFAULT_EXTRA_RESPONSE_FIELDS,
  channelGetById: DEFAULT_CHANNEL_GET_BY_ID,
  knowledgeProcessingMs: DEFAULT_KNOWLEDGE_PROCESSING_MS,
  knowledgeFailNext: 0,
  knowledgeFailReason: KNOWLEDGE_DEFAULT_FAILURE_REASON,
  errorBody: DEFAULT_ERROR_BODY,
  listItemsWhole: DEFAULT_LIST_ITEMS_WHOLE,
  patchSemantics: CONFIG_PATCH_SEMANTICS,
  knowledgeTextAt: DEFAULT_KNOWLEDGE_TEXT_AT,
  paginationHeaders: DEFAULT_PAGINATION_HEADERS,
  pageSizeCap: DEFAULT_PAGE_SIZE_CAP,
  listEnvelope: DEFAULT_LIST_ENVELOPE,
  listIncludesDeleted: DEFAULT_LIST_INCLUDES_DELETED,
  deleteAnswer: DEFAULT_DELETE_ANSWER,
  createStatus: DEFAULT_CREATE_STATUS,
  credentialsInResponses: DEFAULT_CREDENTIALS_IN_RESPONSES,
  linkListing: DEFAULT_LINK_LISTING,
  actionPositions: DEFAULT_ACTION_POSITIONS,
  updateAnswer: DEFAULT_UPDATE_ANSWER,
  createAnswer: "object",
  chatReplyLatencyMs: DEFAULT_CHAT_REPLY_LATENCY_MS,
  chatReplyMode: DEFAULT_CHAT_REPLY_MODE,
  chatReplyFailNext: 0,
  chatReplyFailReason: CHAT_REPLY_DEFAULT_FAILURE,
  chatReplyStallNext: 0,
  chatMessagesOrder: DEFAULT_CHAT_MESSAGES_ORDER,
  chatToolCallStyle: DEFAULT_CHAT_TOOL_CALL_STYLE,
  chatAgentsOnline: DEFAULT_CHAT_AGENTS_ONLINE,
  subOrgGetById: DEFAULT_SUB_ORG_GET_BY_ID,
  subOrgBillingInSummary: DEFAULT_SUB_ORG_BILLING_IN_SUMMARY,
  segmentGetById: DEFAULT_SEGMENT_GET_BY_ID,
  ignoredBodyFields: [],
  freeFormKeys: "as-sent",
  boardsShape: DEFAULT_BOARDS_SHAPE,
  contactGetById: DEFAULT_CONTACT_GET_BY_ID,
};

export interface RunningEmulator {
  url: string;
  port: number;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(opts);
  const server = createServer((req, res) => emulator.handle(req, res));
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${clientHost(host)}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    control: new EmulatorControl(url),
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (fetch pools them) would otherwise hold the process open.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** The address a client on this machine should dial for a listen host. */
function clientHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

// ---------------------------------------------------------------------------------------------------------
// Plumbing
// ---------------------------------------------------------------------------------------------------------

/** Request log entries kept (oldest dropped first). */
const MAX_LOG_ENTRIES = 10_000;

function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // malformed percent-encoding
  }
}

interface RouteDef {
  entry: RouteEntry;
  segments: string[];
  /** Literal (non-parameter) segments: the more, the more specific (`…/actions/reorder` beats `…/actions/:id`). */
  literals: number;
}

const ROUTE_DEFS: RouteDef[] = ROUTE_ENTRIES.map((entry) => {
  const segments = entry.route.split(" ")[1].split("/").filter(Boolean);
  return { entry, segments, literals: segments.filter((part) => !part.startsWith(":")).length };
});

type RouteMatch =
  | { kind: "route"; def: RouteDef; params: Record<string, string> }
  | { kind: "wrong-method" }
  | { kind: "none" };

function matchRoute(method: string, segments: string[] | undefined): RouteMatch {
  if (!segments) return { kind: "none" };
  let pathMatched = false;
  let best: { def: RouteDef; params: Record<string, string> } | undefined;
  for (const def of ROUTE_DEFS) {
    if (def.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = def.segments.every((part, i) => {
      if (part.startsWith(":")) params[part.slice(1)] = segments[i];
      return part.startsWith(":") || part === segments[i];
    });
    if (!ok) continue;
    pathMatched = true;
    if (def.entry.method === method && (!best || def.literals > best.def.literals)) best = { def, params };
  }
  if (best) return { kind: "route", ...best };
  return pathMatched ? { kind: "wrong-method" } : { kind: "none" };
}

interface OrgRouteMatch {
  route: (typeof ORG_ROUTES)[number];
  orgId: string;
}

/** The org route, which is no kind of object: `GET /orgs/:org_id` (its sub-orgs are the `subOrgs` kind). */
function matchOrgRoute(method: string, segments: string[] | undefined): OrgRouteMatch | undefined {
  if (method !== "GET" || !segments || segments[0] !== "orgs" || !segments[1]) return undefined;
  if (segments.length === 2) return { route: ORG_ROUTES[0], orgId: segments[1] };
  return undefined;
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(raw: Buffer | "too-large"): unknown {
  if (raw === "too-large") throw new HttpError(413, "request entity too large");
  const text = raw.toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    // NestJS answers a body-parser failure with a plain string message, not an array.
    throw new HttpError(400, (err as Error).message);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------------------------------------

class Emulator {
  private readonly clock: () => number;
  private readonly store: Store;
  private readonly initialSettings: EmulatorSettings;
  /** The orgs the emulator started with: `reset()` returns to them (sub-orgs made through the API go). */
  private readonly initialOrgs: OrgRecord[];
  private settings: EmulatorSettings;
  private readonly engine: KindEngine;
  private readonly ipLimiter = new SlidingWindowLimiter(REQUEST_WINDOW_MS);
  private faults: PendingFault[] = [];
  private chaos: Chaos | null = null;
  private faultCounts = zeroFaultCounts();
  private counts: Record<string, number> = {};
  private log: RequestLogEntry[] = [];

  constructor(opts: EmulatorOptions) {
    this.clock = opts.clock ?? Date.now;
    const orgs: OrgRecord[] = (opts.orgs ?? DEFAULT_ORGS).map((o) => ({
      id: o.id,
      name: o.name ?? o.id,
      parentId: o.parentId ?? null,
    }));
    const keys: KeyRecord[] = (opts.keys ?? (opts.orgs ? [] : DEFAULT_KEYS)).map((k) => ({ ...k }));
    const orgIds = new Set(orgs.map((o) => o.id));
    for (const o of orgs)
      if (o.parentId !== null && !orgIds.has(o.parentId))
        throw new Error(`emulator: org ${o.id} has unknown parentId ${o.parentId}`);
    for (const k of keys)
      if (!orgIds.has(k.orgId)) throw new Error(`emulator: key for unknown org ${k.orgId}`);
    this.store = new Store(this.clock, orgs, keys);
    this.initialOrgs = structuredClone(orgs);
    const given = Object.fromEntries(
      Object.keys(DEFAULT_SETTINGS)
        .filter((k) => opts[k as keyof EmulatorOptions] !== undefined)
        .map((k) => [k, opts[k as keyof EmulatorOptions]]),
    );
    this.initialSettings = { ...DEFAULT_SETTINGS, ...given };
    const problems = Object.entries(given).flatMap(
      ([k, v]) => settingProblem(k as keyof EmulatorSettings, v) ?? [],
    );
    if (problems.length) throw new Error(`emulator options: ${problems.join("; ")}`);
    this.settings = { ...this.initialSettings };
    this.engine = new KindEngine(this.store, () => this.settings);
    this.engine.seedOrgs(orgs);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    readBody(req)
      .then((raw) => {
        const url = new URL(req.url ?? "/", "http://emulator");
        if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/"))
          this.handleControl(req, res, url, raw);
        else this.handleApi(req, res, url, raw);
      })
      .catch((err: unknown) => {
        if (!res.headersSent) this.send(res, { status: 500, body: errorBody(500, String(err)) });
      });
  }

  // --- API -----------------------------------------------------------------------------------------------

  private handleApi(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer | "too-large"): void {
    const method = req.method ?? "GET";
    const match = matchRoute(method, splitPath(url.pathname));
    const orgRoute = match.kind === "none" ? matchOrgRoute(method, splitPath(url.pathname)) : undefined;
    const routeKey =
      match.kind === "route" ? match.def.entry.route : (orgRoute?.route ?? `${method} ${UNMATCHED_ROUTE}`);
    const now = this.clock();
    // Drawn first, for every API request whatever becomes of it, so request n's fate depends only on n.
    const chaosFault = this.chaos?.draw();
    const finish = (reply: Reply): void => {
      this.record(method, routeKey, url.pathname, reply.status);
      const styled = this.styleError(reply);
      // A blocking answer (a synchronous chat reply) is sent when its work would be done.
      if (reply.delayMs) setTimeout(() => this.send(res, styled), reply.delayMs);
      else this.send(res, styled);
    };

    // Per-IP limit first: the real limit sits in front of everything, including bad keys and 404s.
    const ip = req.socket.remoteAddress ?? "unknown";
    const waitMs = this.ipLimiter.waitMs(ip, this.settings.requestsPerMinute, now);
    if (waitMs > 0) {
      const headers = retryAfterHeader(this.settings.retryAfterSeconds, secondsToWait(waitMs));
      return finish(new HttpError(429, RATE_LIMIT_MESSAGE, headers).toReply());
    }
    this.ipLimiter.record(ip, now);

    // A pending failNext fault was asked for explicitly, so it wins over a random one.
    const fault: InjectedFault | undefined = this.takeFault(routeKey) ?? chaosFault;
    if (fault && !fault.afterCommit) return this.inject(fault, res, method, routeKey, url.pathname);

    let reply: Reply;
    try {
      reply = orgRoute ? this.runOrgRoute(req, orgRoute) : this.runApi(req, method, match, url, raw);
    } catch (err) {
      // An emulator bug still answers (and is logged) as a 500 instead of hanging the client.
      reply = err instanceof HttpError ? err.toReply() : { status: 500, body: errorBody(500, String(err)) };
    }
    // afterCommit: the change above is committed, the client just never learns it.
    if (fault) return this.inject(fault, res, method, routeKey, url.pathname);
    finish(reply);
  }

  private runApi(
    req: IncomingMessage,
    method: string,
    match: RouteMatch,
    url: URL,
    raw: Buffer | "too-large",
  ): Reply {
    if (match.kind === "none") throw new HttpError(404, `Cannot ${method} ${url.pathname}`);
    if (match.kind === "wrong-method")
      throw new HttpError(WRONG_METHOD_STATUS, `Cannot ${method} ${url.pathname}`);
    // A gated-off op (e.g. channel GET by id) is absent from the API: answered like an unknown route.
    if (this.engine.isGatedOff(match.def.entry)) throw new HttpError(404, `Cannot ${method} ${url.pathname}`);
    const key = this.authenticate(req);
    const org =
      match.params.org_id === undefined
        ? this.orgOfObject(key, match.def.entry, match.params)
        : this.resolveOrg(key, match.params.org_id);
    return this.engine.serve(match.def.entry, {
      orgId: org.id,
      params: match.params,
      query: url.searchParams,
      body: () => parseJson(raw),
    });
  }

  /** `GET /orgs/:org_id`: the org, as `{id, name, parent_id}`. */
  private runOrgRoute(req: IncomingMessage, match: OrgRouteMatch): Reply {
    const org = this.resolveOrg(this.authenticate(req), match.orgId);
    return { status: 200, body: { id: org.id, name: org.name, parent_id: org.parentId } };
  }

  /** An API error answer in the configured style (see `ERROR_BODY_STYLES`). */
  private styleError(reply: Reply): Reply {
    const style = this.settings.errorBody;
    if (reply.status < 400 || style === "nest") return reply;
    const body = reply.body as { message?: unknown; error?: unknown } | undefined;
    const messages = Array.isArray(body?.message)
      ? body.message.map(String)
      : [String(body?.message ?? "Error")];
    const name = typeof body?.error === "string" ? body.error : "Error";
    switch (style) {
      case "plain":
        return {
          ...reply,
          body: messages.join("; "),
          headers: { ...reply.headers, "content-type": "text/plain; charset=utf-8" },
        };
      case "nested":
        return { ...reply, body: { error: { status: reply.status, message: messages.join("; ") } } };
      case "errors":
        return { ...reply, body: { errors: messages.map((message) => ({ message })) } };
      case "problem":
        return {
          ...reply,
          body: { type: "about:blank", title: name, status: reply.status, detail: messages.join("; ") },
          headers: { ...reply.headers, "content-type": "application/problem+json" },
        };
    }
  }

  private authenticate(req: IncomingMessage): KeyRecord {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    const key = m ? this.store.keys.get(m[1]) : undefined;
    if (!key) throw new HttpError(401, "Unauthorized");
    return key;
  }

  /**
   * The org of a route outside `/orgs/:org_id` (`/chats/:id`): the org of the object it names, when the key
   * may reach it (its own org or a sub-org of it [A]); otherwise 404 like a missing object.
   */
  private orgOfObject(key: KeyRecord, entry: RouteEntry, params: Record<string, string>): OrgRecord {
    const { orgless, label } = entry.kind;
    if (!orgless) throw new Error(`emulator: route ${entry.route} has no org`);
    const obj = this.store.map(orgless.kind).get(params[orgless.param]);
    const org = obj && this.store.orgs.get(obj.org_id);
    const own = this.store.orgs.get(key.orgId);
    if (!org || !own || (org.id !== own.id && org.parentId !== own.id))
      throw new HttpError(
        404,
        `${orgless.kind === entry.kind.key ? label : kindOf(orgless.kind).label} not found`,
      );
    return org;
  }

  /** `c` is the key's own org; a parent org's key reaches its sub-orgs by id; nothing else [D]. */
  private resolveOrg(key: KeyRecord, orgParam: string): OrgRecord {
    const own = this.store.orgs.get(key.orgId);
    if (!own) throw new HttpError(401, "Unauthorized");
    if (orgParam === "c") return own;
    const org = this.store.orgs.get(orgParam);
    if (!org) throw new HttpError(404, "Organization not found");
    if (org.id === own.id || org.parentId === own.id) return org;
    throw new HttpError(
      ORG_ACCESS_DENIED_STATUS,
      ORG_ACCESS_DENIED_STATUS === 404 ? "Organization not found" : "Forbidden resource",
    );
  }

  // --- fault injection and accounting ---------------------------------------------------------------------

  private takeFault(routeKey: string): PendingFault | undefined {
    const fault = this.faults.find((f) => f.count > 0 && (f.route === null || f.route === routeKey));
    if (!fault) return undefined;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.count -= 1;
    this.faults = this.faults.filter((f) => f.count > 0);
    return { ...fault };
  }

  private inject(
    fault: InjectedFault,
    res: ServerResponse,
    method: string,
    routeKey: string,
    path: string,
  ): void {
    if (fault.kind) this.faultCounts[fault.kind] += 1;
    if (fault.dropConnection) {
      this.record(method, routeKey, path, 0, { kind: fault.kind });
      res.socket?.destroy();
      return;
    }
    const headers =
      fault.status === 429
        ? retryAfterHeader(this.settings.retryAfterSeconds, fault.retryAfter ?? INJECTED_RETRY_AFTER_SECONDS)
        : {};
    this.record(method, routeKey, path, fault.status, { kind: fault.kind });
    this.send(
      res,
      this.styleError({ status: fault.status, body: errorBody(fault.status, "Injected fault"), headers }),
    );
  }

  /** `injected` is set when a fault decided the outcome; its `kind` when that fault came from chaos. */
  private record(
    method: string,
    route: string,
    path: string,
    status: number,
    injected?: { kind?: FaultKind },
  ): void {
    this.counts[route] = (this.counts[route] ?? 0) + 1;
    const entry: RequestLogEntry = { method, route, path, status, at: new Date(this.clock()).toISOString() };
    if (injected) entry.injected = true;
    if (injected?.kind) entry.fault = injected.kind;
    this.log.push(entry);
    // Bounded so a long-running standalone emulator does not grow without limit; counts stay exact.
    if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
  }

  // --- control surface -----------------------------------------------------------------------------------

  private handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    raw: Buffer | "too-large",
  ): void {
    if (!isLoopback(req.socket.remoteAddress)) {
      this.send(res, { status: 403, body: errorBody(403, "The emulator control surface is loopback only") });
      return;
    }
    try {
      // Time-driven changes (knowledge processing) are due before anything is read or changed.
      this.engine.tick();
      this.send(res, this.runControl(req.method ?? "GET", splitPath(url.pathname)?.slice(1) ?? [], raw));
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      this.send(res, err.toReply());
    }
  }

  private runControl(method: string, parts: string[], raw: Buffer | "too-large"): Reply {
    const route = `${method} ${parts.join("/")}`;
    const ok = (body: unknown): Reply => ({ status: 200, body });
    switch (route) {
      case "GET state":
        return ok(this.snapshot());
      case "GET requests":
        return ok(this.requestsReport());
      case "POST requests/reset":
        this.counts = {};
        this.log = [];
        this.faultCounts = zeroFaultCounts();
        return ok(this.requestsReport());
      case "GET settings":
        return ok(this.settingsReport());
      case "POST settings":
        this.applySettings(parseJson(raw));
        return ok(this.settingsReport());
      case "POST reset":
        this.store.clearObjects();
        this.store.orgs.clear();
        for (const org of structuredClone(this.initialOrgs)) this.store.orgs.set(org.id, org);
        this.engine.seedOrgs(this.initialOrgs);
        this.counts = {};
        this.log = [];
        this.ipLimiter.clear();
        this.engine.clearLimiters();
        this.faults = [];
        this.chaos = null;
        this.faultCounts = zeroFaultCounts();
        this.settings = { ...this.initialSettings };
        return ok(this.snapshot());
      case "POST knowledge/finish":
        return ok(this.engine.finishProcessing(parseFinish(parseJson(raw))));
    }

    // orgs/:org/<kind>[/:id], <kind> one of the descriptor keys (assistants, connections, actions, …)
    const [orgsWord, orgId, kind, id, ...rest] = parts;
    if (orgsWord === "orgs" && orgId && isKindKey(kind) && !rest.length) {
      if (!this.store.orgs.has(orgId)) throw new HttpError(404, `Unknown org ${orgId}`);
      const patch = (): Record<string, unknown> => {
        const body = parseJson(raw);
        if (!isPlainObject(body)) throw new HttpError(400, ["body must be an object"]);
        if ("id" in body || "org_id" in body) throw new HttpError(400, ["id and org_id cannot be changed"]);
        return body;
      };
      if (id === undefined && method === "POST") return ok(this.engine.seed(kind, orgId, patch()));
      if (method === "GET") return ok(this.engine.stored(kind, orgId, id));
      // Looked up first: an unknown object is a 404 whatever the body.
      if (id !== undefined && method === "PATCH" && this.engine.stored(kind, orgId, id))
        return ok(this.engine.edit(kind, orgId, id, patch()));
      if (id !== undefined && method === "DELETE") return ok(this.engine.remove(kind, orgId, id));
    }
    throw new HttpError(404, `Unknown control endpoint ${method} /_emulator/${parts.join("/")}`);
  }

  private snapshot(): EmulatorState {
    return structuredClone({
      orgs: [...this.store.orgs.values()],
      keys: [...this.store.keys.values()],
      ...this.engine.snapshot(),
      settings: this.settings,
    }) as EmulatorState;
  }

  private settingsReport(): SettingsReport {
    return {
      settings: { ...this.settings },
      pendingFaults: structuredClone(this.faults),
      chaos: this.chaos?.report() ?? null,
    };
  }

  private requestsReport(): RequestsReport {
    return { counts: this.counts, log: this.log, faults: this.faultCounts };
  }

  /**
   * Every answer carries `Date` from the emulator clock (node:http would send the real time), so a client
   * that reads the server's time from it agrees with the timestamps of a fake clock.
   */
  private send(res: ServerResponse, reply: Reply): void {
    send(res, { ...reply, headers: { date: new Date(this.clock()).toUTCString(), ...reply.headers } });
  }

  private applySettings(body: unknown): void {
    if (!isPlainObject(body)) throw new HttpError(400, ["body must be an object"]);
    const errors: string[] = [];
    const next: Record<string, unknown> = { ...this.settings };
    let fault: PendingFault | undefined;
    let clearFaults = false;
    let chaos: Chaos | null | undefined;
    for (const [key, value] of Object.entries(body)) {
      if (key in SETTING_RULES) {
        const problem = settingProblem(key as keyof EmulatorSettings, value);
        if (problem) errors.push(problem);
        else next[key] = value;
        continue;
      }
      switch (key) {
        case "failNext":
          fault = parseFault(value, errors);
          break;
        case "clearFaults":
          clearFaults = value === true;
          break;
        case "chaos":
          chaos = parseChaos(value, errors);
          break;
        default:
          errors.push(`unknown setting ${key}`);
      }
    }
    if (errors.length) throw new HttpError(400, errors);
    this.settings = next as unknown as EmulatorSettings;
    if (clearFaults) this.faults = [];
    if (fault) this.faults.push(fault);
    if ("chaos" in body) this.chaos = chaos ?? null;
  }
}

/** Why a value is not valid for a setting (its rule in `SETTING_RULES`), or undefined when it is. */
function settingProblem(key: keyof EmulatorSettings, value: unknown): string | undefined {
  const rule = SETTING_RULES[key];
  switch (rule.kind) {
    case "boolean":
      return typeof value === "boolean" ? undefined : `${key} must be a boolean`;
    case "integer":
      return Number.isInteger(value) &&
        (value as number) >= rule.min &&
        (rule.max === undefined || (value as number) <= rule.max)
        ? undefined
        : `${key} must be an integer >= ${rule.min}${rule.max === undefined ? "" : ` and <= ${rule.max}`}`;
    case "one of":
      return rule.values.includes(value as string | number)
        ? undefined
        : `${key} must be ${rule.values.map((v) => JSON.stringify(v)).join(" or ")}`;
    case "text":
      return typeof value === "string" && value.length > 0 ? undefined : `${key} must be a non-empty string`;
    case "body fields":
      return Array.isArray(value) &&
        value.every((v) => typeof v === "string" && /^\w+(\.\w+)+$/.test(v) && isKindKey(v.split(".")[0]))
        ? undefined
        : `${key} must be a list of "<kind>.<body path>" such as "assistants.config.instructions"`;
  }
}

function parseFinish(value: unknown): FinishKnowledgeSpec {
  if (!isPlainObject(value)) throw new HttpError(400, ["body must be an object"]);
  const errors: string[] = [];
  for (const [key, item] of Object.entries(value))
    if (!["orgId", "id", "error"].includes(key)) errors.push(`${key} is not a finish option`);
    else if (typeof item !== "string" || item === "") errors.push(`${key} must be a non-empty string`);
  if (errors.length) throw new HttpError(400, errors);
  return value as FinishKnowledgeSpec;
}

function parseFault(value: unknown, errors: string[]): PendingFault | undefined {
  if (!isPlainObject(value)) {
    errors.push("failNext must be an object");
    return undefined;
  }
  const known = new Set(["count", "status", "route", "dropConnection", "afterCommit", "retryAfter", "skip"]);
  for (const key of Object.keys(value))
    if (!known.has(key)) errors.push(`failNext.${key} is not a fault option`);
  const {
    count = 1,
    status = 500,
    route,
    dropConnection = false,
    afterCommit = false,
    retryAfter,
    skip = 0,
  } = value;
  const before = errors.length;
  if (!Number.isInteger(count) || (count as number) < 1)
    errors.push("failNext.count must be an integer >= 1");
  if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)
    errors.push("failNext.status must be an HTTP error status (400..599)");
  // Route filters are checked against the real templates so a typo cannot silently match nothing.
  if (route !== undefined && !(API_ROUTES as readonly unknown[]).includes(route))
    errors.push(`failNext.route must be one of: ${API_ROUTES.join(", ")}`);
  if (typeof dropConnection !== "boolean") errors.push("failNext.dropConnection must be a boolean");
  if (typeof afterCommit !== "boolean") errors.push("failNext.afterCommit must be a boolean");
  if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || (retryAfter as number) < 0))
    errors.push("failNext.retryAfter must be an integer >= 0");
  if (!Number.isInteger(skip) || (skip as number) < 0) errors.push("failNext.skip must be an integer >= 0");
  if (errors.length > before) return undefined;
  return {
    count: count as number,
    status: status as number,
    route: (route as string | undefined) ?? null,
    dropConnection: dropConnection as boolean,
    afterCommit: afterCommit as boolean,
    retryAfter: (retryAfter as number | undefined) ?? null,
    skip: skip as number,
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.headers?.["content-type"]?.startsWith("text/plain") && typeof reply.body === "string";
  // No body at all (a 204): no payload and no content type.
  const payload = reply.body === undefined ? "" : text ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(reply.body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
    "content-length": Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}
