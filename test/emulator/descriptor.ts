/**
 * What a kind of API object is, declared once (kinds.ts holds one descriptor per kind) and read by the
 * generic machinery: its routes (and so request counts and fault filters), body validation, defaults,
 * rendering (write-only and masked fields, children embedded in the parent), deletion and cascades, extra
 * routes, time-driven changes, and its control surface (`/_emulator/orgs/:org/<key>[/:id]`, `state().<key>`).
 */
import { HTTP_ERROR_NAMES } from "./assumptions";
import type { EmulatorSettings } from "./control";
import type { KindKey, Spec, Store, StoredObject } from "./store";

// ---------------------------------------------------------------------------------------------------------
// Answers and errors
// ---------------------------------------------------------------------------------------------------------

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Answer this much later (a server that blocks until work is done, e.g. a synchronous chat reply). */
  delayMs?: number;
}

export class HttpError extends Error {
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

export function errorBody(status: number, message: string | string[]): Record<string, unknown> {
  return { statusCode: status, message, error: HTTP_ERROR_NAMES[status] ?? "Error" };
}

// ---------------------------------------------------------------------------------------------------------
// The descriptor
// ---------------------------------------------------------------------------------------------------------

/** The generic operations a kind may offer. `put` creates-or-keeps the object its item path names. */
export type Op = "list" | "create" | "get" | "update" | "delete" | "put";

export const OP_METHODS = {
  list: "GET",
  create: "POST",
  get: "GET",
  update: "PATCH",
  delete: "DELETE",
  put: "PUT",
} as const satisfies Record<Op, string>;

/** Ops on the collection path; the others act on `${collection}/${item}`. */
const COLLECTION_OPS: readonly Op[] = ["list", "create"];

type SettingOfType<V> = {
  [K in keyof EmulatorSettings]: EmulatorSettings[K] extends V ? K : never;
}[keyof EmulatorSettings];
export type BooleanSetting = SettingOfType<boolean>;
export type IntegerSetting = SettingOfType<number>;

/** What hooks see of the request being served. */
export interface KindContext {
  readonly store: Store;
  /** The settings in force (hooks may consume one-shot ones, e.g. `knowledgeFailNext`). */
  readonly settings: EmulatorSettings;
  readonly orgId: string;
  /** The parent object, for kinds that have one. */
  readonly parent: StoredObject | undefined;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** The parsed request body (a 400 for malformed JSON is thrown from here). */
  body(): unknown;
  /** Emulator clock, ms since epoch. */
  nowMs(): number;
  /** The API form of any stored object (embedded children included). */
  render(kind: KindKey, obj: StoredObject): Record<string, unknown>;
  /** Validates a body against a spec and throws a 400 naming every problem. */
  validateOrThrow(value: unknown, spec: Spec): void;
}

/** Body rules shared by create and update. */
export interface BodyRules {
  /** Field specs (a function when they depend on the settings, e.g. drift fields). */
  fields:
    Record<string, Spec> | ((settings: EmulatorSettings, op: "create" | "update") => Record<string, Spec>);
  /** Required on create ("x should not be empty"). */
  required?: readonly string[];
  /** Accepted on create only: on update they are "property x should not exist" (not updatable → replace). */
  createOnly?: readonly string[];
  /** Accepted on update only. */
  updateOnly?: readonly string[];
}

/** A field holding the id of another object of the same org. */
export interface Reference<T extends StoredObject> {
  kind: KindKey;
  /** What becomes of the referring object when its target is deleted (default: nothing). */
  onTargetDeleted?(obj: T, ctx: KindContext): void;
}

/** A route beyond the generic ops; answers 200 with what `run` returns. */
export type ExtraRoute<T extends StoredObject> =
  | {
      on: "item";
      method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
      /** Relative to the item path, e.g. `rotate-secret-key`. */
      path: string;
      /** `target` is the object the item path names, found as for a write. */
      run(ctx: KindContext, target: T): unknown;
    }
  | {
      on: "collection";
      method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
      /** Relative to the collection path, e.g. `reorder`. */
      path: string;
      run(ctx: KindContext): unknown;
    };

/**
 * One kind of API object. Hooks are methods (not function properties) so descriptors of different kinds
 * share one array type.
 */
export interface KindDescriptor<T extends StoredObject = StoredObject> {
  /** Names the kind in the snapshot (`state().actions`), the control path and the store. */
  key: KindKey;
  /** Singular, for messages: "Action not found". */
  label: string;
  /** Collection path template, e.g. `/orgs/:org_id/assistants/:assistant_id/actions`. */
  collection: string;
  /** Where the create op lives when not on `collection` (chats: started under their assistant). */
  createCollection?: string;
  /** Item segment appended to the collection (or `itemBase`), e.g. `:id`. */
  item: string;
  /** Where the item routes live when not under `collection` (chats: `/chats/:id`, outside any org). */
  itemBase?: string;
  /**
   * For routes without `:org_id` (`/chats/:chat_id/…`): the object whose org they act in, found by id in any
   * org, then checked against the key (its own org or a sub-org of it; otherwise 404 like a missing object).
   */
  orgless?: { kind: KindKey; param: string };
  /** Stored field the item segment is matched against (default `id`). */
  itemField?: string;
  /** The kind this one lives under: its path parameter and the stored field holding its id. */
  parent?: { kind: KindKey; param: string; field: string };
  /** Other kinds whose deletion deletes this one too (besides the parent). */
  owners?: readonly { kind: KindKey; field: string }[];
  idPrefix: string;
  /**
   * Objects of this kind are orgs themselves (sub-organizations): each is registered as an org whose parent is
   * the org it was made in, so that org's key and the `/orgs/:org_id/…` routes reach it; renaming it renames
   * the org; removing it (through the control surface: a detach in the dashboard) makes the org independent.
   */
  orgs?: boolean;
  /** Generic operations offered, in route order. */
  ops: readonly Op[];
  /** Ops answered 404 like an unknown route while the named boolean setting is false. */
  gates?: Partial<Record<Op, BooleanSetting>>;
  body?: BodyRules;
  /** Fields naming objects of other kinds: checked on create/update (400 naming the field when absent). */
  refs?: Readonly<Record<string, Reference<T>>>;
  /** Sliding-window limit on successful creates per org, checked before the body is read. */
  createLimit?: { setting: IntegerSetting; windowMs: number };
  /** Stored, never answered. */
  writeOnly?: readonly string[];
  /** Body paths of free-form maps whose keys the user chooses (`config.input`): see the `freeFormKeys` setting. */
  freeForm?: readonly string[];
  /** Answered with credential-looking values masked. */
  masked?: readonly string[];
  /**
   * "soft": DELETE sets `deleted: true` (GET still answers it, lists omit it), and also removes the object
   * when the `softDelete` setting is false. "hard": removed.
   */
  deletion: "soft" | "hard";
  /** Answered inside the parent's representation under this field (in `order`). */
  embed?: { field: string };
  /** Query filters of the list op (validated: 400 naming the parameter), handed to `list`. */
  filters?: Readonly<Record<string, Spec>>;
  /** Routes beyond the generic ops. */
  extraRoutes?: readonly ExtraRoute<T>[];

