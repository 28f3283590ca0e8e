import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "../stub";
import { ArgsOf, Fields, isInput, StateOf } from "./fields";
import { ResourceSpec } from "./provider";

/** The output properties of a resource: one `pulumi.Output` per field (unset inputs resolve to undefined). */
export type OutputsOf<F extends Fields> = {
  readonly [K in keyof F]-?: pulumi.Output<NonNullable<StateOf<F>[K]> | undefined>;
} & { readonly orgId: pulumi.Output<string> };

/** Constructor of the Pulumi class for a resource description. */
export type InventResourceClass<F extends Fields> = new (
  name: string,
  args: ArgsOf<F>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & OutputsOf<F>;

/**
 * The Pulumi class for a resource description: a dynamic resource with the thin provider stub, secret inputs
 * wrapped as secrets, and secret outputs (minted keys) declared so the engine encrypts them.
 */
export function resourceClass<F extends Fields>(spec: ResourceSpec<F>): InventResourceClass<F> {
  const secretOutputs = Object.entries(spec.fields)
    .filter(([, f]) => f.secret)
    .map(([k]) => k);
  class InventResource extends pulumi.dynamic.Resource {
    constructor(name: string, args: ArgsOf<F>, opts?: pulumi.CustomResourceOptions) {
      const given = (args ?? {}) as Record<string, unknown>;
      const props: Record<string, unknown> = {};
      for (const [key, f] of Object.entries(spec.fields)) {
        const v = isInput(f) ? given[key] : undefined;
        props[key] = isInput(f) && f.secret && v !== undefined ? pulumi.secret(v) : v;
      }
      // Unknown argument names still reach `check`, which names them with a did-you-mean.
      for (const key of Object.keys(given)) if (!(key in props)) props[key] = given[key];
      super(
        providerStub(spec.type),
        name,
        props,
        pulumi.mergeOptions(opts, { additionalSecretOutputs: secretOutputs }),
        "invent",
        spec.type,
      );
    }
  }
  return InventResource as unknown as InventResourceClass<F>;
}
