/**
 * Exactly-once creation without an idempotency key.
 *
 * The API cannot make a POST idempotent, so a create whose answer is lost (a 5xx, a reset) may or may not have
 * made the object. The rules, for every resource kind:
 * - Before the POST, list the collection once: the objects that already match what we are about to send, and
 *   the server's clock (its `Date` header). Those objects are never taken for ours.
 * - After an ambiguous failure, look again (the listing has the client's own retries). Ours is an object that
 *   was not there before, was created at or after the server's start time, matches everything the create sent,
 *   and that no other create of this process has claimed. One such object: it is ours. None: the request made
 *   nothing, so send it again (a bounded number of times). Several: an error naming them, never a guess.
 * - When the outcome stays unknown (the listing failed too, or several candidates), the create fails with an
 *   error that carries a placeholder id, so Pulumi records a half-made resource instead of forgetting it. Every
 *   later step refuses to act on it until `pulumi refresh` resolves it: the one object that attempt made is
 *   recorded under its real id, or the attempt is forgotten when it made none. Destroy deletes that object.
 */
import { ConnectionError, InventError, RateLimitedError, ServerError } from "../errors";
import { InventClient } from "../client";
import { Logger } from "../log";
import { isGone, WireObject } from "./fields";

type Obj = Record<string, unknown>;

/** POSTs sent for one create before giving up; each failure in between is verified by a listing. */
export const MAX_CREATE_ATTEMPTS = 3;

/** Pause before the verifying listing, so a request the server is still finishing shows up in it. */
const VERIFY_DELAY_MS = 500;

/** Ids of placeholders for creates whose outcome is unknown start with this; no API id does. */
export const UNKNOWN_OUTCOME_PREFIX = "unknown-outcome-";

/** The output property under which a placeholder keeps what is needed to resolve it later. */
export const CREATE_ATTEMPT_KEY = "__createAttempt";

/** What a placeholder remembers of the create attempt. */
export interface CreateAttempt {
  /** Server time (ISO-8601) at which the attempt began: its object cannot be older. */
  startedAt?: string;
  /** Objects that already matched the declared content before the attempt: never ours. */
  before: string[];
}

export const isPlaceholderId = (id: string) => id.startsWith(UNKNOWN_OUTCOME_PREFIX);

/** Ids that creates and resolutions of this process took as theirs: another resource never takes them too. */
const claimed = new Set<string>();

/** What the create machinery needs to know of one resource kind and one object. */
export interface CreateTarget {
  client: InventClient;
  logger: Logger;
  org: string;
  collection: string;
  /** How the object is named in messages: `Assistant "Support"`. */
  label: string;
  /** Whether a live object carries everything the create sends (write-only values aside). */
  matches: (live: WireObject) => boolean;
  /** Objects with the same natural key (same name, …): worth a warning, never taken. */
  sameKey?: (live: WireObject) => boolean;
  /** Wait out a long creation limit (the hourly one) instead of failing at once. */
  waitForLimit?: boolean;
  /**
   * The collection as it was shortly before this create (shared by the creates of one run, so a stack of N
   * objects does not list the collection N times). Default: a fresh listing.
   */
  before?: () => Promise<{ items: WireObject[]; serverTime?: number }>;
}

/**
 * An object that exists (or may) but is not finished: `id` and `properties` make Pulumi record it half-made
 * instead of forgetting it, and the engine shows `reasons` (not the message) for it.
 */
export class HalfMadeError extends InventError {
  override readonly name: string = "HalfMadeError";
  readonly reasons: string[];
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Obj,
  ) {
    super(message);
    this.reasons = [message];
  }
}

/** A create whose outcome could not be established: recorded under a placeholder id until resolved. */
export class UnknownOutcomeError extends HalfMadeError {
  override readonly name = "UnknownOutcomeError";
}

const ambiguous = (err: unknown) => err instanceof ServerError || err instanceof ConnectionError;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const idOf = (o: WireObject) => String(o.id);
/** What happened to a request, without the generic advice ("retry later") that is wrong here. */
const briefly = (err: unknown) =>
  err instanceof InventError && err.request
    ? `${err.request} ${err.status ? `failed with ${err.status}` : "got no answer"}`
    : String((err as Error).message ?? err);

