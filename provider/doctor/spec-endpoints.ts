/**
 * What the library asks of the Invent API, derived from the resource descriptions: every endpoint it calls,
 * the body it sends there (wire names, nesting, enums, what is always sent and what only when set), and the
 * response fields it reads. The spec diff compares this with a vendor OpenAPI document; a new resource adds
 * its endpoints here without any edit, unless it has custom steps (see `CUSTOM_CALLS`).
 */
import { z } from "zod";
import { ASSUMPTIONS } from "../assumptions";
import { resourceSpecs } from "../resources/specs";
import { ComputedField, Fields, snakeCase, ValueField, WireObject } from "../schema/fields";
import { listOnly } from "../schema/address";
import { ResourceSpec } from "../schema/spec";
import { tableOf } from "../schema/table";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type JsonType = "string" | "number" | "boolean" | "array" | "object";

/** One key of a request body as the library may send it. */
export interface SentField {
  /** `always`: in every body of this call; `optional`: only when the user sets it (or, nested, its parent). */
  presence: "always" | "optional";
  type?: JsonType;
  /** The only values the library lets through (an enum argument, or the wire values of a codec). */
  enum?: readonly string[];
  /** The user may send `null` to clear it. */
  nullable?: boolean;
  /** Keys of a nested object the library knows (absent for a free-form object such as a connection's config). */
  children?: SentObject;
  /** Keys of each item of an array of objects. */
  items?: SentObject;
  /** A choice of shapes: `children` holds the tag, `byTag` the members sent with each tag value. */
  variants?: { tag: string; byTag: Record<string, SentObject> };
  /** The argument it comes from, for messages (`Assistant.conversation.threadMode`). */
  source: string;
}
export type SentObject = { [wireKey: string]: SentField };

/** A response field the library reads, as a path of wire keys (`name[]` steps into the items of an array). */
export interface ReadPath {
  path: string[];
  source: string;
  /**
   * Set when the library copes without it: what happens then (it reads the object another way). Such a
   * field missing from the spec is only "info".
   */
  fallback?: string;
}

/** One call the library makes. */
export interface LibraryEndpoint {
  method: Method;
  /** Full path template, `{name}` parameters (names are ours; the diff matches by shape). */
  path: string;
  /** Resource kinds that make it, and why (`Assistant: create`). */
  uses: string[];
  body?: SentObject;
  /** Whether a body may be a partial object (PATCH sends only what changed): nothing in it is always there. */
  partial?: boolean;
  reads?: ReadPath[];
  /** The response is a list read page by page with `page` and `take`. */
  paginated?: boolean;
  /** The [A] assumption in provider/assumptions.ts that this call rests on, and what to try if the spec differs. */
  assumption?: { name: string; hint: string };
}

/** Every kind's objects live under their org. [D] */
export const ORG_PREFIX = "/orgs/{org_id}";

/** The id parameter of a kind's object path: `{assistant_id}`. */
const idParam = (type: string) => `{${snakeCase(type[0].toLowerCase() + type.slice(1))}_id}`;

/** `{assistantId}` → `{assistant_id}`: our templates spelt as the vendor's docs spell them, for messages. */
export const vendorSpelling = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => `{${snakeCase(name)}}`);

/**
 * The wire keys a server-set output's `read` looks at, found by running it on a recording object (once with
 * every key absent, once with every key set, so both sides of a `??` or a count check are seen).
 */
function keysRead(read: (live: WireObject) => unknown): string[] {
  const seen = new Set<string>();
  for (const value of [undefined, 1]) {
    const probe = new Proxy({} as WireObject, {
      get: (_, k) => {
        if (typeof k !== "string") return undefined;
        seen.add(k);
        return value;
      },
      has: (_, k) => (typeof k === "string" && seen.add(k), false),
    });
    try {
      read(probe);
    } catch {
      // A read that needs a real value tells us its keys before it throws; that is all we need.
    }
  }
  return [...seen];
}

