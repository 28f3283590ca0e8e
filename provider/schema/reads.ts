/**
 * List-backed reads: a refresh of N objects of one collection costs about ⌈N/100⌉ list calls instead of N GETs.
 *
 * Reads of one collection within a provider process share one listing, fetched lazily page by page
 * (`take` = the API's maximum): a read waits for the next page only while its object has not shown up yet, and
 * the listing never fetches more pages than the reads it has served, so a small stack in a large org still
 * costs about what its GETs would. Correctness comes first:
 * - an object absent from a complete listing is gone; a listing that failed or stopped early is never taken as
 *   "gone": the read falls back to a GET;
 * - a list item that lacks what `read` needs (or every item, when list items are assumed partial) is read
 *   with a GET;
 * - a listing is a snapshot: it is dropped after a short time, and when this process writes to the collection.
 */
import { ASSUMPTIONS } from "../assumptions";
import { InventClient, InventResponse } from "../client";
import { NotFoundError } from "../errors";
import { isGone, WireObject } from "./fields";

/** How long a listing may serve reads; a refresh reads everything well within it. */
const LISTING_TTL_MS = 30_000;

/** What a listing knows of one id. */
type Found = WireObject | "gone" | "unknown";

/** One collection's lazily fetched listing. */
class Listing {
  private readonly items = new Map<string, WireObject>();
  private readonly pages: AsyncGenerator<InventResponse<WireObject[]>>;
  private pending?: Promise<void>;
  private done = false;
  private failed = false;
  private fetched = 0;
  private served = 0;
  readonly startedAt: number;

  constructor(client: InventClient, org: string, collection: string, now: number) {
    this.pages = client.pages<WireObject>(collection, { org });
    this.startedAt = now;
  }

  async find(id: string): Promise<Found> {
    this.served++;
    for (;;) {
      const item = this.items.get(id);
      if (item) return isGone(item) ? "gone" : item;
      if (this.done) return this.failed ? "unknown" : "gone";
      // Never spend more list calls than the GETs the reads so far would have cost.
      if (this.fetched >= this.served && !this.pending) return "unknown";
      await (this.pending ??= this.next().finally(() => (this.pending = undefined)));
    }
  }

  private async next(): Promise<void> {
    try {
      const page = await this.pages.next();
      if (page.done) {
        this.done = true;
        return;
      }
      this.fetched++;
      for (const item of page.value.body) this.items.set(String(item.id), item);
    } catch {
      this.done = true;
      this.failed = true;
    }
  }
}