/** The candidates for "the object this attempt made", given a fresh listing. */
export function candidatesOf(
  items: WireObject[],
  target: CreateTarget,
  attempt: CreateAttempt,
): WireObject[] {
  const since = attempt.startedAt ? Date.parse(attempt.startedAt) : undefined;
  const before = new Set(attempt.before);
  return items.filter(
    (o) =>
      !isGone(o) &&
      !before.has(idOf(o)) &&
      !claimed.has(idOf(o)) &&
      !(since !== undefined && Date.parse(String(o.created_at)) < since) &&
      target.matches(o),
  );
}

const describeObjects = (objects: WireObject[]) =>
  objects.map((o) => `${idOf(o)} (created ${String(o.created_at)})`).join(", ");

/** Claims an object as this process's (a create or a resolution took it). */
export function claim(live: WireObject): WireObject {
  claimed.add(idOf(live));
  return live;
}

/**
 * Creates the object exactly once (see the module comment). Returns the live object; throws the POST's own
 * error when it was definitely not processed, or an {@link UnknownOutcomeError} carrying a placeholder id.
 */
export async function createExactlyOnce(
  target: CreateTarget,
  body: Obj,
  placeholderProps: (attempt: CreateAttempt) => Obj,
): Promise<WireObject> {
  const { client, logger, org, collection, label } = target;
  const listing = await (target.before ?? (() => client.listAllWithTime<WireObject>(collection, { org })))();
  const attempt: CreateAttempt = {
    startedAt: listing.serverTime !== undefined ? new Date(listing.serverTime).toISOString() : undefined,
    before: listing.items.filter((o) => !isGone(o) && target.matches(o)).map(idOf),
  };
  const namesakes = listing.items.filter((o) => !isGone(o) && target.sameKey?.(o));
  if (namesakes.length) {
    const one = namesakes.length === 1;
    logger.warn(
      `${label}: the org already has ${one ? "an object" : `${namesakes.length} objects`} with this name ` +
        `(${describeObjects(namesakes)}); creating a new one as declared: an existing object is never taken ` +
        `over unless you say so. To manage ${one ? "that one" : "one of them"} instead, give this resource ` +
        `\`adoptId: ${JSON.stringify(idOf(namesakes[0]))}\`${one ? "" : " (or another of those ids)"}; adoptId ` +
        "only counts at create, so first delete the object made now (`pulumi destroy --target <urn>`), then run " +
        "`pulumi up`. To bring a whole org under Pulumi, run `pulumi-invent export`.",
    );
  }

  const unknown = (why: string, found: WireObject[] = []) => {
    const placeholder = `${UNKNOWN_OUTCOME_PREFIX}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const where = `in org ${org}${attempt.startedAt ? `, created at or after ${attempt.startedAt} (server time)` : ""}`;
    return new UnknownOutcomeError(
      `${label}: the outcome of the create is unknown: ${why} ` +
        (found.length
          ? `Objects that match it: ${describeObjects(found)}; keep at most one (delete the others in the Invent dashboard). `
          : `Look for it ${where}. `) +
        "Pulumi records the attempt, and nothing more is created for this resource until it is resolved: run " +
        "`pulumi refresh` (or `pulumi up --refresh`), which records the object the attempt made, or forgets the " +
        "attempt if it made none. Do not delete the stack's state or run with a fresh stack meanwhile: that is " +
        "what would make a duplicate.",
      placeholder,
      { ...placeholderProps(attempt), [CREATE_ATTEMPT_KEY]: attempt },
    );
  };

  for (let n = 1; ; n++) {
    let failure: InventError;
    try {
      const made = await postWaitingForLimit(target, body);
      if (typeof made?.id === "string" && made.id) return claim(made);
      // A 2xx that does not say which object it made ([D]: the answer is the object): the server acted, so the
      // POST is never sent again; the object is found the way a lost answer's is.
      return await madeWithoutId(target, attempt, unknown);
    } catch (err) {
      if (!ambiguous(err)) throw err;
      failure = err as InventError;
    }
    logger.warn(
      `${label}: ${failure.message} Checking whether the object was made before sending anything again.`,
    );
    await sleep(VERIFY_DELAY_MS);
    let found: WireObject[];
    try {
      found = candidatesOf(await client.listAll<WireObject>(collection, { org }), target, attempt);
    } catch (err) {
      throw unknown(
        `the request failed (${briefly(failure)}) and listing the collection to check also failed ` +
          `(${briefly(err)}).`,
      );
    }
    if (found.length === 1) {
      logger.info(`${label}: the failed request did create ${idOf(found[0])}; using it.`);
      return claim(found[0]);
    }
    if (found.length > 1) throw unknown(`${found.length} new objects match it.`, found);
    if (n >= MAX_CREATE_ATTEMPTS) {
      throw new InventError(
        `${label}: the create failed ${n} times and made nothing (the collection was checked after each ` +
          `failure). Last error: ${failure.message}`,
        { status: failure.status, request: failure.request, serverMessages: failure.serverMessages },
      );
    }
    logger.info(
      `${label}: the failed request made nothing; sending it again (attempt ${n + 1}/${MAX_CREATE_ATTEMPTS}).`,
    );
  }
}

/** The object a create answered 2xx for without its id: the one new match of a listing, else an unknown outcome. */
async function madeWithoutId(
  target: CreateTarget,
  attempt: CreateAttempt,
  unknown: (why: string, found?: WireObject[]) => UnknownOutcomeError,
): Promise<WireObject> {
  const why = "the API accepted the create (2xx) but its answer carries no id.";
  target.logger.warn(`${target.label}: ${why} Looking for the object it made.`);
  await sleep(VERIFY_DELAY_MS);
  let found: WireObject[];
  try {
    found = candidatesOf(
      await target.client.listAll<WireObject>(target.collection, { org: target.org }),
      target,
      attempt,
    );
  } catch (err) {
    throw unknown(`${why} Listing the collection to find it failed (${briefly(err)}).`);
  }
  if (found.length === 1) return claim(found[0]);
  throw unknown(`${why} ${found.length ? `${found.length} new objects match it.` : "No new object matches it."}`, found);
}

/** How often a create waiting for the hourly limit says it is still waiting. */
const WAIT_REPORT_MS = 60_000;

/**
 * The POST; when the hourly creation limit answers and the user opted in, waits for the time the server gives
 * (reporting progress) and sends it again. A 429 was not processed, so sending again is safe.
 */
async function postWaitingForLimit(target: CreateTarget, body: Obj): Promise<WireObject> {
  for (;;) {
    try {
      return await target.client.post<WireObject>(target.collection, body, { org: target.org });
    } catch (err) {
      if (!(err instanceof RateLimitedError) || !target.waitForLimit || err.retryAfterSeconds === undefined)
        throw err;
      let left = err.retryAfterSeconds * 1000 + 1000;
      target.logger.info(
        `${target.label}: the creation limit is reached; waiting until ${new Date(Date.now() + left).toISOString()} ` +
          "(invent:waitForCreationLimit is on).",
      );
      while (left > 0) {
        await sleep(Math.min(left, WAIT_REPORT_MS));
        left -= WAIT_REPORT_MS;
        if (left > 0)
          target.logger.info(
            `${target.label}: still waiting for the creation limit, ${Math.ceil(left / 60_000)} min left.`,
          );
      }
    }
  }
}

/**
 * Resolves a placeholder left by an unknown outcome: the one object the attempt made, `undefined` when it made
 * none, or an error naming several.
 */
export async function resolveAttempt(
  target: CreateTarget,
  attempt: CreateAttempt,
): Promise<WireObject | undefined> {
  const found = candidatesOf(
    await target.client.listAll<WireObject>(target.collection, { org: target.org }),
    target,
    attempt,
  );
  if (found.length > 1)
    throw new InventError(
      `${target.label}: an earlier create's outcome was unknown, and ${found.length} objects match it: ` +
        `${describeObjects(found)}. Keep at most one (delete the others in the Invent dashboard), then run ` +
        "`pulumi refresh` again.",
    );
  return found.length ? claim(found[0]) : undefined;
}

/** The error every step but refresh and delete gives for a placeholder. */
export function unresolvedError(label: string, id: string): InventError {
  return new InventError(
    `${label}: an earlier create's outcome is still unknown (recorded as ${id}). Run \`pulumi refresh\` (or ` +
      "`pulumi up --refresh`) first: it records the object that create made, or forgets the attempt if it made " +
      "none. Nothing is created for this resource until then, so no duplicate can appear.",
  );
}