/** The name of the [A] assumption whose value is this set of strings (an enum the library accepts), if any. */
function assumptionWithValues(values: readonly string[]): string | undefined {
  const same = (xs: unknown[]) =>
    xs.length === values.length && xs.every((x) => typeof x === "string" && values.includes(x));
  for (const [name, v] of Object.entries(ASSUMPTIONS)) {
    if (Array.isArray(v) && same(v)) return name;
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof RegExp) && same(Object.values(v)))
      return name;
  }
  return undefined;
}

/** The name of the assumption that a kind's path is, when its path is an [A] (`channelsPath`). */
function assumptionWithPath(path: string): string | undefined {
  return Object.entries(ASSUMPTIONS).find(([, v]) => v === path)?.[0];
}

/** A value field's wire shape: JSON type, enum, items. */
function valueShape(f: ValueField, source: string): Pick<SentField, "type" | "enum" | "items"> {
  const s = f.schema;
  if (f.codec) {
    // A codec sends other values than the argument's: for a boolean, its two wire values are the enum.
    if (!(s instanceof z.ZodBoolean)) return {};
    const wire = [f.codec.toWire(true), f.codec.toWire(false)];
    return wire.every((w) => typeof w === "string") ? { type: "string", enum: [...new Set(wire)] } : {};
  }
  if (s instanceof z.ZodEnum) return { type: "string", enum: s.options.map(String) };
  if (s instanceof z.ZodString) return { type: "string" };
  if (s instanceof z.ZodBoolean) return { type: "boolean" };
  if (s instanceof z.ZodNumber) return { type: "number" };
  if (s instanceof z.ZodRecord) return { type: "object" };
  if (s instanceof z.ZodArray) {
    const el = s.element;
    if (!(el instanceof z.ZodObject)) return { type: "array" };
    const items: SentObject = {};
    for (const [k, v] of Object.entries(el.shape as Record<string, z.ZodType>)) {
      const t = v instanceof z.ZodString ? "string" : v instanceof z.ZodNumber ? "number" : undefined;
      items[k] = {
        presence: v.safeParse(undefined).success ? "optional" : "always",
        ...(t ? { type: t } : v instanceof z.ZodRecord ? { type: "object" as const } : {}),
        source: `${source}[].${k}`,
      };
    }
    return { type: "array", items };
  }
  return {};
}

/** Puts `node` at `path` in `into`, making the objects on the way (always sent when something in them is). */
function place(into: SentObject, path: string[], node: SentField, source: string) {
  let level = into;
  for (const k of path.slice(0, -1)) {
    const at = (level[k] ??= { presence: "optional", type: "object", children: {}, source });
    if (node.presence === "always") at.presence = "always";
    level = at.children ??= {};
  }
  const last = path[path.length - 1];
  const had = level[last];
  // Two fields may share a nested object (`config.stt` and `config.instructions` under `config`).
  level[last] = had?.children
    ? {
        ...node,
        presence: had.presence === "always" ? "always" : node.presence,
        children: { ...had.children, ...node.children },
      }
    : node;
}

/**
 * The body the generic create (`mode: "create"`) or update sends for these fields, mirroring `toWire`: local
 * and path fields never; on create no update-only field; on update neither create-only fields nor those whose
 * change replaces the object.
 */
export function sentBody(fields: Fields, mode: "create" | "update", source: string): SentObject {
  const out: SentObject = {};
  for (const { key, field: f, wire } of tableOf(fields).inputs) {
    if (f.local || f.path) continue;
    if (mode === "update" && (f.createOnly || f.replaceOnChange)) continue;
    if (mode === "create" && f.updateOnly) continue; // sent by the PATCH that follows the create
    const at = `${source}.${key}`;
    let always = mode === "create" && (!!f.required || f.createDefault !== undefined);
    let node: SentField;
    if (f.kind === "object") {
      const children = sentBody(f.fields, mode, at);
      always ||= Object.values(children).some((c) => c.presence === "always");
      node = { presence: always ? "always" : "optional", type: "object", children, source: at };
    } else {
      node = { presence: always ? "always" : "optional", ...valueShape(f, at), source: at };
      if (f.nullable) node.nullable = true;
    }
    const v = f.variant;
    if (!v) {
      place(out, wire, node, at);
      continue;
    }
    // A variant member goes into its choice object, under its tag value; the tag itself is always sent with it.
    const g = v.group;
    const holder: SentField = {
      presence: g.required && mode === "create" ? "always" : "optional",
      type: "object",
      children: {
        [g.tag]: {
          presence: "always",
          type: "string",
          enum: Object.keys(g.variants),
          source: `${source}.${g.name}`,
        },
      },
      variants: { tag: g.tag, byTag: {} },
      source: `${source}.${g.name}`,
    };
    let level = out;
    for (const k of g.wire.slice(0, -1)) level = level[k]?.children ?? {};
    if (!level[g.wire[g.wire.length - 1]]?.variants) place(out, g.wire, holder, holder.source);
    level = out;
    for (const k of g.wire.slice(0, -1)) level = level[k].children!;
    const choice = level[g.wire[g.wire.length - 1]];
    // The first member of a variant is its main value: sent whenever that variant is chosen.
    const main = g.variants[v.value][0] === key;
    const members = (choice.variants!.byTag[v.value] ??= {});
    place(members, wire.slice(g.wire.length), { ...node, presence: main ? "always" : "optional" }, at);
  }
  return out;
}

