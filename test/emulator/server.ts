/**
 * A stateful emulator of the Invent HTTP API (see /work/shared/invent-api.md) on node:http, for tests
 * and demos: routing, auth and org scoping, rate limits, fault injection (one-off `failNext` faults and the
 * seeded random "chaos" mode of chaos.ts), request accounting, and the control surface under `/_emulator/`.
 * State and validation live in store.ts; every behaviour the docs do not state is a named constant in
 * assumptions.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ASSISTANT_CREATE_WINDOW_MS,
  CONNECTIONS_SOFT_DELETE,
  DEFAULT_ASSISTANT_CREATES_PER_HOUR,
  DEFAULT_EXTRA_RESPONSE_FIELDS,
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_RETRY_AFTER_SECONDS,
  DEFAULT_SOFT_DELETE,
  DEFAULT_TAKE,
  DELETE_RESPONSE_STATUS,
  HTTP_ERROR_NAMES,
  INJECTED_RETRY_AFTER_SECONDS,
  LIST_INCLUDES_DELETED,
  MAX_BODY_BYTES,
  MAX_TAKE,
  ORG_ACCESS_DENIED_STATUS,
  RATE_LIMIT_MESSAGE,
  REQUEST_WINDOW_MS,
  WRITE_TO_DELETED_STATUS,
  WRONG_METHOD_STATUS,
} from "./assumptions";
import { parseChaos, zeroFaultCounts, type Chaos, type InjectedFault } from "./chaos";
import {
  API_ROUTES,
  EmulatorControl,
  UNMATCHED_ROUTE,
  type ApiRoute,
  type EmulatorSettings,
  type EmulatorState,
  type FaultKind,
  type PendingFault,
  type RequestLogEntry,
  type RequestsReport,
  type SettingsReport,
} from "./control";
import {
  Store,
  isPlainObject,
  renderAssistant,
  renderConnection,
  validateAssistantCreate,
  validateAssistantUpdate,
  validateConnectionCreate,
  validateConnectionUpdate,
  type AssistantCreateBody,
  type AssistantUpdateBody,
  type ConnectionCreateBody,
  type ConnectionUpdateBody,
  type KeyRecord,
  type OrgRecord,
  type StoredAssistant,
  type StoredConnection,
} from "./store";

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

export interface EmulatorOptions {
  host?: string; // default "127.0.0.1"
  port?: number; // default 0 (random)
  orgs?: { id: string; name?: string; parentId?: string }[]; // default DEFAULT_ORGS
  keys?: { key: string; orgId: string }[]; // default DEFAULT_KEYS when `orgs` is default, else []
  requestsPerMinute?: number; // default 500, per client IP [D]
  assistantCreatesPerHour?: number; // default 10, per org [D]
  softDelete?: boolean; // default true: deleted assistants answer GET with deleted:true; false => 404 [A]
  defaultTake?: number; // default 20 [A]
  retryAfterSeconds?: boolean; // default true: 429 carries Retry-After (seconds) [A]
  extraResponseFields?: boolean; // default true: responses carry fields clients do not know (drift probe)
  clock?: () => number; // ms since epoch, for rate-limit windows, timestamps and the `Date` header
}

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

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string | string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(Array.isArray(messages) ? messages.join("; ") : messages);
  }

  toReply(): Reply {
    return { status: this.status, body: errorBody(this.status, this.messages), headers: this.headers };
  }
}

function errorBody(status: number, message: string | string[]): Record<string, unknown> {
  return { statusCode: status, message, error: HTTP_ERROR_NAMES[status] ?? "Error" };
}

function retryAfterHeader(enabled: boolean, seconds: number): Record<string, string> {
  return enabled ? { "retry-after": String(seconds) } : {};
}

/** Sliding-window counter keyed by client IP or org id. */
class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** 0 when one more hit fits under `limit`, else milliseconds until it would. Does not record. */
  waitMs(key: string, limit: number, now: number): number {
    const hits = this.prune(key, now);
    if (hits.length < limit) return 0;
    if (limit <= 0) return this.windowMs;
    return hits[hits.length - limit] + this.windowMs - now;
  }

  record(key: string, now: number): void {
    this.prune(key, now).push(now);
  }

  clear(): void {
    this.hits.clear();
  }

  private prune(key: string, now: number): number[] {
    const hits = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(key, hits);
    return hits;
  }
}

function secondsToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // malformed percent-encoding
  }
}

interface RouteDef {
  route: ApiRoute;
  method: string;
  segments: string[];
}

const ROUTE_DEFS: RouteDef[] = API_ROUTES.map((route) => {
  const [method, path] = route.split(" ");
  return { route, method, segments: path.split("/").filter(Boolean) };
});

type RouteMatch =
  | { kind: "route"; def: RouteDef; params: Record<string, string> }
  | { kind: "wrong-method" }
  | { kind: "none" };

function matchRoute(method: string, segments: string[] | undefined): RouteMatch {
  if (!segments) return { kind: "none" };
  let pathMatched = false;
  for (const def of ROUTE_DEFS) {
    if (def.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = def.segments.every((part, i) => {
      if (part.startsWith(":")) params[part.slice(1)] = segments[i];
      return part.startsWith(":") || part === segments[i];
    });
    if (!ok) continue;
    if (def.method === method) return { kind: "route", def, params };
    pathMatched = true;
  }
  return pathMatched ? { kind: "wrong-method" } : { kind: "none" };
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

function parsePagination(query: URLSearchParams, defaultTake: number): { page: number; take: number } {
  const errors: string[] = [];
  const read = (name: string, fallback: number, max?: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw)) {
      errors.push(`${name} must be an integer number`);
      return fallback;
    }
    const n = Number(raw);
    if (n < 1) errors.push(`${name} must not be less than 1`);
    if (max !== undefined && n > max) errors.push(`${name} must not be greater than ${max}`);
    return n;
  };
  const page = read("page", 1);
  const take = read("take", defaultTake, MAX_TAKE);
  if (errors.length) throw new HttpError(400, errors);
  return { page, take };
}

