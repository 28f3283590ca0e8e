/**
 * Lookup functions (`getAssistant`, `listConnections`, …), built from each resource description: read-only
 * GETs through the same client (retries, rate limits, pagination) and the same org rules as the resources,
 * results under the same program-side names as the resources' outputs. They run in the program process, so
 * their values are known while the program runs (an id to wire into another resource, a name to branch on).
 */
import { orgIdProblem, withSettingsHints } from "../config";
import { InventClient } from "../client";
import { InventError, NotFoundError, ValidationError } from "../errors";
import { isGone, WireObject } from "./fields";
import { collectionPath, listOnly, readOne, underParents } from "./address";
import { ResourceSpec } from "./spec";
import { tableOf } from "./table";
import { canonical, fullView, lacking, sameValue } from "./wire";

type Obj = Record<string, unknown>;

/** What lookups need: a client and the default org (the program's settings, or a test's). */
export interface LookupContext {
  client(): InventClient;
  defaultOrg(): string;
}

/** The get and list functions of one kind, on plain (resolved) arguments. */
export interface KindLookups {
  /** One object, by `id` or by natural key; throws when there is none or (by key) several. */
  get(args: Obj): Promise<Obj>;
  /** Every object of the collection that passes the filters, in the API's order. */
  list(args?: Obj): Promise<Obj[]>;
}

/**
 * Whether a kind has lookups: one object at one URL (not a call on a collection, as an order or a link is, nor
 * a settings block of another object, whose owner's lookup carries it).
 */
export const hasLookups = (spec: ResourceSpec) => !spec.steps && !spec.patchOnly;

/** The argument names of a kind's lookups, for types, docs and the checks below. */
export function lookupKeys(spec: ResourceSpec) {
  const table = tableOf(spec.fields);
  return {
    /** Path fields: the parent's id, which the collection's URL needs (required). */
    path: table.inputs.filter((i) => i.field.path).map((i) => i.key),
    /** The natural key (assistant: name; connection: type and name), each optional. */
    key: spec.naturalKey ?? [],
    /** The kind's extra list filters. */
    filters: Object.keys(spec.listFilters ?? {}),
  };
}

/** `listAssistants`, `getKnowledgeContent`: the function names of a kind. */
export function lookupNames(spec: ResourceSpec) {
  return { get: `get${spec.type}`, list: `list${spec.type}s` };
}

const plural = (type: string, n: number) => `${n} ${type}${n === 1 ? "" : "s"}`;

