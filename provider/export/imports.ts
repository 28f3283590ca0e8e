/**
 * `import.json` for `pulumi import --file import.json --generate-code=false` (Pulumi CLI 3.254+): per resource
 * its type, logical name and id, and the `inputs` and `outputs` a `pulumi up` of the written program would
 * store, each with the resource's `__provider`. With both given, the engine takes them as the resource's state
 * and never calls the provider's read (which cannot work for a dynamic resource: pulumi/pulumi#16175).
 *
 * Nothing secret is written: credentials are only ever seen masked (`****4242`), and that is what the entries
 * hold in their place; server-minted secrets (an assistant's widget key) are written as a secret null, filled
 * in by the first `pulumi refresh`. Values the program holds as secrets are marked secret, so state encrypts
 * them as it would after an `up`.
 */
import { isInput } from "../schema/fields";
import { UNSETTLED_KEY } from "../schema/settle";
import { tableOf } from "../schema/table";
import { fromWire, stateForm } from "../schema/wire";
import { tokenOf } from "../schema/package-schema";
import { ExportModel, holdsSecret, ProgramResource, resolve } from "./model";

type Obj = Record<string, unknown>;

/** The type token of a resource kind: `pulumi-nodejs:dynamic/invent:<type>` (see `resourceClass`). */
export const typeToken = (type: string) => `pulumi-nodejs:dynamic/invent:${type}`;

/** Pulumi's marker for a secret value in serialized state and in import files. */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const secret = (value: unknown) => ({ ...SECRET_SIG, plaintext: JSON.stringify(value) });

/** One entry of the import file. */
export interface ImportEntry {
  type: string;
  name: string;
  id: string;
  inputs: Obj;
  outputs: Obj;
}

/** The inputs `check` stores for the program's arguments, and the outputs `create` returns for the object. */
export function stateOf(r: ProgramResource, org: string): { inputs: Obj; outputs: Obj } {
  const { fields } = r.spec;
  // `check` always stores the org it resolved (the parent's, the declared one, or the default).
  const declared = { ...(resolve(r.args) as Obj), orgId: org };
  const settle = r.spec.settle?.state(r.live);
  const outputs: Obj = {
    ...stateForm(fields, { ...fromWire(fields, r.live, declared), orgId: org }),
    ...(settle && !("done" in settle) ? { [UNSETTLED_KEY]: "failed" in settle ? "failed" : "pending" } : {}),
  };
  const inputs: Obj = { ...declared };
  for (const entry of tableOf(fields).entries) {
    const { key, field: f } = entry;
    const programSecret = key in r.args && holdsSecret(r.args[key]);
    if (isInput(f)) {
      if (key in inputs && (f.secret || programSecret)) inputs[key] = secret(inputs[key]);
      if (key in outputs && (f.secret || programSecret)) outputs[key] = secret(outputs[key]);
    } else if (f.secret && key in outputs) {
      // A server-minted secret is never written: null here, the real value after the first refresh.
      outputs[key] = secret(null);
    }
  }
  return { inputs, outputs };
}

/**
 * The import file for a model; `providerText(type)` is the serialized `__provider` of each kind. `native`:
 * entries of the native provider's types (`invent:index:<type>`, for `pulumi-invent/native` programs), which
 * need no `__provider`.
 */
export function importFile(
  model: ExportModel,
  providerText: (type: string) => string,
  native = false,
): { resources: ImportEntry[] } {
  return {
    resources: model.resources.map((r) => {
      const { inputs, outputs } = stateOf(r, model.org);
      if (native) return { type: tokenOf(r.spec.type), name: r.name, id: r.id, inputs, outputs };
      const provider = providerText(r.spec.type);
      return {
        type: typeToken(r.spec.type),
        name: r.name,
        id: r.id,
        inputs: { ...inputs, __provider: provider },
        outputs: { ...outputs, __provider: provider },
      };
    }),
  };
}
