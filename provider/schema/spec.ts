/**
 * The description of a resource kind, as `provider/resources/*.ts` write it: what generic code (the lifecycle
 * core, its fronts, lookups, docs, doctor, export) reads. Types only, so any layer can import it.
 */
import type { InventClient } from "../client";
import type { Logger } from "../log";
import type { Fields, PlainArgs, StateOf, WireObject } from "./fields";
import type { Progress } from "./settle";
import type { CheckFailure } from "./validate";

/** What a resource-specific step after a create or update sees. */
export interface WriteStep<F extends Fields> {
  created: boolean;
  /** Dotted input paths that changed (empty on create). */
  changed: string[];
  news: PlainArgs<F>;
  /** State before an update (absent on create). */
  olds?: StateOf<F>;
  /** The object as the last call returned it; absent on an update that sent no PATCH. */
  live?: WireObject;
  /** Calls an action endpoint of this object, e.g. `action("POST", "rotate-secret-key")`. */
  action(method: "GET" | "POST", name: string): Promise<WireObject>;
}

/**
 * The one description of a resource. Generic code turns it into validation, diff, the CRUD calls, the
 * Pulumi class and its docs.
 */
export interface ResourceSpec<F extends Fields = Fields> {
  /** Type token suffix: `pulumi-nodejs:dynamic/invent:<type>`. Never change it: it is part of every URN. */
  type: string;
  /** One paragraph for the README and the class TSDoc. */
  doc: string;
  /**
   * Where the objects live under their org: a path template whose `{name}` parameters are path fields of this
   * resource (`/assistants/{assistantId}/actions`). Generic code encodes them; they are never sent in a body.
   */
  path: string;
  fields: F;
  /** Rules that span fields, run after the per-field rules. */
  check?: (values: PlainArgs<F>) => CheckFailure[];
  /**
   * The fields that name an object for people (assistant: name; connection: type and name). Used in messages,
   * and to warn when a create adds a second object of the same name. Never used to pick an object.
   */
  naturalKey?: (keyof F & string)[];
  /**
   * Whether a create warns about objects with the same natural key (default true). Off for kinds whose every
   * change is a replacement: the namesake is then usually the object being replaced.
   */
  warnNamesakes?: boolean;
  /**
   * A replacement deletes the old object before creating the new one (for kinds that allow only one at a time).
   * Default: create first, so nothing is missing in between.
   */
  deleteBeforeReplace?: boolean;
  /**
   * Filters of the kind's list function (`listKnowledgeContents({ status })`) besides its natural key, which
   * always is one. Checked on every listed item: the org-wide lists document no query filters.
   */
  listFilters?: Record<string, ListFilter>;
  /** The API's limit on creations per org and hour, when it has one: a plan that exceeds it is warned at preview. */
  createsPerHour?: number;
  /** Extra calls after a create or update (rotate a key, …); returns the object as it now is. */
  afterWrite?: (step: WriteStep<F>) => Promise<WireObject | undefined>;
  /**
   * Lifecycle steps that replace the generic ones, for a resource that is not one object at one URL (the order
   * of an assistant's actions is a call on their collection). Each returns the object as the fields read it.
   */
  steps?: CustomSteps<F>;
  /**
   * How one object is read when no listing answers for it. Default: `GET {path}/{id}`. A kind whose objects
   * are embedded in their parent can say so; when `getById` is false (the API has no such GET) the object is
   * read from the parent instead: `GET {embeddedIn.parentPath}`, then the item of `embeddedIn.field` with its id.
   * With `getById` false and no parent, it is read through the listing only (the item with its id).
   */
  locate?: Locate;
  /**
   * For objects the API finishes asynchronously (knowledge content is processed after the POST): create waits
   * until `state` says done. A failure or the deadline passing records the object in state as half-made (an
   * error carrying its id), so nothing is created twice: the next `up` replaces a failed object and waits
   * again for an unfinished one.
   */
  settle?: Settling;
  /**
   * The API has no create for this kind (segments): an object is only ever taken over with `adoptId`, and
   * declaring one without it is refused at preview. A change that would replace one is refused too.
   */
  adoptOnly?: boolean;
  /** The API has no delete for this kind: what `destroy` does instead, and what it tells the user. */
  undeletable?: Undeletable;
  /**
   * The object is a settings block of another object (its owner), written only by PATCH: "create" and update
   * are one PATCH of `path` (no POST, so nothing can be made twice), and it is read from its owner.
   */
  patchOnly?: PatchOnly;
  /**
   * The top-level arguments the create body takes, when not all of them (a function: an assumption may say):
   * the POST carries these, and the other declared values follow in one PATCH of the new object. Exactly-once
   * recovery then compares only what the POST sent.
   */
  createTakes?: () => readonly string[];
  /**
   * For a kind with custom `steps`, the form of the id its create returns, from its fields
   * (`{assistantId}/{contentId}`): `pulumi import` of the native provider reads the fields back from it. Other
   * kinds need none: their import id is `<parent ids>/<id>` (see `schema/import-id.ts`).
   */
  idTemplate?: string;
}

