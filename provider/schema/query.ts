/**
 * Lookups of a read-only kind: objects that are the org's data rather than its configuration (contacts), which
 * the program may read but never manages. Unlike a resource's lookups, the list filters are the API's own query
 * parameters (documented ones, sent to the server), described as fields so that they are validated like any
 * argument: an unknown filter or a value outside its enum is refused, with a did-you-mean, before any call.
 */
import { didYouMean } from "../did-you-mean";
import { InventError, NotFoundError, ValidationError } from "../errors";
import { orgIdProblem, withSettingsHints } from "../config";
import { Fields, WireObject } from "./fields";
import { getById } from "./reads";
import { tableOf } from "./table";
import { validate } from "./validate";
import { toWire } from "./wire";
import type { LookupContext } from "./lookup";

type Obj = Record<string, unknown>;

/** The description of a read-only kind: where its list is, its filters, how one is found, how it reads. */
export interface QuerySpec<Result extends Obj = Obj> {
  /** Singular name (`Contact`): the functions are `get<type>` and `list<type>s`. */
  type: string;
  /** Collection path under the org (`/contacts`). */
  path: string;
  /** The list's query parameters, as fields (`wire` names the parameter; booleans are sent as `true`/`false`). */
  filters: Fields;
  /**
   * Filters that also find one object with `get<type>` (`email`), each with the exact match its results must
   * pass: a server filter may match loosely (a search), the one object must not.
   */
  keys: Record<string, (live: WireObject, value: string) => boolean>;
  /** Whether `GET {path}/{id}` exists (an assumption when the docs show none). */
  getById(): boolean;
  /** The program-side view of one object (without `id` and `orgId`, which are added). */
  view(live: WireObject): Result;
}

/** The get and list functions of a read-only kind, on plain (resolved) arguments. */
export interface QueryLookups {
  get(args: Obj): Promise<Obj>;
  list(args?: Obj): Promise<Obj[]>;
}

/** The functions of a read-only kind (see the module comment). */
export function queryLookupsFor(q: QuerySpec, ctx: LookupContext): QueryLookups {
  const names = { get: `get${q.type}`, list: `list${q.type}s` };
  const filterKeys = tableOf(q.filters).inputKeys;

  /** Refuses unknown and malformed arguments, naming each with its fix; returns the org. Makes no call. */
  const checked = (fn: string, args: Obj, allowed: string[]): string => {
    const problems: string[] = [];
    for (const k of Object.keys(args)) {
      if (allowed.includes(k) || args[k] === undefined) continue;
      const guess = didYouMean(k, allowed);
      problems.push(
        `unknown argument ${JSON.stringify(k)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ""}`,
      );
    }
    const given = Object.fromEntries(
      Object.entries(args).filter(
        ([k, v]) => filterKeys.includes(k) && allowed.includes(k) && v !== undefined,
      ),
    );
    for (const f of validate(q.filters, given)) problems.push(f.reason.replace(/\.$/, ""));
    // A value outside an enum: the member it most likely meant (`subscribed` → `SUBSCRIBED`).
    for (const { key, field: f } of tableOf(q.filters).inputs) {
      const members =
        f.kind === "value" && f.tsType.startsWith('"')
          ? f.tsType.split(" | ").map((m) => JSON.parse(m) as string)
          : [];
      const v = given[key];
      const guess =
        typeof v === "string" && members.length && !members.includes(v) ? didYouMean(v, members) : undefined;
      if (guess) problems.push(`did you mean ${key}: ${JSON.stringify(guess)}?`);
    }
    if (problems.length) {
      const text = problems.join("; ");
      throw new ValidationError(
        `${fn}: ${text}${/[?.]$/.test(text) ? "" : "."} It takes ${allowed.join(", ")}.`,
      );
    }
    const org = (args.orgId as string | undefined) ?? ctx.defaultOrg();
    const problem = orgIdProblem(`${fn}: orgId`, org);
    if (problem) throw new ValidationError(problem);
    return org;
  };
  /** The query parameters of the given filters, as the API spells them. */
  const query = (args: Obj) => {
    const given = Object.fromEntries(Object.entries(args).filter(([k]) => filterKeys.includes(k)));
    return Object.fromEntries(
      Object.entries(toWire(q.filters, given, "create")).map(([k, v]) => [k, String(v)]),
    );
  };
  const result = (live: WireObject, org: string): Obj => ({
    id: String(live.id),
    orgId: org,
    ...q.view(live),
  });
  const list = (org: string, args: Obj) =>
    ctx.client().listAll<WireObject>(q.path, { org, query: query(args) });
  const wrap = withSettingsHints;

  return {
    list: (args = {}) =>
      wrap(async () => {
        const org = checked(names.list, args, ["orgId", ...filterKeys]);
        return (await list(org, args)).map((o) => result(o, org));
      }),

    get: (args) =>
      wrap(async () => {
        const fn = names.get;
        const keys = Object.keys(q.keys);
        const org = checked(fn, args, ["id", "orgId", ...keys]);
        const byKey = keys.filter((k) => args[k] !== undefined);
        if ((args.id !== undefined ? 1 : 0) + byKey.length !== 1)
          throw new ValidationError(`${fn}: give exactly one of id, ${keys.join(", ")}.`);
        if (args.id !== undefined) {
          const id = String(args.id);
          // An assumed GET by id that answers 404 may be a route the API lacks: the list has the last word.
          const one = q.getById() ? await getById(ctx.client(), org, q.path, id) : undefined;
          const live = one ?? (await list(org, {})).find((o) => String(o.id) === id);
          if (!live)
            throw new NotFoundError(
              `${fn}: no ${q.type} ${id} in org ${org}. Check the id and the org (orgId, else invent:orgId).`,
              {
                status: 404,
              },
            );
          return result(live, org);
        }
        const [k] = byKey;
        const value = String(args[k]);
        const found = (await list(org, { [k]: value })).filter((o) => q.keys[k](o, value));
        if (!found.length)
          throw new NotFoundError(`${fn}: no ${q.type} with ${k} ${JSON.stringify(value)} in org ${org}.`, {
            status: 404,
          });
        if (found.length > 1)
          throw new InventError(
            `${fn}: ${found.length} ${q.type}s have ${k} ${JSON.stringify(value)} in org ${org}: ` +
              found.map((o) => `${String(o.id)} (created ${String(o.created_at)})`).join(", ") +
              `. Look it up by id instead (${fn}({ id })).`,
          );
        return result(found[0], org);
      }),
  };
}
