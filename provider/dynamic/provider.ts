/**
 * The dynamic front: the methods Pulumi's dynamic-provider host calls (`check`, `diff`, `create`, `read`,
 * `update`, `delete`), each the core step of the same name in the host's shapes. What is the host's alone
 * stays here: `__provider` (the serialized stub) is taken off every argument and put back into the properties
 * of a half-made object, and API errors say where the settings come from.
 */
import { check } from "../core/check";
import { kindContext, ProviderContext } from "../core/context";
import { create } from "../core/create";
import { deleteObject } from "../core/delete";
import { diff } from "../core/diff";
import { read } from "../core/read";
import { isReference, readReference } from "../core/reference";
import { update } from "../core/update";
import { withSettingsHint } from "../config";
import { HalfMadeError } from "../schema/create";
import { Fields } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { CheckFailure } from "../schema/validate";

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

/**
 * Builds the dynamic provider for one resource description: the lifecycle steps of `core/`, in the shapes the
 * dynamic-provider host passes and expects.
 */
export function providerFor<F extends Fields>(spec: ResourceSpec<F>, ctx: ProviderContext): DynamicProvider {
  const k = kindContext(spec, ctx);
  /** The serialized provider stub of this type, as the host last passed it (see the entry below). */
  let stub: unknown;
  const methods: DynamicProvider = {
    check: async (olds, news) => check(k, olds, news),

    async diff(id, olds, news) {
      const { changes, deleteBeforeReplace } = diff(k, id, olds, news);
      // The host takes top-level property names; a nested change replaces its top-level input.
      const replaces = [...new Set(changes.filter((c) => c.replace).map((c) => c.path.split(".")[0]))];
      return { changes: changes.length > 0, replaces, deleteBeforeReplace };
    },

    create: (inputs) => create(k, inputs),

    async read(id, props) {
      // A reference is read its own way (every field, nothing written); the rest are managed objects.
      const now = isReference(props) ? await readReference(k, id, props) : await read(k, id, props);
      return now ? { id: now.id, props: now.outs, inputs: now.inputs } : {};
    },

    update: (id, olds, news) => update(k, id, olds, news),

    delete: (id, props) => deleteObject(k, id, props),
  };
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
