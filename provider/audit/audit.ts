/**
 * `pulumi-invent audit`: the objects of an org that no given stack knows. Every kind that is an object of its
 * own (one with lookups: assistants, connections, actions, channels, knowledge contents) is listed through the
 * library's own client and descriptions (GETs only, every page); children come from their parent's listing
 * when it embeds them. A listing that fails is "could not check" for its kind (and the kinds it holds), never
 * "nothing unmanaged".
 */
import { InventClient } from "../client";
import { InventError } from "../errors";
import { resourceSpecs } from "../resources/specs";
import { collectionPath } from "../schema/address";
import { isGone, WireObject } from "../schema/fields";
import { hasLookups } from "../schema/lookup";
import { ResourceSpec } from "../schema/spec";
import { fullView } from "../schema/wire";

/** An object no stack knows, and how to take it over. */
export interface Unmanaged {
  kind: string;
  id: string;
  /** Its natural key as people name it (`"Sales bot"`, `STRIPE "Billing"`), when it has one. */
  name?: string;
  createdAt?: string;
  /** For a child: its parent's kind and id. */
  parent?: { kind: string; id: string };
  /** The argument that takes it over in a program (`adoptId: "ast_…"`, with its parent for a child). */
  adopt: string;
  /** The commands that take it over with the import file `pulumi-invent export` writes. */
  export: string;
}

/** One kind of one org: what was listed, or why it could not be. */
export interface KindAudit {
  kind: string;
  /** Objects listed (undefined when the listing failed). */
  listed?: number;
  unmanaged: Unmanaged[];
  /** Why it could not be checked, when it could not. */
  couldNotCheck?: string;
}

/** The audit of one org. */
export interface OrgAudit {
  org: string;
  kinds: KindAudit[];
  /** API calls the audit of this org made (one per list page). */
  calls: number;
}

/** The kinds an audit lists: objects of their own, parents before their children. */
export function auditedKinds(): ResourceSpec[] {
  const own = Object.values(resourceSpecs).filter(hasLookups);
  const isChild = (s: ResourceSpec) => /\{\w+\}/.test(s.path);
  return [...own.filter((s) => !isChild(s)), ...own.filter(isChild)];
}

/** `Assistant "Sales bot"`-style name of a live object, from its natural key. */
function nameOf(spec: ResourceSpec, live: WireObject): string | undefined {
  const view = fullView(spec.fields, live);
  const parts = (spec.naturalKey ?? [])
    .map((k) => view[k])
    .filter((v) => v !== undefined && v !== null && v !== "");
  return parts.length ? parts.map((v) => JSON.stringify(v)).join(" ") : undefined;
}

/** The parent kind and path parameter of a child kind (`Assistant`, `assistantId`). */
function parentOf(spec: ResourceSpec): { kind: string; param: string } | undefined {
  const param = /\{(\w+)\}/.exec(spec.path)?.[1];
  if (!param) return undefined;
  const f = spec.fields[param] as { parent?: string } | undefined;
  return { kind: f?.parent ?? param, param };
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Audits one org: lists every audited kind and returns what `known` (ids the stacks manage or mention) does not
 * hold. `progress` gets one line per kind.
 */
export async function auditOrg(
  client: InventClient,
  org: string,
  known: (id: string) => boolean,
  progress: (line: string) => void = () => {},
): Promise<OrgAudit> {
  let calls = 0;
  const list = async (path: string): Promise<WireObject[]> => {
    const items: WireObject[] = [];
    for await (const page of client.pages<WireObject>(path, { org })) {
      calls++;
      items.push(...page.body);
    }
    return items.filter((o) => !isGone(o));
  };
  /** Live objects by kind, for children to find their parents' listings. */
  const listed = new Map<string, WireObject[] | { failed: string }>();
  const kinds: KindAudit[] = [];
  for (const spec of auditedKinds()) {
    const parent = parentOf(spec);
    let items: WireObject[] = [];
    try {
      if (!parent) items = await list(spec.path);
      else {
        const parents = listed.get(parent.kind);
        if (!parents) throw new InventError(`its parent kind ${parent.kind} is not audited`);
        if ("failed" in parents) throw new InventError(`its ${parent.kind}s could not be listed`);
        const field = spec.locate?.embeddedIn?.field;
        for (const p of parents) {
          // The parent's listing embeds its children when it carries the array; else the child collection.
          const embedded = field ? p[field] : undefined;
          const children = Array.isArray(embedded)
            ? (embedded as WireObject[]).filter((o) => !isGone(o))
            : await list(collectionPath(spec.path, { [parent.param]: String(p.id) }));
          items.push(...children.map((c) => ({ ...c, [`__parent`]: String(p.id) })));
        }
      }
    } catch (err) {
      listed.set(spec.type, { failed: reason(err) });
      kinds.push({ kind: spec.type, unmanaged: [], couldNotCheck: reason(err) });
      progress(`${spec.type}: could not check (${reason(err)})`);
      continue;
    }
    listed.set(spec.type, items);
    const unmanaged = items
      .filter((o) => typeof o.id === "string" && !known(o.id))
      .map((o): Unmanaged => {
        const id = String(o.id);
        const parentId = o.__parent as string | undefined;
        const name = nameOf(spec, o);
        const where = parent && parentId ? `${parent.param}: "${parentId}", ` : "";
        return {
          kind: spec.type,
          id,
          ...(name ? { name } : {}),
          ...(typeof o.created_at === "string" ? { createdAt: o.created_at } : {}),
          ...(parent && parentId ? { parent: { kind: parent.kind, id: parentId } } : {}),
          adopt: `new invent.${spec.type}("…", { ${where}adoptId: "${id}", … })`,
          export:
            `pulumi-invent export --org ${org} --only ${id} --out takeover && ` +
            "pulumi import --file takeover/import.json --generate-code=false",
        };
      });
    kinds.push({ kind: spec.type, listed: items.length, unmanaged });
    progress(`${spec.type}: ${items.length} listed, ${unmanaged.length} unmanaged`);
  }
  return { org, kinds, calls };
}
