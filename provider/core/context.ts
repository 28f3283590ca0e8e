/**
 * The front-neutral lifecycle: what the steps of one resource kind share in a process. A front (the dynamic
 * provider, a native provider) or a test builds one context per kind with `kindContext` and calls the steps
 * (`check.ts`, `diff.ts`, `create.ts`, `read.ts`, `update.ts`, `delete.ts`, `adopt.ts`, `reference.ts`,
 * `settle.ts`) on it. Nothing here knows which front called it.
 */
import { InventClient } from "../client";
import type { ReadBackMode } from "../config";
import { NotFoundError } from "../errors";
import { Logger } from "../log";
import { collectionPath, readOne } from "../schema/address";
import { assertCoherent } from "../schema/coherence";
import { Fields, PlainArgs, WireObject } from "../schema/fields";
import { CollectionReader, CollectionSnapshots } from "../schema/reads";
import { ResourceSpec, StepContext } from "../schema/spec";
import { FieldTable, tableOf } from "../schema/table";

export type Obj = Record<string, unknown>;

/** What the lifecycle needs from its process: the client (built lazily: it needs the key) and the default org. */
export interface ProviderContext {
  client(): InventClient;
  defaultOrg(): string;
  logger: Logger;
  /** Whether a create that hits the hourly creation limit waits for it (`invent:waitForCreationLimit`). */
  waitForCreationLimit?(): boolean;
  /** Reads shared by every resource type of the process (a child reads through its parent's listing). */
  reader?: CollectionReader;
  /** What a value the API did not keep after a write is (`invent:readBack`); default a warning. */
  readBack?(): ReadBackMode;
}

/** What every lifecycle step of one kind shares in a process: built once per kind by {@link kindContext}. */
export interface KindContext {
  spec: ResourceSpec;
  fields: Fields;
  /** The compiled field table of `fields`. */
  table: FieldTable;
  client(): InventClient;
  defaultOrg(): string;
  logger: Logger;
  waitForCreationLimit(): boolean;
  readBack(): ReadBackMode;
  /** Reads go through shared listings (one per collection and process) where that is cheaper than GETs. */
  reader: CollectionReader;
  /** What a collection held shortly before a create, shared by the creates of a run (`CreateTarget.before`). */
  snapshots: CollectionSnapshots;
  /** Listings shared by custom steps (see `StepContext.listing`), dropped when a step writes. */
  stepSnapshots: CollectionSnapshots;
  /** Creations this plan makes per org (check sees each new resource once), to warn before the limit bites. */
  planned: Map<string, number>;
}

/** The context of one kind in a process; refuses an incoherent description. */
export function kindContext<F extends Fields>(
  description: ResourceSpec<F>,
  ctx: ProviderContext,
): KindContext {
  const spec = description as unknown as ResourceSpec;
  assertCoherent(spec);
  return {
    spec,
    fields: spec.fields,
    table: tableOf(spec.fields),
    client: ctx.client,
    defaultOrg: ctx.defaultOrg,
    logger: ctx.logger,
    waitForCreationLimit: () => ctx.waitForCreationLimit?.() ?? false,
    readBack: () => ctx.readBack?.() ?? "warn",
    reader: ctx.reader ?? new CollectionReader(() => ctx.client()),
    snapshots: new CollectionSnapshots(() => ctx.client()),
    stepSnapshots: new CollectionSnapshots(() => ctx.client()),
    planned: new Map(),
  };
}

/** The org an object lives in: its own `orgId` (check resolved the default into it), else the default. */
export const orgOf = (k: KindContext, v: Obj): string =>
  typeof v.orgId === "string" ? v.orgId : k.defaultOrg();

export const collectionOf = (k: KindContext, v: Obj) => collectionPath(k.spec.path, v);

/** An object's URL under its org; a settings block (`patchOnly`) is its path itself, without an id. */
export const objectPath = (k: KindContext, v: Obj, id: string) =>
  k.spec.patchOnly ? collectionOf(k, v) : `${collectionOf(k, v)}/${encodeURIComponent(id)}`;

/** Where a settings block's owner is listed, and the owner's id (the block's own id). */
export const ownerOf = (k: KindContext, v: Obj, id?: string) => {
  const { owner } = k.spec.patchOnly!;
  return {
    spec: { path: owner.collection, locate: owner.locate },
    collection: collectionPath(owner.collection, v),
    id: id ?? String(v[owner.idField]),
  };
};

/** `Assistant "Support"`: the kind and the natural key, for messages. */
export const label = (k: KindContext, v: Obj) => {
  const key = (k.spec.naturalKey ?? []).map((n) => v[n]).filter((x) => x !== undefined && x !== null);
  return `${k.spec.type}${key.length ? ` ${key.map((x) => JSON.stringify(x)).join(" ")}` : ""}`;
};

/** One object read alone; a settings block is read from its owner (the object whose id it has). */
export const fetchOne = (k: KindContext, v: Obj, id: string, org: string) => {
  if (!k.spec.patchOnly) return readOne(k.client(), k.spec, v, id, org);
  const owner = ownerOf(k, v, id);
  return readOne(k.client(), owner.spec, v, owner.id, org);
};

/** Like `fetchOne`, for an object that must exist (an update): gone is an error. */
export const fetchExisting = async (k: KindContext, v: Obj, id: string, org: string): Promise<WireObject> => {
  const live = await fetchOne(k, v, id, org);
  if (!live)
    throw new NotFoundError(`${label(k, v)} ${id} no longer exists; run \`pulumi refresh\` to forget it.`, {
      status: 404,
    });
  return live;
};

/**
 * Where a child embedded in its parent is found in the parent's listing: the parent's collection (its path
 * less the last `{param}` segment) and the parent's id, from the child's path fields.
 */
export const parentListing = (k: KindContext, v: Obj) => {
  const m = /^(.*)\/\{(\w+)\}$/.exec(k.spec.locate!.embeddedIn!.parentPath)!;
  return { collection: collectionPath(m[1], v), id: String(v[m[2]]) };
};

/** Drops the listings a write to this collection makes stale: its own and, for a child, its parent's. */
export const forgetReads = (k: KindContext, v: Obj, org: string) => {
  k.reader.forget(org, collectionOf(k, v));
  if (k.spec.locate?.embeddedIn) k.reader.forget(org, parentListing(k, v).collection);
  if (k.spec.patchOnly) k.reader.forget(org, ownerOf(k, v).collection);
};

/** Calls an action endpoint of an object (`WriteStep.action`). */
export const stepActions =
  (k: KindContext, values: Obj, id: string, org: string) => (method: "GET" | "POST", name: string) =>
    k
      .client()
      .request<WireObject>(method, `${objectPath(k, values, id)}/${name}`, { org })
      .then((r) => r.body);

/** What a kind's custom lifecycle step gets (`ResourceSpec.steps`). */
export const stepContext = (k: KindContext, values: Obj, org: string): StepContext<Fields> => ({
  client: k.client(),
  org,
  collection: collectionOf(k, values),
  values: values as PlainArgs<Fields>,
  logger: k.logger,
  listing: () => k.stepSnapshots.get(org, collectionOf(k, values)).then((l) => l.items),
});

/** Runs a writing custom step; later reads of its collection list afresh. */
export const writing = async <T>(
  k: KindContext,
  values: Obj,
  org: string,
  step: () => Promise<T>,
): Promise<T> => {
  try {
    return await step();
  } finally {
    k.stepSnapshots.forget(org, collectionOf(k, values));
  }
};