/** The response fields a description reads back: inputs at their wire paths, outputs by the keys they read. */
export function readPaths(spec: ResourceSpec): ReadPath[] {
  const out: ReadPath[] = [{ path: ["id"], source: `${spec.type}.id` }, softDelete(spec.type)];
  const walk = (fields: Fields, prefix: string[], source: string) => {
    for (const e of tableOf(fields).entries) {
      if ("output" in e) {
        const f: ComputedField = e.output.field;
        for (const k of keysRead(f.read)) out.push({ path: [...prefix, k], source: `${source}.${e.key}` });
        continue;
      }
      const { key, field: f, wire } = e.input;
      if (f.local || f.path || f.writeOnly === true) continue;
      // A nested object that responses carry elsewhere than the request sends it (billing's `spending_cap`
      // comes back under `billing`) is read where `readFrom` says.
      if (f.kind === "object")
        walk(f.fields, [...prefix, ...(f.readFrom?.()[0]?.split(".") ?? wire)], `${source}.${key}`);
      else {
        out.push({ path: [...prefix, ...wire], source: `${source}.${key}` });
        const g = f.variant?.group;
        if (g) out.push({ path: [...prefix, ...g.wire, g.tag], source: `${source}.${g.name}` });
      }
    }
  };
  walk(spec.fields, [], spec.type);
  if (spec.settle)
    for (const k of keysRead(spec.settle.state))
      out.push({ path: [k], source: `${spec.type} (${spec.settle.noun})` });
  return dedupe(out);
}

/** One entry per path; a read some call cannot do without wins over the same read with a fallback. */
function dedupe(paths: ReadPath[]): ReadPath[] {
  const byPath = new Map<string, ReadPath>();
  for (const p of paths) {
    const k = p.path.join(".");
    const had = byPath.get(k);
    if (!had || (had.fallback && !p.fallback)) byPath.set(k, p);
  }
  return [...byPath.values()];
}

const softDelete = (type: string): ReadPath => ({
  path: ["deleted"],
  source: `${type} (soft delete)`,
  fallback: "fine when the API deletes objects outright; a soft-deleted object would look alive",
});

/** What the calls of a custom-step kind (or of a kind's extra steps after a write) are, given its collection. */
type CustomCalls = (spec: ResourceSpec, collection: string, item: string) => LibraryEndpoint[];

/**
 * Calls made by code the descriptions cannot show (custom `steps`, `afterWrite`): one entry per kind, read off
 * the resource files. A kind with steps or `afterWrite` missing here is reported by the diff as unchecked.
 */
