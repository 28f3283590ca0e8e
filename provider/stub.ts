import type * as runtime from "./runtime";

/**
 * The provider object Pulumi serializes into state as `__provider`. It holds nothing but the resource type:
 * each method loads the installed package at call time, so state carries no secret, client or schema, stays
 * a few hundred bytes, and refresh/destroy run the code the user has installed now.
 *
 * The literal `require` is deliberate: closure serialization copies it verbatim (it never captures
 * `require`), and the dynamic-provider host resolves it from the program's `node_modules`.
 */
export function providerStub(type: string) {
  const load = () => require("pulumi-invent/runtime") as typeof runtime;
  return {
    configure: async (req: Parameters<typeof runtime.configure>[0]) => load().configure(req),
    check: async (olds: Record<string, unknown>, news: Record<string, unknown>) =>
      load().provider(type).check(olds, news),
    diff: async (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) =>
      load().provider(type).diff(id, olds, news),
    create: async (inputs: Record<string, unknown>) => load().provider(type).create(inputs),
    read: async (id: string, props: Record<string, unknown>) => load().provider(type).read(id, props),
    update: async (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) =>
      load().provider(type).update(id, olds, news),
    delete: async (id: string, props: Record<string, unknown>) => load().provider(type).delete(id, props),
  };
}