/** The object at `path` (relative to the org); undefined when it is gone (404 or `deleted: true`). */
async function getObject(client: InventClient, org: string, path: string): Promise<WireObject | undefined> {
  try {
    const live = await client.get<WireObject>(path, { org });
    return isGone(live) ? undefined : live;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/** One object by `GET {collection}/{id}`; undefined when it is gone. */
export function getById(client: InventClient, org: string, collection: string, id: string) {
  return getObject(client, org, `${collection}/${encodeURIComponent(id)}`);
}

/**
 * One object read from an array field of its parent (`GET {parent}`, then the item with this id), for kinds
 * the API has no GET by id for. Undefined when it is gone: absent from the array, or the parent gone.
 */
export async function getEmbedded(
  client: InventClient,
  org: string,
  parent: string,
  field: string,
  id: string,
): Promise<WireObject | undefined> {
  const items = (await getObject(client, org, parent))?.[field];
  const item = Array.isArray(items) ? (items as WireObject[]).find((x) => String(x?.id) === id) : undefined;
  return isGone(item) ? undefined : item;
}

/**
 * One object of a kind the API has no GET by id for (sub-organizations, segments): its collection listed, the
 * item with this id taken. Undefined when a complete listing lacks it.
 */
export async function getListed(
  client: InventClient,
  org: string,
  collection: string,
  id: string,
): Promise<WireObject | undefined> {
  const item = (await client.listAll<WireObject>(collection, { org })).find((o) => String(o.id) === id);
  return isGone(item) ? undefined : item;
}

/** Reads objects by id for one provider process, through shared listings where that is cheaper. */
export class CollectionReader {
  private readonly listings = new Map<string, Listing>();

  constructor(
    private readonly client: () => InventClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The live object, or undefined when it is gone (404, `deleted: true`, or absent from a complete listing).
   * `complete` says whether a list item carries what the caller needs; otherwise the object is read alone, by
   * `one` (default: a GET by id). `listOnly`: the listing is the only read the API has (no GET by id), so it is
   * used whatever `listItemsCarryWholeObject` says, and its items are whole by definition.
   */
  async read(
    org: string,
    collection: string,
    id: string,
    complete: (item: WireObject) => boolean,
    one: () => Promise<WireObject | undefined> = () => getById(this.client(), org, collection, id),
    listOnly = false,
  ): Promise<WireObject | undefined> {
    if (ASSUMPTIONS.listItemsCarryWholeObject || listOnly) {
      const found = await this.listing(org, collection).find(id);
      if (found === "gone") return undefined;
      if (found !== "unknown" && complete(found)) return found;
    }
    return one();
  }

  /**
   * A child embedded in its parent (an assistant's `actions[]`), read from the listing of the parent's
   * collection, so a refresh of an assistant and its children shares one listing. "gone" when the parent is
   * absent from a complete listing or the child from the parent's array; "unknown" (read it another way) when
   * the listing failed or the item lacks what the caller needs.
   */
  async readEmbedded(
    org: string,
    parentCollection: string,
    parentId: string,
    field: string,
    id: string,
    complete: (item: WireObject) => boolean,
  ): Promise<WireObject | "gone" | "unknown"> {
    if (!ASSUMPTIONS.listItemsCarryWholeObject) return "unknown";
    const parent = await this.listing(org, parentCollection).find(parentId);
    if (parent === "gone" || parent === "unknown") return parent;
    const items = parent[field];
    if (!Array.isArray(items)) return "unknown";
    const item = (items as WireObject[]).find((x) => String(x?.id) === id);
    if (!item || isGone(item)) return "gone";
    return complete(item) ? item : "unknown";
  }

  /** Drops the listing of a collection this process just wrote to. */
  forget(org: string, collection: string): void {
    this.listings.delete(`${org} ${collection}`);
  }

  private listing(org: string, collection: string): Listing {
    const key = `${org} ${collection}`;
    let l = this.listings.get(key);
    if (!l || this.now() - l.startedAt > LISTING_TTL_MS) {
      l = new Listing(this.client(), org, collection, this.now());
      this.listings.set(key, l);
    }
    return l;
  }
}

/** How long one listing may serve as "what existed before" for the creates of a run. */
const SNAPSHOT_TTL_MS = 30_000;

/**
 * One listing of a collection shared by the creates that start within a short time, so `up` of N objects costs
 * about ⌈M/100⌉ list calls per 30 s instead of per create. Safe for creation recovery: an object this process
 * makes after the listing is claimed by its create, and one made by someone else meanwhile would also have to
 * hold exactly the same content to be mistaken for ours.
 */
export class CollectionSnapshots {
  private readonly snapshots = new Map<
    string,
    { at: number; listing: Promise<{ items: WireObject[]; serverTime?: number }> }
  >();

  constructor(
    private readonly client: () => InventClient,
    private readonly now: () => number = Date.now,
  ) {}

  get(org: string, collection: string): Promise<{ items: WireObject[]; serverTime?: number }> {
    const key = `${org} ${collection}`;
    const hit = this.snapshots.get(key);
    if (hit && this.now() - hit.at <= SNAPSHOT_TTL_MS) return hit.listing;
    const listing = this.client().listAllWithTime<WireObject>(collection, { org });
    this.snapshots.set(key, { at: this.now(), listing });
    listing.catch(() => this.snapshots.delete(key)); // a failed listing is not kept
    return listing;
  }

  /** Drops the listing of a collection this process just wrote to. */
  forget(org: string, collection: string): void {
    this.snapshots.delete(`${org} ${collection}`);
  }
}
