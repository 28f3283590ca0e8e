/**
 * The `__provider` text each dynamic resource stores: produced here by the SDK's own closure serializer, the
 * same call `pulumi.dynamic.Resource` makes (`serializeFunction(() => provider, { allowSecrets: true })` in
 * `@pulumi/pulumi/dynamic`), over the same stub object a program hands it. So the import entries hold, byte for
 * byte, what a `pulumi up` of the written program stores.
 */
import { providerStub } from "../dynamic/stub";

interface Serializer {
  serializeFunction(fn: () => unknown, opts: { allowSecrets: boolean }): Promise<{ text: string }>;
}

/** `__provider` of each resource type, serialized once per type. */
export async function providerTexts(types: string[]): Promise<Map<string, string>> {
  let closure: Serializer;
  try {
    // Loaded on demand (slow to load), from the project's `@pulumi/pulumi`, our peer dependency.
    closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as Serializer;
  } catch (err) {
    throw new Error(
      "pulumi-invent export needs @pulumi/pulumi (a peer dependency) to write import entries: run it in a " +
        `project that has it installed (npm install @pulumi/pulumi). (${(err as Error).message})`,
    );
  }
  const out = new Map<string, string>();
  for (const type of [...new Set(types)].sort()) {
    const provider = providerStub(type);
    out.set(type, (await closure.serializeFunction(() => provider, { allowSecrets: true })).text);
  }
  return out;
}