/** What `destroy` does with an object the API cannot delete. */
export interface Undeletable {
  /**
   * Why it cannot be deleted and what is left behind, two sentences for every message: "the Invent API cannot
   * delete a sub-organization." and "It still exists, and bills, until it is detached in the Invent dashboard."
   */
  why: string;
  remains: string;
  /**
   * The local field in which users choose (`deletionPolicy`): `"abandon"` (the default: destroy forgets the
   * object and says so) or `"prevent"` (destroy and any replacement fail with the explanation). Absent: always
   * abandon, and replacing is harmless (a settings block is written again, never duplicated).
   */
  policyField?: string;
  /**
   * The local boolean field that lets a change which replaces the object go ahead (a new object is made, the
   * old one forgotten under "abandon"). Without it such a change is refused at preview.
   */
  allowReplacementField?: string;
}

/** Where a settings block's owner is read: the owner's collection, and the path field holding its id. */
export interface PatchOnly {
  owner: { collection: string; idField: string; locate?: Locate };
}

/** A filter of a list function: its argument type and doc, and how an item is matched. */
export interface ListFilter {
  doc: string;
  /** The argument's TypeScript type. */
  tsType: string;
  /** Whether a live item passes the filter with this value. */
  matches(live: WireObject, value: string): boolean;
}

/** How to wait for an object the API finishes after the create answered. */
export interface Settling {
  /** What is awaited, for messages: "processing". */
  noun: string;
  /** Where the live object stands: done, failed (and why), or pending (and how far). */
  state(live: WireObject): Progress;
  /** The local field holding the deadline in seconds (checked when the description loads), and its default. */
  timeoutField: string;
  defaultTimeoutSeconds: number;
  /** The output named as the reason when a failed object is replaced (`status`). */
  statusOutput: string;
  /** What the user should fix when the object failed, a sentence for the error (the server's reason comes first). */
  whenFailed: string;
}

/**
 * How one object is read alone: by `GET {path}/{id}`, from the array its parent embeds it in, or, for a kind
 * the API offers no GET by id for and no parent embeds, from its collection's listing (filtered by id).
 */
export interface Locate {
  /** Whether `GET {path}/{id}` exists. */
  getById: boolean;
  /** The parent object's path template (`/assistants/{assistantId}`) and its array field (`integrations`). */
  embeddedIn?: { parentPath: string; field: string };
}

/** What a custom lifecycle step gets: the client, the org, the collection path, and the declared values. */
export interface StepContext<F extends Fields> {
  client: InventClient;
  org: string;
  collection: string;
  values: PlainArgs<F>;
  /** State before an update. */
  olds?: StateOf<F>;
  logger: Logger;
  /**
   * Every item of the collection, from one listing shared by the steps of this process for a short time (a
   * refresh of N objects costs one listing, not N); dropped when a step of this resource writes.
   */
  listing(): Promise<WireObject[]>;
}

export interface CustomSteps<F extends Fields> {
  create(c: StepContext<F>): Promise<{ id: string; live: WireObject }>;
  /** The object now, or undefined when it is gone. */
  read(c: StepContext<F>, id: string): Promise<WireObject | undefined>;
  update(c: StepContext<F>, id: string): Promise<WireObject>;
  delete(c: StepContext<F>, id: string): Promise<void>;
}
