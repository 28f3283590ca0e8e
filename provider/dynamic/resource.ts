import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./stub";
import { digestKey, Fields, isInput, PARENT_ORG_KEY, REFERENCE_KEY } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { tableOf } from "../schema/table";
import { isObject, notAnObject } from "../schema/validate";

/** Frames kept in stack traces taken while a resource is constructed (see the constructor). */
const CONSTRUCTION_STACK_LIMIT = 0;

/** Invent resources by their `id` output, so a child given `parent.id` finds the parent (and its org). */
const parents = new WeakMap<object, { orgId: pulumi.Output<string> }>();

/** The arguments of `get` after the id: optional when every member of `GetArgs` is. */
export type GetRest<GetArgs> = object extends GetArgs
  ? [args?: GetArgs, opts?: pulumi.CustomResourceOptions]
  : [args: GetArgs, opts?: pulumi.CustomResourceOptions];

/** The Pulumi class for a resource description: its constructor and its static `get`. */
export interface InventResourceClass<Args, Outputs, GetArgs = { orgId?: pulumi.Input<string> }> {
  new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): pulumi.dynamic.Resource & Outputs;
  /**
   * A read-only reference to an object that exists in Invent (made in the dashboard, or by another stack):
   * Pulumi reads it through this package's provider on every `preview`, `up` and `refresh`, and never updates
   * or deletes it (`pulumi destroy` only forgets it). Every output holds the object's value; its `id` can be
   * used wherever an id is expected (`connectionId`, `assistantId`; a child given it takes its org).
   *
   * @param name The Pulumi name of the reference (unique in the stack, like any resource's).
   * @param id The object's id in Invent (`ast_…`, `con_…`, …).
   * @param args Where the object is: `orgId` (default: the stack's `invent:orgId`, else the key's own org) and,
   *   for a kind that lives under a parent, the parent's id (`assistantId`), which its URL needs.
   * @param opts Resource options; `id` is set from the argument.
   *
   * To manage an existing object instead (update it, delete it on destroy), declare it with `adoptId`.
   */
  get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    ...rest: GetRest<GetArgs>
  ): pulumi.dynamic.Resource & Outputs;
}

/**
 * The Pulumi class for a resource description: a dynamic resource with the thin provider stub, secret inputs
 * wrapped as secrets, and secret outputs (minted keys) declared so the engine encrypts them. `Args` and
 * `Outputs` are the interfaces generated from the same description (types.generated.ts).
 */
export function resourceClass<Args, Outputs, GetArgs = { orgId?: pulumi.Input<string> }>(
  spec: ResourceSpec<Fields>,
): InventResourceClass<Args, Outputs, GetArgs> {
  const table = tableOf(spec.fields);
  const secretOutputs = table.entries.filter(({ field }) => field.secret).map(({ key }) => key);
  class InventResource extends pulumi.dynamic.Resource {
    /** See {@link InventResourceClass.get}: a resource with an `id` option is only read, through `read`. */
    static get(
      name: string,
      id: pulumi.Input<pulumi.ID>,
      args?: object,
      opts?: pulumi.CustomResourceOptions,
    ) {
      // The marker reaches `read` as a property: it reads every field, and the engine never writes the object.
      return new this(name, { ...args, [REFERENCE_KEY]: true } as Args, { ...opts, id });
    }

    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      // Without this, a string's characters would each be reported as an unknown property.
      if (args != null && !isObject(args))
        throw new Error(`${spec.type} ${JSON.stringify(name)}: ${notAnObject(args).reason}`);
      const given = (args ?? {}) as Record<string, unknown>;
      const props: Record<string, unknown> = {};
      // An argument left out is never in the outputs (they hold what was declared, plus what the server sets),
      // so it is not registered: each registered property costs the SDK an Output and several promises, about
      // 0.07 ms of program CPU. Its property is made on first use instead (below). A reference (`get`) reads
      // every field, so it registers them all.
      const unset: string[] = [];
      const reference = opts?.id !== undefined;
      for (const { key, field: f } of table.entries) {
        // A server-set output passed as an argument is sent on, so `check` refuses it by name instead of it
        // being dropped in silence.
        const v = given[key];
        if (v === undefined && isInput(f) && !reference && key !== "orgId") {
          unset.push(key);
          continue;
        }
        props[key] = f.secret && v !== undefined ? pulumi.secret(v) : v;
        if (isInput(f) && f.digestInState) props[digestKey(key)] = undefined; // the output state keeps instead
      }
      // Unknown argument names still reach `check`, which names them with a did-you-mean.
      for (const key of Object.keys(given)) if (!(key in props)) props[key] = given[key];
      // A child given its parent's id (`assistantId: support.id`) takes the parent's org; `check` refuses a
      // different explicit one. The parent's org travels as a hidden input that `check` removes again.
      for (const { key, field: f } of table.entries) {
        const parent = "parent" in f && f.parent ? parents.get(given[key] as object) : undefined;
        if (parent) props[PARENT_ORG_KEY] = parent.orgId;
      }
      // @pulumi/pulumi records `new Error().stack` on every promise it makes for a resource (for leak
      // reports); under ts-node each trace is source-mapped, which was most of the program's CPU per resource.
      // No trace during construction keeps that cost small (leak reports still name the resource in their
      // context); the limit is restored at once.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = CONSTRUCTION_STACK_LIMIT;
      try {
        super(
          providerStub(spec.type),
          name,
          props,
          pulumi.mergeOptions(opts, { additionalSecretOutputs: secretOutputs }),
          "invent",
          spec.type,
        );
      } finally {
        Error.stackTraceLimit = limit;
      }
      parents.set(this.id, this as unknown as { orgId: pulumi.Output<string> });
      // The output of an argument left out: undefined once the resource exists (unknown while its id is), and
      // depending on this resource like every other output.
      for (const key of unset) {
        let output: pulumi.Output<undefined> | undefined;
        Object.defineProperty(this, key, {
          enumerable: true,
          get: () => (output ??= this.id.apply(() => undefined)),
        });
      }
    }
  }
  return InventResource as unknown as InventResourceClass<Args, Outputs, GetArgs>;
}
