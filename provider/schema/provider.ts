import { ASSUMPTIONS } from "../assumptions";
import { InventClient } from "../client";
import { NotFoundError } from "../errors";
import { Logger } from "../log";
import {
  CREATE_ATTEMPT_KEY,
  CreateAttempt,
  createExactlyOnce,
  CreateTarget,
  isPlaceholderId,
  resolveAttempt,
  unresolvedError,
} from "./create";
import { Fields, isInput, PARENT_ORG_KEY, PlainArgs, StateOf, UNKNOWN, WireObject, wirePath } from "./fields";
import { CollectionReader, CollectionSnapshots } from "./reads";
import { assertCoherent } from "./coherence";
import { CheckFailure, validate } from "./validate";
import { changes, fromWire, mergeOverLive, pickPaths, sameValue, toWire } from "./wire";

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
  /** The API's limit on creations per org and hour, when it has one: a plan that exceeds it is warned at preview. */
  createsPerHour?: number;
  /** Extra calls after a create or update (rotate a key, …); returns the object as it now is. */
  afterWrite?: (step: WriteStep<F>) => Promise<WireObject | undefined>;
  /**
   * Lifecycle steps that replace the generic ones, for a resource that is not one object at one URL (the order
   * of an assistant's actions is a call on their collection). Each returns the object as the fields read it.
   */
  steps?: CustomSteps<F>;
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
}

export interface CustomSteps<F extends Fields> {
  create(c: StepContext<F>): Promise<{ id: string; live: WireObject }>;
  /** The object now, or undefined when it is gone. */
  read(c: StepContext<F>, id: string): Promise<WireObject | undefined>;
  update(c: StepContext<F>, id: string): Promise<WireObject>;
  delete(c: StepContext<F>, id: string): Promise<void>;
}

/** What a provider needs from its process: the client (built lazily: it needs the key) and the default org. */
export interface ProviderContext {
  client(): InventClient;
  defaultOrg(): string;
  logger: Logger;
  /** Whether a create that hits the hourly creation limit waits for it (`invent:waitForCreationLimit`). */
  waitForCreationLimit?(): boolean;
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

function withoutProvider(values: Obj): Obj {
  const { __provider: _, ...rest } = values;
  return rest;
}

/** A path template with its `{name}` parameters filled from `values`, each encoded as one path segment. */
export function collectionPath(template: string, values: Obj): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (typeof v !== "string" || !v)
      throw new Error(`${name} is required to address the object (got ${JSON.stringify(v)})`);
    return encodeURIComponent(v);
  });
}

