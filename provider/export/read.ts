/**
 * Reading a whole org for `pulumi-invent export`: every kind the library manages, every page, GETs only. It
 * goes through the library's own client (pagination, retries, rate limits) and the resource descriptions'
 * paths, so it reads exactly what the provider reads.
 */
import { InventClient } from "../client";
import { actionSpec } from "../resources/action";
import { assistantSpec } from "../resources/assistant";
import { channelSpec } from "../resources/channel";
import { connectionSpec } from "../resources/connection";
import { knowledgeContentSpec } from "../resources/knowledge-content";
import { knowledgeLinkSpec } from "../resources/knowledge-link";
import { isGone, WireObject } from "../schema/fields";
import { collectionPath } from "../schema/address";
import { ResourceSpec } from "../schema/spec";

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
  /** Every live item of a collection, counting pages. */
  const list = async (spec: ResourceSpec, values: Record<string, unknown> = {}) => {
    const items: WireObject[] = [];
    for await (const page of client.pages<WireObject>(collectionPath(spec.path, values), { org })) {
      calls++;
      items.push(...page.body);
    }
    return items.filter((o) => !isGone(o));
  };
  const spec = (s: unknown) => s as ResourceSpec;

  const assistants = await list(spec(assistantSpec));
  progress(`assistants: ${assistants.length}`);
  const connections = await list(spec(connectionSpec));
  progress(`connections: ${connections.length}`);
  const contents = await list(spec(knowledgeContentSpec));
  progress(`knowledge contents: ${contents.length}`);

  /**
   * A child kind's items of one assistant: from the assistant's own embedded array when the listing carries it
   * (the provider's reads rely on the same), else from the child collection.
   */
  const children = async (kind: ResourceSpec, assistant: WireObject): Promise<WireObject[]> => {
    const embedded = kind.locate?.embeddedIn.field;
    const inline = embedded ? assistant[embedded] : undefined;
    if (Array.isArray(inline)) return (inline as WireObject[]).filter((o) => !isGone(o));
    return list(kind, { assistantId: String(assistant.id) });
  };
  const actions = new Map<string, WireObject[]>();
  const channels = new Map<string, WireObject[]>();
  const links = new Map<string, string[]>();
  let done = 0;
  await inBatches(assistants, async (a) => {
    const id = String(a.id);
    const acts = await children(spec(actionSpec), a);
    // Stable order: by position, then id (equal positions are ordered by creation on the server).
    acts.sort((x, y) => Number(x.position) - Number(y.position) || String(x.id).localeCompare(String(y.id)));
    actions.set(id, acts);
    channels.set(id, await children(spec(channelSpec), a));
    // Links are a flag on the per-assistant list of the org's contents: no contents, no links to read.
    links.set(
      id,
      contents.length
        ? (await list(spec(knowledgeLinkSpec), { assistantId: id }))
            .filter((c) => c.linked === true)
            .map((c) => String(c.id))
        : [],
    );
    done++;
    if (done % 25 === 0 || done === assistants.length)
      progress(`children of assistants: ${done}/${assistants.length}`);
  });
  return { org, assistants, connections, actions, channels, contents, links, calls };
}
