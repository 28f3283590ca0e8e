/**
 * The generic machinery that serves every kind from its descriptor (kinds.ts): list/create/get/update/
 * delete/put and extra routes, validation, rendering (write-only, masked, embedded children), deletion with
 * cascades, time-driven changes, and the control surface's seed/edit/delete. No per-kind branches here.
 */
import {
  CASCADE_DELETE_CHILDREN,
  DELETE_RESPONSE_STATUS,
  SUMMARY_LEAVES_OUT,
  MAX_TAKE,
  RATE_LIMIT_MESSAGE,
  REFERENCE_NOT_FOUND_MESSAGE,
  WRITE_TO_DELETED_STATUS,
} from "./assumptions";
import type { EmulatorSettings, FinishKnowledgeSpec } from "./control";
import {
  HttpError,
  type KindContext,
  type KindDescriptor,
  type Op,
  type Reply,
  type RouteEntry,
} from "./descriptor";
import { isDeleted, KINDS, kindOf, settleKnowledge } from "./kinds";
import {
  editOver,
  fieldOf,
  isPlainObject,
  maskCredentials,
  omitCredentials,
  newId,
  seedOver,
  validate,
  type KindKey,
  type Spec,
  type Store,
  type StoredKnowledgeContent,
  type StoredObject,
} from "./store";

const ALL_KINDS: readonly KindDescriptor[] = KINDS;

// ---------------------------------------------------------------------------------------------------------
// Helpers shared with server.ts
// ---------------------------------------------------------------------------------------------------------

export function retryAfterHeader(enabled: boolean, seconds: number): Record<string, string> {
  return enabled ? { "retry-after": String(seconds) } : {};
}

