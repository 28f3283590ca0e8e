/**
 * Reading a whole org for `pulumi-invent export`: every kind the library manages, every page, GETs only. It
 * goes through the library's own client (pagination, retries, rate limits) and the resource descriptions'
 * paths, so it reads exactly what the provider reads.
 */
import { InventClient } from "../client";
import { actionSpec } from "../resources/action";
import { byPosition } from "../resources/action-order";
import { assistantSpec } from "../resources/assistant";
import { channelSpec } from "../resources/channel";
import { connectionSpec } from "../resources/connection";
import { knowledgeContentSpec } from "../resources/knowledge-content";
import { isLinked, knowledgeLinkSpec } from "../resources/knowledge-link";
import { segmentSpec } from "../resources/segment";
import { subOrganizationSpec } from "../resources/sub-organization";
import { InventError } from "../errors";
import { isGone, WireObject } from "../schema/fields";
import { collectionPath, listOnly, readOne } from "../schema/address";
import { ResourceSpec } from "../schema/spec";
import { lacking } from "../schema/wire";

/** Everything of one org that the library can manage, as the API returns it (gone objects left out). */
export interface OrgSnapshot {
  /** The org as addressed (`c` or a real id). */
  org: string;
  assistants: WireObject[];
  connections: WireObject[];
  /** Per assistant id: its actions in the order the API offers them (by `position`). */
  actions: Map<string, WireObject[]>;
  /** Per assistant id: its channels. */
  channels: Map<string, WireObject[]>;
  contents: WireObject[];
  /** Per assistant id: ids of the contents linked to it. */
  links: Map<string, string[]>;
  /** The org's sub-organizations (empty when the key is not an agency's), each with its `billing`. */
  subOrgs?: WireObject[];
  /** The org's contacts segments. */
  segments?: WireObject[];
  /** API calls the reading made (one per page). */
  calls: number;
}

/** Where reading reports what it does (one line per step, for stderr). */
export type ProgressReporter = (line: string) => void;

/** Listings of assistants' children run this many at a time (the client keeps under the rate limit anyway). */
const CONCURRENCY = 8;

async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** Reads every object of `org`: one listing per collection (100 items a page), children from their parent. */
export async function readOrg(
  client: InventClient,
  org: string,
  progress: ProgressReporter = () => {},
): Promise<OrgSnapshot> {
  let calls = 0;
  /**
   * Every live item of a collection, counting pages. An item that lacks a value the kind reads (a summary
   * listing, a text the list leaves out) is read again alone, the way the provider reads it: one GET for that
   * item only, so the program gets every value the API gives.
   */
  const list = async (spec: ResourceSpec, values: Record<string, unknown> = {}) => {
    const items: WireObject[] = [];
    for await (const page of client.pages<WireObject>(collectionPath(spec.path, values), { org })) {
      calls++;
      items.push(...page.body);
    }
    return whole(
      spec,
      items.filter((o) => !isGone(o)),
      values,
    );
  };
  const whole = async (spec: ResourceSpec, items: WireObject[], values: Record<string, unknown>) => {
    if (spec.steps || listOnly(spec.locate)) return items; // a link is a flag in a list; a list is all some kinds have
    const out = [...items];
    await inBatches(
      out.map((item, i) => ({ item, i })).filter(({ item }) => lacking(spec.fields, item).length > 0),
      async ({ item, i }) => {
        calls++;
        const one = await readOne(client, spec, values, String(item.id), org);
        if (one) out[i] = one;
      },
    );
    return out.filter((o) => !isGone(o));
  };
  const spec = (s: unknown) => s as ResourceSpec;

  const assistants = await list(spec(assistantSpec));
  progress(`assistants: ${assistants.length}`);
  const connections = await list(spec(connectionSpec));
  progress(`connections: ${connections.length}`);
  const contents = await list(spec(knowledgeContentSpec));
  progress(`knowledge contents: ${contents.length}`);
  // Only an agency's key lists sub-orgs; any other answers 401/403/404, which means "none here".
  const subOrgs = await list(spec(subOrganizationSpec)).catch((err: unknown) => {
    if (err instanceof InventError && [401, 403, 404].includes(err.status ?? 0)) return [];
    throw err;
  });
  if (subOrgs.length) progress(`sub-organizations: ${subOrgs.length}`);
  const segments = await list(spec(segmentSpec));
  progress(`segments: ${segments.length}`);

  /**
   * A child kind's items of one assistant: from the assistant's own embedded array when the listing carries it
   * (the provider's reads rely on the same), else from the child collection.
   */
  const children = async (kind: ResourceSpec, assistant: WireObject): Promise<WireObject[]> => {
    const embedded = kind.locate?.embeddedIn?.field;
    const inline = embedded ? assistant[embedded] : undefined;
    const values = { assistantId: String(assistant.id) };
    if (Array.isArray(inline))
      return whole(
        kind,
        (inline as WireObject[]).filter((o) => !isGone(o)),
        values,
      );
    return list(kind, values);
  };
  const actions = new Map<string, WireObject[]>();
  const channels = new Map<string, WireObject[]>();
  const links = new Map<string, string[]>();
  let done = 0;
  await inBatches(assistants, async (a) => {
    const id = String(a.id);
    const acts = await children(spec(actionSpec), a);
    // By position (equal positions in the order listed); as listed when the API shows no positions.
    actions.set(id, byPosition(acts) ?? acts);
    channels.set(id, await children(spec(channelSpec), a));
    // Links are a flag on the per-assistant list of the org's contents: no contents, no links to read.
    links.set(
      id,
      contents.length
        ? (await list(spec(knowledgeLinkSpec), { assistantId: id })).filter(isLinked).map((c) => String(c.id))
        : [],
    );
    done++;
    if (done % 25 === 0 || done === assistants.length)
      progress(`children of assistants: ${done}/${assistants.length}`);
  });
  return { org, assistants, connections, actions, channels, contents, links, subOrgs, segments, calls };
}
