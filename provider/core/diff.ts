/** The diff step: what changed between state and the declared values, per path, and whether it replaces. */
import { isPlaceholderId, unresolvedError } from "../schema/create";
import { UNSETTLED_KEY } from "../schema/settle";
import { Change, changes } from "../schema/wire";
import { KindContext, label, Obj, orgOf } from "./context";
import { refuseReplacement } from "./undeletable";

/** The changed paths (dotted), each an update in place or a replacement, and how a replacement goes. */
export interface Diff {
  changes: Change[];
  /** Whether a replacement deletes the old object before creating the new one. */
  deleteBeforeReplace: boolean;
}

/** Compares state (`olds`) with the declared values (`news`); zero API calls. */
export function diff(k: KindContext, id: string, olds: Obj, news: Obj): Diff {
  const { spec } = k;
  const values = news;
  if (isPlaceholderId(id)) throw unresolvedError(label(k, values), id);
  const list = changes(k.fields, olds, values);
  if (orgOf(k, values) !== olds.orgId && !list.some((c) => c.path === "orgId"))
    list.push({ path: "orgId", replace: true });
  // An object whose processing failed is replaced; one not finished yet is waited for again (by update).
  if (spec.settle && olds[UNSETTLED_KEY] !== undefined)
    list.push({ path: spec.settle.statusOutput, replace: olds[UNSETTLED_KEY] === "failed" });
  // An object the API cannot create again, or cannot delete, is not replaced unless the user chose it.
  refuseReplacement(k, id, olds, values, list);
  // A failed object is worth nothing: it goes before its replacement is made, so a replacement that fails
  // too never leaves a second failed copy behind.
  const failed = !!spec.settle && olds[UNSETTLED_KEY] === "failed";
  return {
    changes: list,
    deleteBeforeReplace: (spec.deleteBeforeReplace ?? false) || (failed && list.some((c) => c.replace)),
  };
}