function paginated(items: unknown[], query: URLSearchParams, defaultTake: number): Reply {
  const { page, take } = parsePagination(query, defaultTake);
  return {
    status: 200,
    body: items.slice((page - 1) * take, page * take),
    headers: {
      "pagination-count": String(items.length),
      "pagination-page": String(page),
      "pagination-take": String(take),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------------------------------------

interface ApiContext {
  org: OrgRecord;
  params: Record<string, string>;
  query: URLSearchParams;
  body: () => unknown;
}

class Emulator {
  private readonly clock: () => number;
  private readonly store: Store;
  private readonly initialSettings: EmulatorSettings;
  private settings: EmulatorSettings;
  private readonly ipLimiter = new SlidingWindowLimiter(REQUEST_WINDOW_MS);
  private readonly createLimiter = new SlidingWindowLimiter(ASSISTANT_CREATE_WINDOW_MS);
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
    this.initialSettings = {
      softDelete: opts.softDelete ?? DEFAULT_SOFT_DELETE,
      requestsPerMinute: opts.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
      assistantCreatesPerHour: opts.assistantCreatesPerHour ?? DEFAULT_ASSISTANT_CREATES_PER_HOUR,
      defaultTake: opts.defaultTake ?? DEFAULT_TAKE,
      retryAfterSeconds: opts.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
      extraResponseFields: opts.extraResponseFields ?? DEFAULT_EXTRA_RESPONSE_FIELDS,
    };
    this.settings = { ...this.initialSettings };
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
    const routeKey = match.kind === "route" ? match.def.route : `${method} ${UNMATCHED_ROUTE}`;
    const now = this.clock();
    // Drawn first, for every API request whatever becomes of it, so request n's fate depends only on n.
    const chaosFault = this.chaos?.draw();
    const finish = (reply: Reply): void => {
      this.record(method, routeKey, url.pathname, reply.status);
      this.send(res, reply);
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
      reply = this.runApi(req, method, match, url, raw);
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
    const key = this.authenticate(req);
    const org = this.resolveOrg(key, match.params.org_id);
    const ctx: ApiContext = {
      org,
      params: match.params,
      query: url.searchParams,
      body: () => parseJson(raw),
    };
    return this.apiHandlers[match.def.route](ctx);
  }

  private authenticate(req: IncomingMessage): KeyRecord {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    const key = m ? this.store.keys.get(m[1]) : undefined;
    if (!key) throw new HttpError(401, "Unauthorized");
    return key;
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

  private renderA(a: StoredAssistant): Record<string, unknown> {
    return renderAssistant(a, { extraResponseFields: this.settings.extraResponseFields });
  }

  private findAssistant(ctx: ApiContext, forWrite: boolean): StoredAssistant {
    const a = this.store.findAssistant(ctx.org.id, ctx.params.id);
    if (!a) throw new HttpError(404, "Assistant not found");
    if (forWrite && a.deleted) throw new HttpError(WRITE_TO_DELETED_STATUS, "Assistant not found");
    return a;
  }

  private findConnection(ctx: ApiContext): StoredConnection {
    const c = this.store.findConnection(ctx.org.id, ctx.params.id);
    if (!c) throw new HttpError(404, "Connection not found");
    return c;
  }

  private readonly apiHandlers: Record<ApiRoute, (ctx: ApiContext) => Reply> = {
    "GET /orgs/:org_id/assistants": (ctx) =>
      paginated(
        this.store.listAssistants(ctx.org.id, LIST_INCLUDES_DELETED).map((a) => this.renderA(a)),
        ctx.query,
        this.settings.defaultTake,
      ),

    "POST /orgs/:org_id/assistants": (ctx) => {
      // Throttled before validation, like a guard that runs ahead of the body pipes.
      const now = this.clock();
      const waitMs = this.createLimiter.waitMs(ctx.org.id, this.settings.assistantCreatesPerHour, now);
      if (waitMs > 0)
        throw new HttpError(
          429,
          RATE_LIMIT_MESSAGE,
          retryAfterHeader(this.settings.retryAfterSeconds, secondsToWait(waitMs)),
        );
      const body = ctx.body();
      const errors = validateAssistantCreate(body, this.settings.extraResponseFields);
      if (errors.length) throw new HttpError(400, errors);
      const a = this.store.createAssistant(ctx.org.id, body as AssistantCreateBody);
      this.createLimiter.record(ctx.org.id, now);
      return { status: 200, body: this.renderA(a) };
    },

    "GET /orgs/:org_id/assistants/:id": (ctx) => ({
      status: 200,
      body: this.renderA(this.findAssistant(ctx, false)),
    }),

    "PATCH /orgs/:org_id/assistants/:id": (ctx) => {
      const a = this.findAssistant(ctx, true);
      const body = ctx.body();
      const errors = validateAssistantUpdate(body, this.settings.extraResponseFields);
      if (errors.length) throw new HttpError(400, errors);
      return { status: 200, body: this.renderA(this.store.updateAssistant(a, body as AssistantUpdateBody)) };
    },

    "POST /orgs/:org_id/assistants/:id/rotate-secret-key": (ctx) => ({
      status: 200,
      body: this.renderA(this.store.rotateSecretKey(this.findAssistant(ctx, true))),
    }),

    "DELETE /orgs/:org_id/assistants/:id": (ctx) => {
      const a = this.findAssistant(ctx, true);
      this.store.softDeleteAssistant(a);
      if (!this.settings.softDelete) this.store.assistants.delete(a.id);
      return { status: DELETE_RESPONSE_STATUS, body: this.renderA(a) };
    },

    "GET /orgs/:org_id/connections": (ctx) =>
      paginated(
        this.store.listConnections(ctx.org.id).map(renderConnection),
        ctx.query,
        this.settings.defaultTake,
      ),

    "POST /orgs/:org_id/connections": (ctx) => {
      const body = ctx.body();
      const errors = validateConnectionCreate(body);
      if (errors.length) throw new HttpError(400, errors);
      return {
        status: 200,
        body: renderConnection(this.store.createConnection(ctx.org.id, body as ConnectionCreateBody)),
      };
    },

    "GET /orgs/:org_id/connections/:id": (ctx) => ({
      status: 200,
      body: renderConnection(this.findConnection(ctx)),
    }),

    "PATCH /orgs/:org_id/connections/:id": (ctx) => {
      const c = this.findConnection(ctx);
      const body = ctx.body();
      const errors = validateConnectionUpdate(body);
      if (errors.length) throw new HttpError(400, errors);
      return {
        status: 200,
        body: renderConnection(this.store.updateConnection(c, body as ConnectionUpdateBody)),
      };
    },

    "DELETE /orgs/:org_id/connections/:id": (ctx) => {
      const c = this.findConnection(ctx);
      if (!CONNECTIONS_SOFT_DELETE) this.store.connections.delete(c.id);
      return { status: DELETE_RESPONSE_STATUS, body: renderConnection(c) };
    },
  };

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
    this.send(res, { status: fault.status, body: errorBody(fault.status, "Injected fault"), headers });
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
        this.counts = {};
        this.log = [];
        this.ipLimiter.clear();
        this.createLimiter.clear();
        this.faults = [];
        this.chaos = null;
        this.faultCounts = zeroFaultCounts();
        this.settings = { ...this.initialSettings };
        return ok(this.snapshot());
    }

    // orgs/:org/(assistants|connections)[/:id]
    const [orgsWord, orgId, kind, id, ...rest] = parts;
    if (orgsWord === "orgs" && orgId && (kind === "assistants" || kind === "connections") && !rest.length) {
      if (!this.store.orgs.has(orgId)) throw new HttpError(404, `Unknown org ${orgId}`);
      const patch = (): Record<string, unknown> => {
        const body = parseJson(raw);
        if (!isPlainObject(body)) throw new HttpError(400, ["body must be an object"]);
        if ("id" in body || "org_id" in body) throw new HttpError(400, ["id and org_id cannot be changed"]);
        return body;
      };
      if (kind === "assistants") {
        if (id === undefined && method === "POST") return ok(this.store.seedAssistant(orgId, patch()));
        const a = id === undefined ? undefined : this.store.findAssistant(orgId, id);
        if (id !== undefined && !a) throw new HttpError(404, "Assistant not found");
        if (a && method === "PATCH") return ok(this.store.editAssistant(a, patch()));
        if (a && method === "DELETE") {
          this.store.assistants.delete(a.id);
          return ok(a);
        }
      } else {
        if (id === undefined && method === "POST") return ok(this.store.seedConnection(orgId, patch()));
        const c = id === undefined ? undefined : this.store.findConnection(orgId, id);
        if (id !== undefined && !c) throw new HttpError(404, "Connection not found");
        if (c && method === "PATCH") return ok(this.store.editConnection(c, patch()));
        if (c && method === "DELETE") {
          this.store.connections.delete(c.id);
          return ok(c);
        }
      }
    }
    throw new HttpError(404, `Unknown control endpoint ${method} /_emulator/${parts.join("/")}`);
  }

  private snapshot(): EmulatorState {
    return structuredClone({
      orgs: [...this.store.orgs.values()],
      keys: [...this.store.keys.values()],
      assistants: [...this.store.assistants.values()],
      connections: [...this.store.connections.values()],
      settings: this.settings,
    });
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
    const next = { ...this.settings };
    const bool = (name: "softDelete" | "retryAfterSeconds" | "extraResponseFields", v: unknown) =>
      typeof v === "boolean" ? (next[name] = v) : errors.push(`${name} must be a boolean`);
    const int = (
      name: "requestsPerMinute" | "assistantCreatesPerHour" | "defaultTake",
      v: unknown,
      min: number,
    ) =>
      Number.isInteger(v) && (v as number) >= min
        ? (next[name] = v as number)
        : errors.push(`${name} must be an integer >= ${min}`);
    let fault: PendingFault | undefined;
    let clearFaults = false;
    let chaos: Chaos | null | undefined;
    for (const [key, value] of Object.entries(body)) {
      switch (key) {
        case "softDelete":
        case "retryAfterSeconds":
        case "extraResponseFields":
          bool(key, value);
          break;
        case "requestsPerMinute":
          int(key, value, 1);
          break;
        case "assistantCreatesPerHour":
          int(key, value, 0);
          break;
        case "defaultTake":
          int(key, value, 1);
          if (typeof value === "number" && value > MAX_TAKE)
            errors.push(`defaultTake must be <= ${MAX_TAKE}`);
          break;
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
    this.settings = next;
    if (clearFaults) this.faults = [];
    if (fault) this.faults.push(fault);
    if ("chaos" in body) this.chaos = chaos ?? null;
  }
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
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}
