import { withSettingsHint } from "../config";
import { NotFoundError } from "../errors";
import { CREATE_ATTEMPT_KEY, CreateAttempt, HalfMadeError, isPlaceholderId, resolveAttempt } from "./create";
import { Fields, PARENT_ORG_KEY, REFERENCE_KEY, WireObject } from "./fields";
import { tableOf } from "./table";
import * as core from "../core/context";
import { kindContext, ProviderContext } from "../core/context";
import * as state from "../core/state";
import { check } from "../core/check";
import { diff } from "../core/diff";
import { create, createTarget as createTargetOf, declaredOf as declaredOfStep } from "../core/create";
import { update } from "../core/update";
import { underParents } from "./address";
import { ResourceSpec, StepContext } from "./spec";
import { CheckFailure } from "./validate";
import { fromWire, fullView, stateForm } from "./wire";

type Obj = Record<string, unknown>;

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

/** Builds the dynamic provider for one resource description. */
export function providerFor<F extends Fields>(spec: ResourceSpec<F>, ctx: ProviderContext): DynamicProvider {
  const k = kindContext(spec, ctx);
  const { fields } = spec;
  const orgOf = (v: Obj) => core.orgOf(k, v);
  const objectPath = (v: Obj, id: string) => core.objectPath(k, v, id);
  const current = (live: WireObject, declared: Obj, org: string) => state.current(k, live, declared, org);
  const outputs = (live: WireObject, declared: Obj, org: string) => state.outputs(k, live, declared, org);
  const inputsOf = (outs: Obj) => state.inputsOf(k, outs);
  const collectionOf = (v: Obj) => core.collectionOf(k, v);
  const fetchOne = (v: Obj, id: string, org: string) => core.fetchOne(k, v, id, org);
  const { reader } = k;
  const embeddedIn = spec.locate?.embeddedIn;
  const parentListing = (v: Obj) => core.parentListing(k, v);
  const forgetReads = (v: Obj, org: string) => core.forgetReads(k, v, org);
  /** Whether a list item has every wire key the declared fields are read from (else it is read with a GET). */
  const carriesDeclared = (item: WireObject, declared: Obj) =>
    tableOf(fields).inputs.every(({ key: k, field: f, wire }) => {
      if (f.local || f.path || f.writeOnly === true || declared[k] === undefined || declared[k] === null)
        return true;
      return wire[0] in item;
    });

  const stepContext = (values: Obj, org: string) => core.stepContext(k, values, org) as StepContext<F>;
  const writing = <T>(values: Obj, org: string, step: () => Promise<T>) => core.writing(k, values, org, step);

  const label = (v: Obj) => core.label(k, v);
  const createTarget = (values: Obj, org: string) => createTargetOf(k, values, org);
  const declaredOf = declaredOfStep;

  /**
   * A reference (`X.get(name, id, args)`): Pulumi only ever reads it. Every field of the object comes back, as
   * if all were declared; the org is the one given, the parent's (a child given `parent.id`), or the default.
   */
  const readReference = async (id: string, props: Obj): Promise<{ id: string; props: Obj; inputs: Obj }> => {
    const { [REFERENCE_KEY]: _, [PARENT_ORG_KEY]: parentOrg, ...values } = props;
    const org =
      typeof values.orgId === "string"
        ? values.orgId
        : typeof parentOrg === "string"
          ? parentOrg
          : ctx.defaultOrg();
    const live = spec.steps
      ? await spec.steps.read(stepContext(values, org), id)
      : await fetchOne(values, id, org);
    if (!live)
      throw new NotFoundError(
        `${spec.type}.get: no ${spec.type} ${id} in org ${org}${underParents(fields, values)}. Check the id ` +
          "and the org (orgId, else invent:orgId).",
        { status: 404 },
      );
    const view = spec.steps ? fromWire(fields, live, values) : fullView(fields, live);
    const outs = { ...values, ...stateForm(fields, view), orgId: org, [REFERENCE_KEY]: true };
    return { id, props: outs, inputs: { ...values, [REFERENCE_KEY]: true } };
  };

  /** The serialized provider stub of this type, as the host last passed it (see the entry below). */
  let stub: unknown;
  const methods: DynamicProvider = {
    async check(olds, news) {
      return check(k, olds, news);
    },

    async diff(id, olds, news) {
      const { changes: list, deleteBeforeReplace } = diff(k, id, olds, news);
      const replaces = [...new Set(list.filter((c) => c.replace).map((c) => c.path.split(".")[0]))];
      return { changes: list.length > 0, replaces, deleteBeforeReplace };
    },

    create: (inputs) => create(k, inputs),

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
        return { id: String(live.id), props: outs, inputs: inputsOf(current(live, declared, org)) };
      }
      if (spec.steps) {
        const now = await spec.steps.read(stepContext(props, org), id);
        if (!now) return {};
        const outs = outputs(now, props, org);
        return { id, props: outs, inputs: inputsOf(current(now, props, org)) };
      }
      // A child embedded in its parent is read from the parent's listing when it can be: a refresh of assistants
      // and their actions and channels then shares one listing instead of one per assistant.
      const viaParent = embeddedIn
        ? await reader.readEmbedded(
            org,
            parentListing(props).collection,
            parentListing(props).id,
            embeddedIn.field,
            id,
            (item) => carriesDeclared(item, props),
          )
        : "unknown";
      if (viaParent === "gone") return {};
      const live =
        viaParent !== "unknown"
          ? viaParent
          : await reader.read(
              org,
              collectionOf(props),
              id,
              (item) => carriesDeclared(item, props),
              () => fetchOne(props, id, org),
            );
      if (!live) return {};
      // Inputs hold every declared value as it is now; outputs the same without large values (their digest).
      const outs = outputs(live, props, org);
      return { id, props: outs, inputs: inputsOf(current(live, props, org)) };
    },

    update: (id, olds, news) => update(k, id, olds, news),

    async delete(id, props) {
      if (spec.steps)
        return writing(props, orgOf(props), () => spec.steps!.delete(stepContext(props, orgOf(props)), id));
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
      forgetReads(props, orgOf(props));
      try {
        await ctx.client().delete(objectPath(props, id), { org: orgOf(props) });
      } catch (err) {
        if (err instanceof NotFoundError) return; // already gone: the goal is reached
        throw err;
      }
    },
  };
  // A reference is read its own way (every field, nothing written); the rest of `read` is for managed objects.
  const managedRead = methods.read;
  methods.read = (id, props) =>
    props[REFERENCE_KEY] === true ? readReference(id, props) : managedRead(id, props);
  // The HTTP layer knows nothing of Pulumi: say here where its settings come from.
  // `__provider` is taken off every argument here, once: the methods never see it. It is the same text for
  // every resource of this type, kept to put back into the properties of a half-made resource.
  return Object.fromEntries(
    Object.entries(methods).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        const plain = args.map((a) => {
          if (!a || typeof a !== "object" || !("__provider" in a)) return a;
          stub = (a as Obj).__provider;
          return withoutProvider(a as Obj);
        });
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>)(...plain);
        } catch (err) {
          // The host records a half-made object with these properties and reads `__provider` from them to
          // refresh or delete it later.
          if (err instanceof HalfMadeError) Object.assign(err.properties, { __provider: stub });
          throw withSettingsHint(err);
        }
      },
    ]),
  ) as unknown as DynamicProvider;
}