  /** Cross-field rules beyond `body` (run after it). */
  check?(body: Record<string, unknown>, op: "create" | "update", ctx: KindContext): string[];
  /** A new object from a valid create body: everything but `org_id`, `id`, `created_at`, `updated_at`. */
  build(body: Record<string, unknown>, ctx: KindContext): Omit<T, keyof StoredObject>;
  /** API creates only (not seeds): consumes one-shot settings, e.g. `knowledgeFailNext`. */
  afterCreate?(obj: T, ctx: KindContext): void;
  /** Applies a valid update body; `stamp` is the new `updated_at` (set by the caller afterwards). */
  update?(obj: T, body: Record<string, unknown>, ctx: KindContext, stamp: string): void;
  /** The minimal create body a control-surface seed builds from (no validation), given the seed's fields. */
  seedBody(partial: Record<string, unknown>): Record<string, unknown>;
  /** After a seed was merged (e.g. knowledge: a seed is already processed). */
  afterSeed?(obj: T, partial: Record<string, unknown>): void;
  /** After an out-of-band edit was merged. */
  afterEdit?(obj: T, patch: Record<string, unknown>): void;
  /** List order (default creation order). */
  order?(a: T, b: T): number;
  /** Adds to the generic rendering (e.g. drift fields). */
  decorate?(out: Record<string, unknown>, obj: T, settings: EmulatorSettings): void;
  /** What the item routes answer, when not the object itself (links answer their content). */
  present?(obj: T, ctx: KindContext, op: Op): unknown;
  /** A list whose items are not this kind's objects: answered items, before pagination. */
  list?(ctx: KindContext, filters: Readonly<Record<string, string>>): unknown[];
  /** Time-driven changes, applied to every object before each request is served. */
  tick?(obj: T, nowMs: number, store: Store): void;
  /** How long the answer of an op waits (default none): a server that blocks until its work is done. */
  answerDelayMs?(obj: T, ctx: KindContext, op: Op): number;
}

/**
 * Declares a descriptor for stored type T, keeping its literal route strings for the `ApiRoute` type:
 * `defineKind<StoredAction>()({ ... })`.
 */
export function defineKind<T extends StoredObject>() {
  return <const D extends KindDescriptor<T>>(descriptor: D): D => descriptor;
}

// ---------------------------------------------------------------------------------------------------------
// Routes, derived from descriptors (values and types alike)
// ---------------------------------------------------------------------------------------------------------

type OpRoute<C extends string, I extends string, O> = O extends "list"
  ? `GET ${C}`
  : O extends "create"
    ? `POST ${C}`
    : O extends "get"
      ? `GET ${C}/${I}`
      : O extends "update"
        ? `PATCH ${C}/${I}`
        : O extends "delete"
          ? `DELETE ${C}/${I}`
          : O extends "put"
            ? `PUT ${C}/${I}`
            : never;

/** The base of item routes: `itemBase` when the descriptor has one, else the collection. */
type ItemBaseOf<D, C extends string> = D extends { itemBase: infer B extends string } ? B : C;
/** The create op's collection: `createCollection` when the descriptor has one, else the collection. */
type CreateBaseOf<D, C extends string> = D extends { createCollection: infer B extends string } ? B : C;

type OpRouteOf<D, C extends string, I extends string, O> = O extends "create"
  ? `POST ${CreateBaseOf<D, C>}`
  : O extends "list"
    ? `GET ${C}`
    : OpRoute<ItemBaseOf<D, C>, I, O>;

type ExtraRoutesOf<C extends string, I extends string, E> = E extends {
  on: infer On;
  method: infer M extends string;
  path: infer P extends string;
}
  ? On extends "item"
    ? `${M} ${C}/${I}/${P}`
    : `${M} ${C}/${P}`
  : never;

/** The route strings of one descriptor type, e.g. "GET /orgs/:org_id/assistants". */
export type RoutesOf<D> = D extends {
  collection: infer C extends string;
  item: infer I extends string;
  ops: readonly (infer O)[];
}
  ? | OpRouteOf<D, C, I, O>
    | (D extends { extraRoutes: readonly (infer E)[] } ? ExtraRoutesOf<ItemBaseOf<D, C>, I, E> : never)
  : never;

/** One routable thing: a generic op or an extra route of a kind. */
export interface RouteEntry {
  route: string;
  method: string;
  kind: KindDescriptor;
  op: Op | undefined;
  extra: ExtraRoute<StoredObject> | undefined;
}

/** The routes of a descriptor in declaration order: its ops, then its extra routes. */
export function routesOf(kind: KindDescriptor): RouteEntry[] {
  const item = `${kind.itemBase ?? kind.collection}/${kind.item}`;
  const entries: RouteEntry[] = kind.ops.map((op) => {
    const method = OP_METHODS[op];
    const collection = op === "create" ? (kind.createCollection ?? kind.collection) : kind.collection;
    const path = COLLECTION_OPS.includes(op) ? collection : item;
    return { route: `${method} ${path}`, method, kind, op, extra: undefined };
  });
  for (const extra of kind.extraRoutes ?? []) {
    const base = extra.on === "item" ? item : kind.collection;
    entries.push({
      route: `${extra.method} ${base}/${extra.path}`,
      method: extra.method,
      kind,
      op: undefined,
      extra,
    });
  }
  return entries;
}