/** Builds the dynamic provider for one resource description. */
export function providerFor<F extends Fields>(spec: ResourceSpec<F>, ctx: ProviderContext): DynamicProvider {
  assertCoherent(spec as unknown as ResourceSpec);
  const { fields } = spec;
  const orgOf = (v: Obj): string => (typeof v.orgId === "string" ? v.orgId : ctx.defaultOrg());
  const objectPath = (v: Obj, id: string) => `${collectionOf(v)}/${encodeURIComponent(id)}`;
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

  const collectionOf = (v: Obj) => collectionPath(spec.path, v);
  /** Reads go through shared listings (one per collection and process) where that is cheaper than GETs. */
  const reader = new CollectionReader(() => ctx.client());
  const snapshots = new CollectionSnapshots(() => ctx.client());
  /** Whether a list item has every wire key the declared fields are read from (else it is read with a GET). */
  const carriesDeclared = (item: WireObject, declared: Obj) =>
    Object.entries(fields).every(([k, f]) => {
      if (!isInput(f) || f.local || f.writeOnly === true || declared[k] === undefined || declared[k] === null)
        return true;
      return wirePath(k, f)[0] in item;
    });

  /** Creations this plan makes per org (check sees each new resource once), to warn before the limit bites. */
  const planned = new Map<string, number>();
  const countCreation = (org: string) => {
    const n = (planned.get(org) ?? 0) + 1;
    planned.set(org, n);
    if (n === spec.createsPerHour! + 1)
      ctx.logger.warn(
        `this plan creates more than ${spec.createsPerHour} ${spec.type}s in org ${org} (at least ${n}); the API ` +
          `allows ${spec.createsPerHour} per hour per org. \`pulumi up\` makes ${spec.createsPerHour} and stops at the ` +
          "limit, saying when the rest can be made; set `invent:waitForCreationLimit` to true to have it wait instead.",
      );
  };

  const stepContext = (values: Obj, org: string): StepContext<F> => ({
    client: ctx.client(),
    org,
    collection: collectionOf(values),
    values: values as PlainArgs<F>,
    logger: ctx.logger,
  });

  /** `Assistant "Support"`: the kind and the natural key, for messages. */
  const label = (v: Obj) => {
    const key = (spec.naturalKey ?? []).map((k) => v[k]).filter((x) => x !== undefined && x !== null);
    return `${spec.type}${key.length ? ` ${key.map((x) => JSON.stringify(x)).join(" ")}` : ""}`;
  };
  /** Whether a live object holds every declared value (what diff would call "no changes"). */
  const holds = (live: WireObject, declared: Obj) =>
    changes(fields, fromWire(fields, live, declared), declared).length === 0;
  const createTarget = (values: Obj, org: string): CreateTarget => ({
    client: ctx.client(),
    logger: ctx.logger,
    waitForLimit: ctx.waitForCreationLimit?.() ?? false,
    before: () => snapshots.get(org, collectionOf(values)),
    org,
    collection: collectionOf(values),
    label: label(values),
    matches: (live) => holds(live, values),
    sameKey: spec.naturalKey?.length
      ? (live) => {
          const mine = fromWire(fields, live, values);
          return spec.naturalKey!.every((k) => sameValue(mine[k], values[k]));
        }
      : undefined,
  });
  /** The declared values a placeholder was recorded with (its outputs, less what the attempt added). */
  const declaredOf = (props: Obj): Obj => {
    const { [CREATE_ATTEMPT_KEY]: _, ...rest } = withoutProvider(props);
    return rest;
  };

  return {
    async check(olds, news) {
      if (spec.createsPerHour !== undefined && Object.keys(withoutProvider(olds)).length === 0)
        countCreation(orgOf(withoutProvider(news)));
      // The engine prints a named property's value beside its failure, secrets in clear; every reason already
      // starts with the property path, so no failure names one.
      const { [PARENT_ORG_KEY]: parentOrg, ...inputs } = news;
      const failures = failuresOf(withoutProvider(inputs)).map((f) => ({ property: "", reason: f.reason }));
      if (typeof parentOrg === "string" && parentOrg !== UNKNOWN) {
        if (inputs.orgId === undefined) inputs.orgId = parentOrg;
        else if (inputs.orgId !== UNKNOWN && inputs.orgId !== parentOrg)
          failures.push({
            property: "",
            reason:
              `orgId: ${JSON.stringify(inputs.orgId)} differs from the org of its parent (${JSON.stringify(parentOrg)}); ` +
              "a child lives in its parent's org: remove orgId.",
          });
      }
      return { inputs, failures };
    },

    async diff(id, olds, news) {
      const values = withoutProvider(news);
      if (isPlaceholderId(id)) throw unresolvedError(label(values), id);
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
      if (spec.steps) {
        const made = await spec.steps.create(stepContext(values, org));
        return { id: made.id, outs: outputs(made.live, values, org) };
      }
      let live = await createExactlyOnce(createTarget(values, org), toWire(fields, values, "create"), () => ({
        // The host reads `__provider` from the recorded outputs to refresh or delete a half-made resource.
        ...values,
        orgId: org,
        __provider: inputs.__provider,
      }));
      reader.forget(org, collectionOf(values));
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
          // Keep the half-made object in state instead of losing it: the engine records `id` and shows `reasons`.
          const message = `${label(values)} ${id} was created, but a follow-up step failed: ${(err as Error).message}`;
          throw Object.assign(new Error(message), {
            id,
            properties: { ...outputs(live, values, org), __provider: inputs.__provider },
            reasons: [message],
          });
        }
      }
      return { id, outs: outputs(live, values, org) };
    },

    async read(id, props) {
      const org = orgOf(props);
      if (isPlaceholderId(id)) {
        const declared = declaredOf(props);
        const live = await resolveAttempt(
          createTarget(declared, org),
          props[CREATE_ATTEMPT_KEY] as CreateAttempt,
        );
        if (!live) {
          ctx.logger.info(
            `${label(declared)}: the earlier create whose outcome was unknown made nothing; forgetting it.`,
          );
          return {};
        }
        ctx.logger.info(
          `${label(declared)}: the earlier create whose outcome was unknown made ${String(live.id)}; recording it.`,
        );
        const outs = outputs(live, declared, org);
        return { id: String(live.id), props: outs, inputs: inputsOf(outs) };
      }
      if (spec.steps) {
        const now = await spec.steps.read(stepContext(props, org), id);
        if (!now) return {};
        const outs = outputs(now, props, org);
        return { id, props: outs, inputs: inputsOf(outs) };
      }
      const live = await reader.read(org, collectionOf(props), id, (item) => carriesDeclared(item, props));
      if (!live) return {};
      const outs = outputs(live, props, org);
      return { id, props: outs, inputs: inputsOf(outs) };
    },

    async update(id, olds, news) {
      const values = withoutProvider(news);
      if (isPlaceholderId(id)) throw unresolvedError(label(values), id);
      const org = orgOf(olds);
      if (spec.steps) {
        const now = await spec.steps.update({ ...stepContext(values, org), olds: olds as StateOf<F> }, id);
        return { outs: outputs(now, values, org) };
      }
      const client = ctx.client();
      const path = objectPath(values, id);
      const changed = changes(fields, olds, values).map((c) => c.path);
      let body = toWire(fields, pickPaths(values, changed), "update");
      let live: WireObject | undefined;
      if (Object.keys(body).length) {
        if (!ASSUMPTIONS.patchDeepMergesNestedObjects)
          body = mergeOverLive(body, await client.get<WireObject>(path, { org }));
        live = await client.patch<WireObject>(path, body, { org });
        reader.forget(org, collectionOf(values));
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
      if (spec.steps) return spec.steps.delete(stepContext(props, orgOf(props)), id);
      if (isPlaceholderId(id)) {
        // Destroying a resource whose create outcome was unknown deletes the object that create made, if any.
        const declared = declaredOf(props);
        const live = await resolveAttempt(
          createTarget(declared, orgOf(props)),
          props[CREATE_ATTEMPT_KEY] as CreateAttempt,
        );
        if (!live) return;
        id = String(live.id);
      }
      reader.forget(orgOf(props), collectionOf(props));
      try {
        await ctx.client().delete(objectPath(props, id), { org: orgOf(props) });
      } catch (err) {
        if (err instanceof NotFoundError) return; // already gone: the goal is reached
        throw err;
      }
    },
  };
}
