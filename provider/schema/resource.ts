import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "../stub";
import { Fields } from "./fields";
import { ResourceSpec } from "./provider";
import { isObject, notAnObject } from "./validate";

/** Constructor of the Pulumi class for a resource description. */
export type InventResourceClass<Args, Outputs> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & Outputs;

/**
 * The Pulumi class for a resource description: a dynamic resource with the thin provider stub, secret inputs
 * wrapped as secrets, and secret outputs (minted keys) declared so the engine encrypts them. `Args` and
 * `Outputs` are the interfaces generated from the same description (types.generated.ts).
 */
export function resourceClass<Args, Outputs>(spec: ResourceSpec<Fields>): InventResourceClass<Args, Outputs> {
  const secretOutputs = Object.entries(spec.fields)
    .filter(([, f]) => f.secret)
    .map(([k]) => k);
  class InventResource extends pulumi.dynamic.Resource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      // Without this, a string's characters would each be reported as an unknown property.
      if (args != null && !isObject(args))
        throw new Error(`${spec.type} ${JSON.stringify(name)}: ${notAnObject(args).reason}`);
      const given = (args ?? {}) as Record<string, unknown>;
      const props: Record<string, unknown> = {};
      for (const [key, f] of Object.entries(spec.fields)) {
        // Every field is registered; one left undefined is an output. A server-set output passed as an
        // argument is sent on, so `check` refuses it by name instead of it being dropped in silence.
        const v = given[key];
        props[key] = f.secret && v !== undefined ? pulumi.secret(v) : v;
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
  return InventResource as unknown as InventResourceClass<Args, Outputs>;
}
