/** The adopt step: a create that takes over an existing object (`adoptId`) instead of making one. */
import { NotFoundError } from "../errors";
import { underParents } from "../schema/address";
import { claim } from "../schema/create";
import { isInput } from "../schema/fields";
import { changes, fromWire } from "../schema/wire";
import { fetchOne, KindContext, label, Obj } from "./context";
import { shownValue } from "./read-back";
import { outputs } from "./state";
import { applyChanges } from "./update";

/**
 * Takes over an existing object (`adoptId`) instead of creating one: one GET, then the update path (one PATCH
 * of the declared values that differ, none when all match, the kind's follow-up steps), never a POST.
 */
export async function adopt(
  k: KindContext,
  values: Obj,
  org: string,
  id: string,
): Promise<{ id: string; outs: Obj }> {
  const { spec, fields } = k;
  const found = await fetchOne(k, values, id, org);
  const parents = underParents(fields, values);
  if (!found)
    throw new NotFoundError(
      `${label(k, values)}: adoptId ${JSON.stringify(id)} names no ${spec.type} in org ${org}${parents}. Check the ` +
        "id (the Invent dashboard shows it; `pulumi-invent export` lists an org), and orgId (an object of another " +
        "org needs that org's id, reachable with its key or an agency key); or remove adoptId to create a new object.",
      { status: 404 },
    );
  // Write-only values (and values the response leaves out) cannot be compared: they count as changed (sent once).
  const now = fromWire(fields, found, values, "omit");
  const olds = Object.fromEntries(
    Object.entries(now).filter(
      ([key]) => !(spec.fields[key] && isInput(spec.fields[key]) && spec.fields[key].writeOnly === true),
    ),
  );
  const list = changes(fields, olds, values);
  const fixed = list.filter((c) => c.replace);
  if (fixed.length) {
    const shown = (path: string, v: Obj) =>
      shownValue(
        k,
        path,
        path.split(".").reduce<unknown>((o, key) => (o as Obj | undefined)?.[key], v),
      );
    throw new Error(
      `${label(k, values)}: cannot adopt ${id}: ` +
        fixed
          .map((c) => `${c.path} is ${shown(c.path, olds)} there but ${shown(c.path, values)} here`)
          .join("; ") +
        `, and ${fixed.length === 1 ? "it cannot" : "these cannot"} be changed in place. Declare the object's ` +
        "value, or remove adoptId to create a new object.",
    );
  }
  claim(found); // never taken for the lost answer of another create of this process
  const { live, patched } = await applyChanges(k, values, olds, id, org, found);
  k.logger.info(
    `${label(k, values)}: adopted ${id} in org ${org}; ` +
      (patched.length ? `one PATCH sent (${patched.join(", ")}).` : "it already held every declared value."),
  );
  return { id, outs: outputs(k, live, values, org) };
}
