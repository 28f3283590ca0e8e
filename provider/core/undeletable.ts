/**
 * Kinds the API can neither create nor delete (`ResourceSpec.adoptOnly`, `ResourceSpec.undeletable`): which
 * replacements preview refuses (declaring an adopt-only object without `adoptId` is refused by its required
 * field), and what `destroy` does instead of pretending to delete (Google's `deletion_policy`, AWS
 * accounts' "close or leave": the object outlives the stack, and the user is told which one and why).
 */
import { InventError } from "../errors";
import { DeletionPolicy } from "../schema/fields";
import { Change } from "../schema/wire";
import { KindContext, label, Obj } from "./context";

/** The policy recorded for an object: the declared one, else "abandon". */
export const policyOf = (k: KindContext, v: Obj): DeletionPolicy => {
  const field = k.spec.undeletable?.policyField;
  return field && v[field] === "prevent" ? "prevent" : "abandon";
};

/** `SubOrganization "ACME" org_…`: the object, named for messages. */
const named = (k: KindContext, v: Obj, id: string) => `${label(k, v)} ${id}`;

/**
 * Throws when a change would replace an object that cannot be replaced safely: one the API cannot create
 * (adopt-only), or cannot delete when the user has not chosen the replacement (`allowReplacementField`) or
 * has forbidden it (`deletionPolicy: "prevent"`). Zero API calls: it runs in diff, so preview says it.
 */
export function refuseReplacement(k: KindContext, id: string, olds: Obj, news: Obj, changes: Change[]): void {
  const replacing = changes.filter((c) => c.replace).map((c) => c.path);
  if (!replacing.length) return;
  const { spec } = k;
  const what = `${named(k, news, id)}: changing ${replacing.join(", ")} would replace it`;
  const revert = `Revert ${replacing.length === 1 ? "that change" : "those changes"}`;
  if (spec.adoptOnly)
    throw new InventError(
      `${what}, and the Invent API cannot create a ${spec.type}. ${revert}; to manage another ${spec.type}, ` +
        "declare a new resource with its adoptId.",
    );
  const u = spec.undeletable;
  if (!u?.policyField) return; // a settings block: written again elsewhere, nothing left behind to bill
  const gone = `${what}, and ${u.why} The old one would be left behind: ${u.remains}`;
  if (policyOf(k, news) === "prevent" || policyOf(k, olds) === "prevent")
    throw new InventError(
      `${gone} ${u.policyField} is "prevent", so the replacement is refused. ${revert}; to replace it on ` +
        `purpose, set ${u.policyField}: "abandon" and ${u.allowReplacementField}: true.`,
    );
  if (u.allowReplacementField && news[u.allowReplacementField] === true) return;
  throw new InventError(
    `${gone} ${revert}; to make a new one on purpose, set ${u.allowReplacementField ?? "allowReplacement"}: true ` +
      `(the old one is then forgotten, as ${u.policyField}: "abandon" does on destroy).`,
  );
}

/**
 * `destroy` of an object the API cannot delete: under "abandon" it is forgotten, with its id and what is left
 * behind said once; under "prevent" the destroy fails with the same explanation. Zero API calls.
 */
export function forget(k: KindContext, id: string, props: Obj): void {
  const u = k.spec.undeletable!;
  const head = `${named(k, props, id)}`;
  if (policyOf(k, props) === "prevent")
    throw new InventError(
      `${head}: ${u.policyField} is "prevent", so it is not forgotten: ${u.why} ${u.remains} To let Pulumi ` +
        `forget it, set ${u.policyField}: "abandon" and run \`pulumi up\` before removing it (or \`pulumi state ` +
        "delete <urn>`).",
    );
  k.logger.warn(`${head} was forgotten, not deleted: ${u.why} ${u.remains}`);
}
