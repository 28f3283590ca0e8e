import type * as runtime from "../runtime";
import type { DynamicProvider } from "./provider";

type ConfigureRequest = Parameters<typeof runtime.configure>[0];
type Method = keyof DynamicProvider;
/** A provider method as the stub forwards it: the host's arguments in, the runtime's promise out. */
type Forward = (...args: unknown[]) => Promise<unknown>;

/**
 * The provider object Pulumi serializes into state as `__provider`: `{ type, configure }` and nothing else.
 * `configure` loads the installed package and installs check/diff/create/read/update/delete on the object,
 * each forwarding to `runtime.provider(type)`. The host (`@pulumi/pulumi/cmd/dynamic-provider`, since 3.139,
 * our peer-dependency floor) calls `configure` on every provider it deserializes before any other method, and
 * it runs to its first `await` before the host looks up another method, so the methods are always there.
 *
 * Why this shape: the closure serializer wraps every function in ~170 bytes of boilerplate and writes captured
 * values out in full, so seven forwarding closures cost ~2.4 KB; one shared function with no captures costs
 * ~0.7 KB. State holds no secret, client, schema, path or version, and refresh/destroy run the installed code.
 */
export type ProviderStub = DynamicProvider & {
  readonly type: string;
  configure(req: ConfigureRequest): Promise<void>;
};

/**
 * The only function serialized into `__provider`, shared by every type. Its compiled text is what state
 * stores, byte for byte: keep comments out of its body and let it capture nothing (`type` is read from `this`;
 * a function expression, because a declaration's name would be captured as a self-reference). The literal
 * `require` is copied verbatim (the serializer never captures `require`) and the dynamic-provider host
 * resolves it from the program's `node_modules`. Resolving `runtime.provider(type)` per call keeps an unknown
 * type's "upgrade pulumi-invent" error on the method that needs it, as before, rather than on `configure`.
 */
const configure = async function (this: { type: string } & Record<Method, Forward>, req: ConfigureRequest) {
  const r = require("pulumi-invent/runtime") as {
    configure: typeof runtime.configure;
    provider(type: string): Record<Method, Forward>;
  };
  for (const m of ["check", "diff", "create", "read", "update", "delete"] as const)
    this[m] = async (...a) => r.provider(this.type)[m](...a);
  return r.configure(req);
};

/**
 * One stub per type for the whole process: `@pulumi/pulumi` caches serialized providers in a WeakMap keyed
 * by the provider object, so handing every resource of a type the same object serializes it once, not once
 * per resource (13-45 ms of CPU each, depending on the machine and on ts-node).
 */
const stubs = new Map<string, ProviderStub>();

export function providerStub(type: string): ProviderStub {
  let stub = stubs.get(type);
  if (!stub) {
    // The CRUD methods arrive with `configure` (above); until then the object is only `{ type, configure }`.
    stub = { type, configure } as ProviderStub;
    stubs.set(type, stub);
  }
  return stub;
}