export function secondsToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Sliding-window counter keyed by client IP or org id. */
export class SlidingWindowLimiter {
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

/**
 * A list answer: a bare array page, totals in `pagination-*` headers [D]; or, as the settings say, a page of
 * at most `pageSizeCap` items, no headers, a `{data: [...]}` envelope.
 */
export function paginated(
  items: unknown[],
  query: URLSearchParams,
  settings: Pick<EmulatorSettings, "defaultTake" | "pageSizeCap" | "paginationHeaders" | "listEnvelope">,
): Reply {
  const { page, take: asked } = parsePagination(query, settings.defaultTake);
  const take = settings.pageSizeCap > 0 ? Math.min(asked, settings.pageSizeCap) : asked;
  const slice = items.slice((page - 1) * take, page * take);
  return {
    status: 200,
    body: settings.listEnvelope === "data" ? { data: slice } : slice,
    headers: settings.paginationHeaders
      ? {
          "pagination-count": String(items.length),
          "pagination-page": String(page),
          "pagination-take": String(take),
        }
      : {},
  };
}

/** Removes a dotted path from an object (a summary listing's left-out fields). */
function leaveOut(item: Mutable, path: string): void {
  const parts = path.split(".");
  let cur: unknown = item;
  for (const k of parts.slice(0, -1)) cur = isPlainObject(cur) ? cur[k] : undefined;
  if (isPlainObject(cur)) delete cur[parts[parts.length - 1]];
}

/** Rewrites the camelCase top-level keys of the map at a dotted path in snake_case (`timeoutMs` → `timeout_ms`). */
function snakeCaseKeysAt(item: Mutable, path: string): void {
  const parts = path.split(".");
  let parent: unknown = item;
  for (const k of parts.slice(0, -1)) parent = isPlainObject(parent) ? parent[k] : undefined;
  const last = parts[parts.length - 1];
  if (!isPlainObject(parent) || !isPlainObject(parent[last])) return;
  parent[last] = Object.fromEntries(
    Object.entries(parent[last]).map(([k, v]) => [
      /^[a-z][A-Za-z0-9]*[A-Z]/.test(k) ? k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase() : k,
      v,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------------------

/** An API request that matched a route, after auth and org resolution. */
export interface ApiRequest {
  orgId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body(): unknown;
}

type Mutable = Record<string, unknown>;

export class KindEngine {
  private readonly createLimiters = new Map<KindKey, SlidingWindowLimiter>();

  constructor(
    private readonly store: Store,
    private readonly settings: () => EmulatorSettings,
  ) {}

  /** True when a gated op's setting is off: the route then answers like an unknown one. */
  isGatedOff(entry: RouteEntry): boolean {
    const setting = entry.op && entry.kind.gates?.[entry.op];
    return setting !== undefined && !this.settings()[setting];
  }

  clearLimiters(): void {
    for (const limiter of this.createLimiters.values()) limiter.clear();
  }

  /** Applies time-driven changes (knowledge processing) up to the emulator clock's now. */
  tick(): void {
    const now = this.store.clock();
    for (const kind of ALL_KINDS)
      if (kind.tick) for (const obj of this.store.map(kind.key).values()) kind.tick(obj, now, this.store);
  }

  serve(entry: RouteEntry, req: ApiRequest): Reply {
    this.tick();
    const kind = entry.kind;
    const parent = this.resolveParent(kind, req.orgId, req.params);
    const ctx = this.context(req.orgId, parent, req);
    if (entry.extra) {
      const body =
        entry.extra.on === "item"
          ? entry.extra.run(ctx, this.findItem(kind, ctx, true))
          : entry.extra.run(ctx);
      return { status: 200, body };
    }
    switch (entry.op) {
      case "list":
        return this.list(kind, ctx);
      case "create":
        return this.create(kind, ctx);
      case "get":
        return { status: 200, body: this.answer(kind, this.findItem(kind, ctx, false), ctx, "get") };
      case "update":
        return this.update(kind, ctx);
      case "delete": {
        const obj = this.findItem(kind, ctx, true);
        this.destroy(kind, obj, true);
        if (ctx.settings.deleteAnswer === "empty") return { status: 204, body: undefined };
        return { status: DELETE_RESPONSE_STATUS, body: this.answer(kind, obj, ctx, "delete") };
      }
      case "put":
        return this.put(kind, ctx);
      default:
        throw new Error(`emulator: route ${entry.route} has no op`);
    }
  }

  // --- generic ops ----------------------------------------------------------------------------------------

  private list(kind: KindDescriptor, ctx: KindContext): Reply {
    const filters = this.parseFilters(kind, ctx.query);
    let items: unknown[];
    if (kind.list) items = kind.list(ctx, filters);
    else {
      const objects = this.childrenIn(kind, ctx.orgId, ctx.parent).filter(
        (o) => ctx.settings.listIncludesDeleted || !isDeleted(o),
      );
      items = objects.map((o) => this.render(kind.key, o));
    }
    // A summary listing (setting `listItemsWhole: false`): items come without `config` and texts, which a GET
    // by id gives. A kind without a GET by id has only its listing: its items stay whole.
    const gotById =
      kind.ops.includes("get") && !(kind.gates?.get !== undefined && !ctx.settings[kind.gates.get]);
    if (!ctx.settings.listItemsWhole && gotById)
      for (const item of items)
        if (isPlainObject(item)) for (const path of SUMMARY_LEAVES_OUT) leaveOut(item, path);
    return paginated(items, ctx.query, ctx.settings);
  }

  private create(kind: KindDescriptor, ctx: KindContext): Reply {
    const now = this.store.clock();
    const limit = kind.createLimit;
    const limiter = limit && this.limiter(kind.key, limit.windowMs);
    if (limit && limiter) {
      const waitMs = limiter.waitMs(ctx.orgId, ctx.settings[limit.setting], now);
      if (waitMs > 0)
        throw new HttpError(
          429,
          RATE_LIMIT_MESSAGE,
          retryAfterHeader(ctx.settings.retryAfterSeconds, secondsToWait(waitMs)),
        );
    }
    const body = ctx.body();
    this.validateBody(kind, body, "create", ctx);
    const obj = this.insert(kind, ctx, kind.build(this.ignored(kind, body, ctx.settings), ctx));
    this.registerOrg(kind, obj);
    kind.afterCreate?.(obj, ctx);
    kind.tick?.(obj, this.store.clock(), this.store);
    limiter?.record(ctx.orgId, now);
    const answer = this.answer(kind, obj, ctx, "create");
    if (ctx.settings.createAnswer === "no-id" && isPlainObject(answer)) delete answer.id;
    const delayMs = kind.answerDelayMs?.(obj, ctx, "create");
    return { status: ctx.settings.createStatus, body: answer, ...(delayMs ? { delayMs } : {}) };
  }

  private update(kind: KindDescriptor, ctx: KindContext): Reply {
    const obj = this.findItem(kind, ctx, true);
    const body = ctx.body();
    this.validateBody(kind, body, "update", ctx);
    const stamp = this.store.bump(obj.updated_at);
    kind.update?.(obj, this.ignored(kind, body, ctx.settings), ctx, stamp);
    obj.updated_at = stamp;
    this.registerOrg(kind, obj);
    if (ctx.settings.updateAnswer === "empty") return { status: 204, body: undefined };
    return { status: 200, body: this.answer(kind, obj, ctx, "update") };
  }

  /**
   * A valid body as the server acts on it: less the fields the `ignoredBodyFields` setting names for this kind,
   * and with the camelCase keys of its free-form maps in snake_case when `freeFormKeys` says so.
   */
  private ignored(kind: KindDescriptor, body: unknown, settings: EmulatorSettings): Mutable {
    const paths = settings.ignoredBodyFields
      .filter((p) => p.split(".")[0] === kind.key)
      .map((p) => p.split(".").slice(1).join("."));
    const rewrite = settings.freeFormKeys === "snake_case" ? (kind.freeForm ?? []) : [];
    if ((!paths.length && !rewrite.length) || !isPlainObject(body)) return body as Mutable;
    const copy = structuredClone(body);
    for (const path of paths) leaveOut(copy, path);
    for (const path of rewrite) snakeCaseKeysAt(copy, path);
    return copy;
  }

  /** Creates the object the item path names unless it exists; either way answers it (idempotent). */
  private put(kind: KindDescriptor, ctx: KindContext): Reply {
    const field = kind.itemField ?? "id";
    const value = ctx.params[kind.item.slice(1)];
    const existing = this.lookup(kind, ctx.orgId, ctx.parent, value);
    if (existing) return { status: 200, body: this.answer(kind, existing, ctx, "put") };
    const ref = kind.refs?.[field];
    if (ref && !this.liveObject(ref.kind, ctx.orgId, value))
      throw new HttpError(404, `${kindOf(ref.kind).label} not found`);
    const obj = this.insert(kind, ctx, kind.build({ [field]: value }, ctx));
    return { status: 200, body: this.answer(kind, obj, ctx, "put") };
  }

  private insert(kind: KindDescriptor, ctx: KindContext, built: object): StoredObject {
    const stamp = this.store.now();
    const obj = {
      org_id: ctx.orgId,
      id: newId(kind.idPrefix),
      ...built,
      created_at: stamp,
      updated_at: stamp,
    };
    this.store.map(kind.key).set(obj.id, obj);
    return obj;
  }

  /** An object of an `orgs` kind is an org too: registered (or renamed) under the org it was made in. */
  private registerOrg(kind: KindDescriptor, obj: StoredObject): void {
    if (!kind.orgs) return;
    const name = String(fieldOf(obj, "name") ?? obj.id);
    this.store.orgs.set(obj.id, { id: obj.id, name, parentId: obj.org_id });
  }

  /** "soft" kinds get `deleted: true` through the API (and are removed too when `softDelete` is off). */
  private destroy(kind: KindDescriptor, obj: StoredObject, viaApi: boolean): void {
    // Removing a sub-org detaches it: the org lives on, independent, with everything in it.
    const org = kind.orgs ? this.store.orgs.get(obj.id) : undefined;
    if (org) org.parentId = null;
    if (kind.deletion === "soft" && viaApi) {
      (obj as unknown as Mutable).deleted = true;
      obj.updated_at = this.store.bump(obj.updated_at);
      if (!this.settings().softDelete) this.store.map(kind.key).delete(obj.id);
    } else {
      this.store.map(kind.key).delete(obj.id);
    }
    this.cascade(kind, obj);
  }

  /** Children and owned objects go with `obj`; objects merely referring to it are told. */
  private cascade(kind: KindDescriptor, obj: StoredObject): void {
    const ctx = this.context(obj.org_id, undefined);
    for (const other of ALL_KINDS) {
      const fields = !CASCADE_DELETE_CHILDREN
        ? []
        : [
            ...(other.parent?.kind === kind.key ? [other.parent.field] : []),
            ...(other.owners ?? []).filter((o) => o.kind === kind.key).map((o) => o.field),
          ];
      for (const field of fields)
        for (const child of this.store.list(other.key, obj.org_id, { field, value: obj.id }))
          this.destroy(other, child, false);
      for (const [field, ref] of Object.entries(other.refs ?? {}))
        if (ref.kind === kind.key && ref.onTargetDeleted)
          for (const referrer of this.store.list(other.key, obj.org_id, { field, value: obj.id }))
            ref.onTargetDeleted(referrer, ctx);
    }
  }

  // --- lookups --------------------------------------------------------------------------------------------

  private resolveParent(kind: KindDescriptor, orgId: string, params: Record<string, string>) {
    if (!kind.parent) return undefined;
    const parent = this.liveObject(kind.parent.kind, orgId, params[kind.parent.param]);
    // Under a soft-deleted parent nothing is left: reads answer 404 too (CASCADE_DELETE_CHILDREN).
    if (!parent) throw new HttpError(404, `${kindOf(kind.parent.kind).label} not found`);
    return parent;
  }

  private liveObject(key: KindKey, orgId: string, id: string | undefined): StoredObject | undefined {
    const obj = id === undefined ? undefined : this.store.find(key, orgId, id);
    return obj && !isDeleted(obj) ? obj : undefined;
  }

  /** The object whose item field equals `value`, under `parent` for child kinds. */
  private lookup(
    kind: KindDescriptor,
    orgId: string,
    parent: StoredObject | undefined,
    value: string,
  ): StoredObject | undefined {
    const field = kind.itemField ?? "id";
    const found = field === "id" ? this.store.find(kind.key, orgId, value) : undefined;
    const candidates =
      field === "id" ? (found ? [found] : []) : this.store.list(kind.key, orgId, { field, value });
    return candidates.find((o) => !kind.parent || fieldOf(o, kind.parent.field) === parent?.id);
  }

  private findItem(kind: KindDescriptor, ctx: KindContext, forWrite: boolean): StoredObject {
    const obj = this.lookup(kind, ctx.orgId, ctx.parent, ctx.params[kind.item.slice(1)]);
    if (!obj) throw new HttpError(404, `${kind.label} not found`);
    if (forWrite && isDeleted(obj)) throw new HttpError(WRITE_TO_DELETED_STATUS, `${kind.label} not found`);
    return obj;
  }

  /** Objects of `kind` in the org (under `parent` for child kinds), in the kind's list order. */
  private childrenIn(kind: KindDescriptor, orgId: string, parent: StoredObject | undefined): StoredObject[] {
    const where = kind.parent && parent ? { field: kind.parent.field, value: parent.id } : undefined;
    const objects = this.store.list(kind.key, orgId, where);
    return kind.order ? objects.sort((a, b) => kind.order?.(a, b) ?? 0) : objects;
  }

  // --- validation -----------------------------------------------------------------------------------------

  private validateBody(kind: KindDescriptor, body: unknown, op: "create" | "update", ctx: KindContext): void {
    const rules = kind.body;
    if (!rules) return;
    const all = typeof rules.fields === "function" ? rules.fields(ctx.settings, op) : rules.fields;
    const excluded = new Set(op === "create" ? (rules.updateOnly ?? []) : (rules.createOnly ?? []));
    const fields = Object.fromEntries(Object.entries(all).filter(([key]) => !excluded.has(key)));
    const errors: string[] = [];
    validate(
      body,
      { kind: "object", fields, required: op === "create" ? rules.required : undefined },
      "",
      errors,
    );
    if (isPlainObject(body)) {
      errors.push(...(kind.check?.(body, op, ctx) ?? []));
      for (const [field, ref] of Object.entries(kind.refs ?? {})) {
        const value = body[field];
        if (fields[field] && typeof value === "string" && !this.liveObject(ref.kind, ctx.orgId, value))
          errors.push(REFERENCE_NOT_FOUND_MESSAGE(field, kindOf(ref.kind).label));
      }
    }
    if (errors.length) throw new HttpError(400, errors);
  }

  private parseFilters(kind: KindDescriptor, query: URLSearchParams): Record<string, string> {
    const filters: Record<string, string> = {};
    const errors: string[] = [];
    for (const [name, spec] of Object.entries(kind.filters ?? {})) {
      const raw = query.get(name);
      if (raw === null) continue;
      validate(raw, spec, name, errors);
      filters[name] = raw;
    }
    if (errors.length) throw new HttpError(400, errors);
    return filters;
  }

  // --- rendering ------------------------------------------------------------------------------------------

  private answer(kind: KindDescriptor, obj: StoredObject, ctx: KindContext, op: Op): unknown {
    return kind.present ? kind.present(obj, ctx, op) : this.render(kind.key, obj);
  }

  /** The API form: no org, no write-only fields, credentials masked, embedded children, decorations. */
  render(key: KindKey, obj: StoredObject): Record<string, unknown> {
    const kind = kindOf(key);
    const out = structuredClone(obj) as unknown as Mutable;
    delete out.org_id;
    for (const field of kind.writeOnly ?? []) delete out[field];
    const credentials =
      this.settings().credentialsInResponses === "omitted" ? omitCredentials : maskCredentials;
    for (const field of kind.masked ?? []) if (field in out) out[field] = credentials(out[field]);
    this.embedChildren(kind, obj, out);
    kind.decorate?.(out, obj, this.settings());
    return out;
  }

  /** Fills the fields where child kinds are embedded; anything seeded into them directly comes after. */
  private embedChildren(kind: KindDescriptor, obj: StoredObject, out: Mutable): void {
    for (const child of ALL_KINDS) {
      if (child.parent?.kind !== kind.key || !child.embed) continue;
      const field = child.embed.field;
      const seeded = Array.isArray(out[field]) ? (out[field] as unknown[]) : [];
      const items = this.childrenIn(child, obj.org_id, obj).map((c) => this.render(child.key, c));
      out[field] = [...items, ...seeded];
    }
  }

  private context(orgId: string, parent: StoredObject | undefined, req?: ApiRequest): KindContext {
    return {
      store: this.store,
      settings: this.settings(),
      orgId,
      parent,
      params: req?.params ?? {},
      query: req?.query ?? new URLSearchParams(),
      body: () => (req ? req.body() : {}),
      nowMs: () => this.store.clock(),
      render: (key, obj) => this.render(key, obj),
      validateOrThrow: (value: unknown, spec: Spec) => {
        const errors: string[] = [];
        validate(value, spec, "", errors);
        if (errors.length) throw new HttpError(400, errors);
      },
    };
  }

  private limiter(key: KindKey, windowMs: number): SlidingWindowLimiter {
    let limiter = this.createLimiters.get(key);
    if (!limiter) this.createLimiters.set(key, (limiter = new SlidingWindowLimiter(windowMs)));
    return limiter;
  }

  // --- control surface ------------------------------------------------------------------------------------

  /** Every object of every kind as stored (real secrets), embedded children filled as the API answers them. */
  snapshot(): Record<KindKey, StoredObject[]> {
    const out = {} as Record<KindKey, StoredObject[]>;
    for (const kind of ALL_KINDS)
      out[kind.key] = [...this.store.map(kind.key).values()].map((obj) => {
        const copy = { ...obj } as unknown as Mutable;
        this.embedChildren(kind, obj, copy);
        return copy as unknown as StoredObject;
      });
    return out;
  }

  /** Stored objects of a kind in an org, or one of them. */
  stored(key: KindKey, orgId: string, id?: string): StoredObject | StoredObject[] {
    if (id === undefined) return this.store.list(key, orgId);
    return this.mustFind(key, orgId, id);
  }

  /**
   * Creates an object as if made in the dashboard: no validation, no rate limit, not counted. A child kind's
   * seed must name its parent (and owners) in the org; the rest of `partial` is deep-merged over defaults.
   */
  seed(key: KindKey, orgId: string, partial: Mutable): StoredObject {
    const kind = kindOf(key);
    const named = [...(kind.parent ? [kind.parent] : []), ...(kind.owners ?? [])];
    let parent: StoredObject | undefined;
    for (const { kind: target, field } of named) {
      const value = partial[field];
      const found = typeof value === "string" ? this.liveObject(target, orgId, value) : undefined;
      if (!found)
        throw new HttpError(400, [
          `${field} must name an existing ${kindOf(target).label.toLowerCase()} of org ${orgId}`,
        ]);
      if (target === kind.parent?.kind) parent = found;
    }
    const ctx = this.context(orgId, parent);
    const stamp = this.store.now();
    const built = kind.build(kind.seedBody(partial), ctx);
    const base = { org_id: orgId, id: newId(kind.idPrefix), ...built, created_at: stamp, updated_at: stamp };
    const seeded = seedOver(base, partial);
    kind.afterSeed?.(seeded, partial);
    this.store.map(key).set(seeded.id, seeded);
    this.registerOrg(kind, seeded);
    return seeded;
  }

  /**
   * The orgs an emulator starts with that have a parent: stored as objects of the `orgs` kind (sub-orgs) too,
   * under their own ids, so the parent's listing shows them as the API would.
   */
  seedOrgs(orgs: readonly { id: string; name: string; parentId: string | null }[]): void {
    const kind = ALL_KINDS.find((k) => k.orgs);
    if (!kind) return;
    for (const org of orgs) {
      if (org.parentId === null) continue;
      const stamp = this.store.now();
      const built = kind.build(kind.seedBody({ name: org.name }), this.context(org.parentId, undefined));
      const obj = { org_id: org.parentId, id: org.id, ...built, created_at: stamp, updated_at: stamp };
      this.store.map(kind.key).set(org.id, obj);
    }
  }

  /** Drift made outside the API: deep-merges anything (no validation), bumps `updated_at`. */
  edit(key: KindKey, orgId: string, id: string, patch: Mutable): StoredObject {
    const kind = kindOf(key);
    const obj = this.mustFind(key, orgId, id);
    const edited = editOver(obj, patch, this.store.bump(obj.updated_at));
    kind.afterEdit?.(edited, patch);
    this.store.map(key).set(id, edited);
    this.registerOrg(kind, edited);
    return edited;
  }

  /** Out-of-band hard delete (the API answers 404 afterwards), children included. */
  remove(key: KindKey, orgId: string, id: string): StoredObject {
    const obj = this.mustFind(key, orgId, id);
    this.destroy(kindOf(key), obj, false);
    return obj;
  }

  /** Ends knowledge processing now: every content still processing, or those `spec` names. */
  finishProcessing(spec: FinishKnowledgeSpec): StoredKnowledgeContent[] {
    const now = this.store.clock();
    const contents = [...this.store.objects.knowledgeContents.values()].filter(
      (c) =>
        (spec.orgId === undefined || c.org_id === spec.orgId) && (spec.id === undefined || c.id === spec.id),
    );
    if (spec.id !== undefined && contents.length === 0)
      throw new HttpError(404, "Knowledge content not found");
    const finished = contents.filter((c) => c.processing !== null);
    for (const c of finished) settleKnowledge(c, now, spec.error);
    return finished;
  }

  private mustFind(key: KindKey, orgId: string, id: string): StoredObject {
    const obj = this.store.find(key, orgId, id);
    if (!obj) throw new HttpError(404, `${kindOf(key).label} not found`);
    return obj;
  }
}