const CUSTOM_CALLS: Record<string, CustomCalls> = {
  // afterWrite: a rotation is `action("POST", "rotate-secret-key")`, answered with the assistant.
  Assistant: (spec, _, item) => [
    {
      method: "POST",
      path: `${item}/rotate-secret-key`,
      uses: [`${spec.type}: rotate the secret key`],
      reads: readPaths(spec),
    },
  ],
  // steps: the order is read from the actions' listing and set with the reorder call, 25 positions at a time.
  ActionOrder: (spec, collection) => [
    {
      method: "GET",
      path: collection,
      uses: [`${spec.type}: read the order`],
      paginated: true,
      reads: [
        { path: ["id"], source: `${spec.type}.actionIds` },
        { path: ["position"], source: `${spec.type}.actionIds` },
        softDelete(spec.type),
      ],
    },
    {
      method: "PATCH",
      path: `${collection}/reorder`,
      uses: [`${spec.type}: reorder`],
      body: {
        positions: {
          presence: "always",
          type: "array",
          source: `${spec.type}.actionIds`,
          items: {
            id: { presence: "always", type: "string", source: `${spec.type}.actionIds[]` },
            position: { presence: "always", type: "number", source: `${spec.type}.actionIds[]` },
          },
        },
      },
    },
  ],
  // steps: link and unlink on the content's URL under the assistant; "linked" is read from the listing.
  KnowledgeLink: (spec, collection) => {
    const at = `${collection}/{contentId}`;
    const assumption = {
      name: "knowledgeLinksPath",
      hint: "set knowledgeLinksPath and knowledgeLinkMethods to the spec's link call",
    };
    return [
      {
        method: ASSUMPTIONS.knowledgeLinkMethods.link,
        path: at,
        uses: [`${spec.type}: link`],
        assumption: { ...assumption, name: "knowledgeLinkMethods" },
      },
      {
        method: ASSUMPTIONS.knowledgeLinkMethods.unlink,
        path: at,
        uses: [`${spec.type}: unlink`],
        assumption: { ...assumption, name: "knowledgeLinkMethods" },
      },
      {
        method: "GET",
        path: collection,
        uses: [`${spec.type}: read links`],
        paginated: true,
        reads: [
          { path: ["id"], source: `${spec.type}.contentId` },
          { path: ["linked"], source: `${spec.type} (whether linked)` },
          softDelete(spec.type),
        ],
        assumption,
      },
    ];
  },
};

/**
 * [A] assumptions that a generic call rests on but no value of the description shows (a boolean in
 * assumptions.ts nothing else reads), by kind and call.
 */
const CALL_ASSUMPTIONS: Record<string, { name: string; hint: string }> = {
  "Channel GET item": {
    name: "channelsGetById",
    hint: "set channelsGetById to false: channels are then read from their assistant's integrations[]",
  },
  "Action DELETE item": { name: "actionsDeleteById", hint: "find the spec's action delete call" },
  "KnowledgeContent DELETE item": {
    name: "knowledgeContentsDeleteById",
    hint: "find the spec's knowledge content delete call",
  },
};

/**
 * Every endpoint the library calls, derived from the resource descriptions (`resourceSpecs` by default): for
 * each kind the generic list/get/create/update/delete under its `path` (update only when some field can change
 * in place; get by id unless `locate` says there is none), its parent's object or listing when it is embedded
 * there, and the calls its custom steps make. Calls shared by several kinds are merged.
 * `unchecked` names kinds with custom code this module does not describe.
 */
