import { ASSUMPTIONS } from "../assumptions";
import { InventClient } from "../client";
import { ConnectionError, InventError, NotFoundError, ServerError } from "../errors";
import { Logger } from "../log";
import { Fields, isInput, PlainArgs, StateOf, WireObject } from "./fields";
import { CheckFailure, validate } from "./validate";
import { changes, fromWire, mergeOverLive, pickPaths, toWire } from "./wire";

type Obj = Record<string, unknown>;

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
  /** Collection path under the org, e.g. `/assistants`; may use parent ids among the inputs. */
  collection: (values: PlainArgs<F>) => string;
  fields: F;
  /** Rules that span fields, run after the per-field rules. */
  check?: (values: PlainArgs<F>) => CheckFailure[];
  /**
   * Recognises the object that a create whose answer was lost made (the API has no idempotency key).
   * Without it an ambiguous create failure is reported as is.
   */
  matchesCreateBody?: (live: WireObject, body: Obj) => boolean;
  /** Extra calls after a create or update (rotate a key, …); returns the object as it now is. */
  afterWrite?: (step: WriteStep<F>) => Promise<WireObject | undefined>;
}

/** What a provider needs from its process: the client (built lazily: it needs the key) and the default org. */
export interface ProviderContext {
  client(): InventClient;
  defaultOrg(): string;
  logger: Logger;
}