/** The lookups of one kind (see the module comment). */
export function lookupsFor(spec: ResourceSpec, ctx: LookupContext): KindLookups {
  if (!hasLookups(spec)) throw new Error(`${spec.type} has no lookups: it is not an object of its own`);
  const { fields } = spec;
  const keys = lookupKeys(spec);
  const names = lookupNames(spec);
  const embedded = spec.locate && !spec.locate.getById ? spec.locate.embeddedIn : undefined;

  /** Refuses unknown and malformed arguments, naming them; returns the org to address. */
  const checked = (fn: string, args: Obj, allowed: string[]): string => {
    const unknown = Object.keys(args).filter((k) => !allowed.includes(k) && args[k] !== undefined);
    if (unknown.length)
      throw new ValidationError(
        `${fn}: unknown argument(s) ${unknown.join(", ")}; it takes ${allowed.join(", ")}.`,
      );
    for (const k of allowed)
      if (args[k] !== undefined && args[k] !== null && typeof args[k] !== "string")
        throw new ValidationError(`${fn}: ${k} must be a string (got ${typeof args[k]}).`);
    for (const k of keys.path)
      if (!args[k])
        throw new ValidationError(`${fn}: ${k} is required: a ${spec.type} lives under its parent's URL.`);
    const org = (args.orgId as string | undefined) ?? ctx.defaultOrg();
    const problem = orgIdProblem(`${fn}: orgId`, org);
    if (problem) throw new ValidationError(problem);
    return org;
  };
  const under = (args: Obj) => underParents(fields, args);
  /** The program-side view of a live object, with its id, org and path fields. */
  const result = (live: WireObject, args: Obj, org: string): Obj => {
    const view = fullView(fields, live);
    for (const k of keys.path) view[k] ??= args[k];
    return { ...view, id: String(live.id), orgId: org };
  };
  /** Every live item of the collection. */
  const items = async (args: Obj, org: string): Promise<WireObject[]> => {
    const client = ctx.client();
    let all: WireObject[];
    if (embedded) {
      // No GET by id, so no collection to rely on either: the parent embeds its children.
      const parent = await client.get<WireObject>(collectionPath(embedded.parentPath, args), { org });
      all = Array.isArray(parent[embedded.field]) ? (parent[embedded.field] as WireObject[]) : [];
    } else all = await client.listAll<WireObject>(collectionPath(spec.path, args), { org });
    // An item that lacks a value the kind reads (a summary listing) is read alone, so results are whole; a
    // kind read through its listing only has nothing more to read.
    const whole = await Promise.all(
      all
        .filter((o) => !isGone(o))
        .map(async (o) =>
          lacking(fields, o).length && !listOnly(spec.locate)
            ? ((await readOne(client, spec, args, String(o.id), org)) ?? o)
            : o,
        ),
    );
    return whole.filter((o) => !isGone(o));
  };
  /** Whether an item's natural key matches every key value given. */
  const keyMatches = (args: Obj) => {
    const given = keys.key.filter((k) => args[k] !== undefined);
    return (live: WireObject) => {
      if (!given.length) return true;
      const view = fullView(fields, live);
      return given.every((k) => sameValue(view[k], args[k]));
    };
  };
  const described = (args: Obj, ks: string[]) =>
    ks
      .filter((k) => args[k] !== undefined)
      .map((k) => `${k} ${canonical(args[k])}`)
      .join(" and ");
  const wrap = withSettingsHints;

  return {
    get: (args) =>
      wrap(async () => {
        const fn = names.get;
        const org = checked(fn, args, ["id", "orgId", ...keys.path, ...keys.key]);
        const byKey = keys.key.filter((k) => args[k] !== undefined);
        if (args.id !== undefined && byKey.length)
          throw new ValidationError(`${fn}: give either id or ${keys.key.join("/")}, not both.`);
        if (args.id !== undefined) {
          const id = String(args.id);
          const live = await readOne(ctx.client(), spec, args, id, org);
          if (!live)
            throw new NotFoundError(
              `${fn}: no ${spec.type} ${id} in org ${org}${under(args)}. Check the id and the org (orgId, else ` +
                "invent:orgId); an object of another org needs that org's id, reachable with its key or an agency key.",
              { status: 404 },
            );
          return result(live, args, org);
        }
        if (!byKey.length)
          throw new ValidationError(
            `${fn}: give id${keys.key.length ? ` or ${keys.key.map((k) => `\`${k}\``).join(", ")}` : ""}.`,
          );
        const all = await items(args, org);
        const found = all.filter(keyMatches(args));
        const what = `${described(args, byKey)} in org ${org}${under(args)}`;
        if (!found.length)
          throw new NotFoundError(
            `${fn}: no ${spec.type} with ${what} (${plural(spec.type, all.length)} searched). Names are compared ` +
              "exactly; check the org (orgId, else invent:orgId).",
            { status: 404 },
          );
        if (found.length > 1)
          throw new InventError(
            `${fn}: ${plural(spec.type, found.length)} have ${what}: ` +
              found.map((o) => `${String(o.id)} (created ${String(o.created_at)})`).join(", ") +
              `. Look it up by id instead (${fn}({ id })), or rename all but one in the Invent dashboard.`,
          );
        return result(found[0], args, org);
      }),

    list: (args = {}) =>
      wrap(async () => {
        const fn = names.list;
        const org = checked(fn, args, ["orgId", ...keys.path, ...keys.key, ...keys.filters]);
        const filters = Object.entries(spec.listFilters ?? {}).filter(([k]) => args[k] !== undefined);
        const byKey = keyMatches(args);
        return (await items(args, org))
          .filter((o) => byKey(o) && filters.every(([k, f]) => f.matches(o, String(args[k]))))
          .map((o) => result(o, args, org));
      }),
  };
}