export function libraryEndpoints(specs: Record<string, ResourceSpec> = resourceSpecs): {
  endpoints: LibraryEndpoint[];
  unchecked: string[];
} {
  const all: LibraryEndpoint[] = [];
  const unchecked: string[] = [];
  for (const spec of Object.values(specs)) {
    const collection = ORG_PREFIX + spec.path;
    const item = `${collection}/${idParam(spec.type)}`;
    const pathAssumption = assumptionWithPath(spec.path);
    const onPath = pathAssumption
      ? { name: pathAssumption, hint: `set ${pathAssumption} to where the spec puts ${spec.type} objects` }
      : undefined;
    const custom = CUSTOM_CALLS[spec.type];
    if ((spec.steps || spec.afterWrite) && !custom) unchecked.push(spec.type);
    const calls: LibraryEndpoint[] = custom ? custom(spec, collection, item) : [];
    if (spec.patchOnly) {
      // A settings block: one PATCH of its path ("create" and update), read from its owner's listing.
      const reads = readPaths(spec);
      calls.push(
        {
          method: "PATCH",
          path: collection,
          uses: [`${spec.type}: create, update`],
          body: sentBody(spec.fields, "create", spec.type),
          partial: true,
          reads,
        },
        {
          method: "GET",
          path: ORG_PREFIX + spec.patchOnly.owner.collection,
          uses: [`${spec.type}: read from its owner's listing`],
          paginated: true,
          reads: reads.map((r) => ({ ...r, fallback: r.fallback ?? "declared values are kept" })),
        },
      );
    } else if (!spec.steps) {
      const reads = readPaths(spec);
      const update = sentBody(spec.fields, "update", spec.type);
      const fromList = listOnly(spec.locate)
        ? "the listing is the only read (no GET by id)"
        : "the library then reads each object with a GET (assumption listItemsCarryWholeObject)";
      // A create body that takes only some fields (the rest follow in a PATCH): those fields alone.
      const takes = spec.createTakes?.();
      const createFields = takes
        ? Object.fromEntries(Object.entries(spec.fields).filter(([k]) => takes.includes(k)))
        : spec.fields;
      calls.push({
        method: "GET",
        path: collection,
        uses: [`${spec.type}: list`],
        paginated: true,
        reads: reads.map((r) => ({ ...r, fallback: r.fallback ?? fromList })),
      });
      if (!spec.adoptOnly)
        calls.push({
          method: "POST",
          path: collection,
          uses: [`${spec.type}: create`],
          body: sentBody(createFields, "create", spec.type),
          reads,
        });
      if (!spec.undeletable) calls.push({ method: "DELETE", path: item, uses: [`${spec.type}: delete`] });
      if (spec.locate?.getById !== false)
        calls.push({ method: "GET", path: item, uses: [`${spec.type}: read`], reads });
      if (Object.keys(update).length)
        calls.push({
          method: "PATCH",
          path: item,
          uses: [`${spec.type}: update`],
          body: update,
          partial: true,
          reads,
        });
      const inside = spec.locate?.embeddedIn;
      if (inside) {
        // Read from the parent's listing first (a refresh shares it), and from the parent object when there is
        // no GET by id.
        const inParent = reads.map((r) => ({ ...r, path: [`${inside.field}[]`, ...r.path] }));
        const parentItem = ORG_PREFIX + inside.parentPath;
        calls.push({
          method: "GET",
          path: parentItem.replace(/\/\{\w+\}$/, ""),
          uses: [`${spec.type}: read from its parent's listing`],
          paginated: true,
          reads: inParent.map((r) => ({
            ...r,
            fallback: r.fallback ?? "the library then reads the object alone",
          })),
        });
        if (spec.locate?.getById === false)
          calls.push({
            method: "GET",
            path: parentItem,
            uses: [`${spec.type}: read from its parent`],
            reads: inParent,
          });
      }
    }
    for (const c of calls) {
      const what = c.path === item ? "item" : c.path === collection ? "collection" : "";
      c.assumption ??=
        CALL_ASSUMPTIONS[`${spec.type} ${c.method} ${what}`] ??
        (c.path.startsWith(collection) ? onPath : undefined);
      all.push(c);
    }
  }
  return { endpoints: merge(all), unchecked };
}

/** One entry per method and path shape: uses, reads and bodies of the kinds that share a call put together. */
function merge(calls: LibraryEndpoint[]): LibraryEndpoint[] {
  const byKey = new Map<string, LibraryEndpoint>();
  for (const c of calls) {
    const key = `${c.method} ${shapeOf(c.path)}`;
    const had = byKey.get(key);
    if (!had) {
      byKey.set(key, { ...c, uses: [...c.uses], reads: c.reads && [...c.reads] });
      continue;
    }
    had.uses.push(...c.uses);
    if (c.reads) had.reads = dedupe([...(had.reads ?? []), ...c.reads]);
    had.body ??= c.body;
    had.paginated ||= c.paginated;
    had.assumption ??= c.assumption;
  }
  return [...byKey.values()];
}

/** A path with its parameters blanked, for matching ours with the vendor's: `/orgs/{}/assistants/{}`. */
export const shapeOf = (path: string) =>
  path
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\/+$/, "")
    .toLowerCase() || "/";

/** Enum sets the library accepts that are [A] assumptions, by name (for messages). */
export const enumAssumption = assumptionWithValues;