/** The methods Pulumi's dynamic provider host calls. */
export interface DynamicProvider {
  check(olds: Obj, news: Obj): Promise<{ inputs: Obj; failures: CheckFailure[] }>;
  diff(
    id: string,
    olds: Obj,
    news: Obj,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(inputs: Obj): Promise<{ id: string; outs: Obj }>;
  read(id: string, props: Obj): Promise<{ id?: string; props?: Obj; inputs?: Obj }>;
  update(id: string, olds: Obj, news: Obj): Promise<{ outs: Obj }>;
  delete(id: string, props: Obj): Promise<void>;
}

/** How much the server's and this machine's clocks may differ when matching a lost create. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Soft-deleted objects (`deleted: true`) are gone, exactly like a 404. */
const isGone = (live: WireObject | undefined) => !live || live.deleted === true;

function withoutProvider(values: Obj): Obj {
  const { __provider: _, ...rest } = values;
  return rest;
}

/** Builds the dynamic provider for one resource description. */
export function providerFor<F extends Fields>(spec: ResourceSpec<F>, ctx: ProviderContext): DynamicProvider {
  const { fields } = spec;
  const orgOf = (v: Obj): string => (typeof v.orgId === "string" ? v.orgId : ctx.defaultOrg());
  const objectPath = (v: Obj, id: string) =>
    `${spec.collection(v as PlainArgs<F>)}/${encodeURIComponent(id)}`;
  const outputs = (live: WireObject, declared: Obj, org: string): Obj => ({
    ...fromWire(fields, live, declared),
    orgId: org,
  });
  const failuresOf = (v: Obj) => {
    const perField = validate(fields, v);
    return perField.length ? perField : (spec.check?.(v as PlainArgs<F>) ?? []);
  };
  /** The inputs state should hold after a refresh: declared fields as they are now (drift shows as a diff). */
  const inputsOf = (outs: Obj): Obj => {
    const inputs = Object.fromEntries(Object.entries(outs).filter(([k]) => fields[k] && isInput(fields[k])));
    // orgId is always in outputs (delete needs it); it was an input only if the user chose a non-default org.
    if (inputs.orgId === ctx.defaultOrg()) delete inputs.orgId;
    return inputs;
  };
  const stepActions = (values: Obj, id: string, org: string) => (method: "GET" | "POST", name: string) =>
    ctx
      .client()
      .request<WireObject>(method, `${objectPath(values, id)}/${name}`, { org })
      .then((r) => r.body);

  async function post(values: Obj, body: Obj, org: string): Promise<WireObject> {
    const client = ctx.client();
    const collection = spec.collection(values as PlainArgs<F>);
    const started = Date.now();
    try {
      return await client.post<WireObject>(collection, body, { org });
    } catch (err) {
      const ambiguous = err instanceof ServerError || err instanceof ConnectionError;
      if (!ambiguous || !spec.matchesCreateBody) throw err;
      ctx.logger.warn(
        `${spec.type} create: ${(err as Error).message} Checking whether it was created before sending it again.`,
      );
      const found = (await client.listAll<WireObject>(collection, { org })).filter(
        (o) =>
          !isGone(o) &&
          spec.matchesCreateBody!(o, body) &&
          !(Date.parse(String(o.created_at)) < started - CLOCK_SKEW_MS),
      );
      if (found.length === 1) {
        ctx.logger.info(`${spec.type} create: the lost request did create ${String(found[0].id)}; using it.`);
        return found[0];
      }
      if (found.length > 1) {
        throw new InventError(
          `${spec.type} create failed ambiguously and ${found.length} recent objects match it ` +
            `(${found.map((o) => String(o.id)).join(", ")}). Keep one: delete the others in the Invent dashboard, then run again.`,
        );
      }
      ctx.logger.info(`${spec.type} create: not created by the failed request; sending it again.`);
      return await client.post<WireObject>(collection, body, { org });
    }
  }

  return {
    async check(_olds, news) {
      return { inputs: news, failures: failuresOf(withoutProvider(news)) };
    },

    async diff(_id, olds, news) {
      const values = withoutProvider(news);
      const list = changes(fields, olds, values);
      if (orgOf(values) !== olds.orgId && !list.some((c) => c.path === "orgId"))
        list.push({ path: "orgId", replace: true });
      const replaces = [...new Set(list.filter((c) => c.replace).map((c) => c.path.split(".")[0]))];
      return { changes: list.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
      const values = withoutProvider(inputs);
      const failures = failuresOf(values);
      if (failures.length)
        throw new Error(`invalid ${spec.type} arguments:\n  ${failures.map((f) => f.reason).join("\n  ")}`);
      const org = orgOf(values);
      let live = await post(values, toWire(fields, values, "create"), org);
      const id = String(live.id);
      if (spec.afterWrite) {
        try {
          live =
            (await spec.afterWrite({
              created: true,
              changed: [],
              news: values as PlainArgs<F>,
              live,
              action: stepActions(values, id, org),
            })) ?? live;
        } catch (err) {
          // Keep the half-made object in state instead of losing it: the engine records `id`.
          throw Object.assign(
            new Error(
              `${spec.type} ${id} was created, but a follow-up step failed: ${(err as Error).message}`,
            ),
            {
              id,
              properties: outputs(live, values, org),
            },
          );
        }
      }
      return { id, outs: outputs(live, values, org) };
    },

    async read(id, props) {
      const org = orgOf(props);
      let live: WireObject;
      try {
        live = await ctx.client().get<WireObject>(objectPath(props, id), { org });
      } catch (err) {
        if (err instanceof NotFoundError) return {};
        throw err;
      }
      if (isGone(live)) return {};
      const outs = outputs(live, props, org);
      return { id, props: outs, inputs: inputsOf(outs) };
    },

    async update(id, olds, news) {
      const values = withoutProvider(news);
      const org = orgOf(olds);
      const client = ctx.client();
      const path = objectPath(values, id);
      const changed = changes(fields, olds, values).map((c) => c.path);
      let body = toWire(fields, pickPaths(values, changed), "update");
      let live: WireObject | undefined;
      if (Object.keys(body).length) {
        if (!ASSUMPTIONS.patchDeepMergesNestedObjects)
          body = mergeOverLive(body, await client.get<WireObject>(path, { org }));
        live = await client.patch<WireObject>(path, body, { org });
      }
      if (spec.afterWrite) {
        live =
          (await spec.afterWrite({
            created: false,
            changed,
            news: values as PlainArgs<F>,
            olds: olds as StateOf<F>,
            live,
            action: stepActions(values, id, org),
          })) ?? live;
      }
      live ??= await client.get<WireObject>(path, { org });
      return { outs: outputs(live, values, org) };
    },

    async delete(id, props) {
      try {
        await ctx.client().delete(objectPath(props, id), { org: orgOf(props) });
      } catch (err) {
        if (err instanceof NotFoundError) return; // already gone: the goal is reached
        throw err;
      }
    },
  };
}
