/** The delete step: the object goes (one already gone counts as deleted), including one a lost create made. */
import { NotFoundError } from "../errors";
import { CREATE_ATTEMPT_KEY, CreateAttempt, isPlaceholderId, resolveAttempt } from "../schema/create";
import { forgetReads, KindContext, Obj, objectPath, orgOf, stepContext, writing } from "./context";
import { createTarget, declaredOf } from "./create";
import { forget } from "./undeletable";

/** Deletes the object `props` (its state) records. Named so because `delete` is a reserved word. */
export async function deleteObject(k: KindContext, id: string, props: Obj): Promise<void> {
  const { spec } = k;
  if (spec.steps)
    return writing(k, props, orgOf(k, props), () =>
      spec.steps!.delete(stepContext(k, props, orgOf(k, props)), id),
    );
  if (isPlaceholderId(id)) {
    // Destroying a resource whose create outcome was unknown deletes the object that create made, if any.
    const declared = declaredOf(props);
    const live = await resolveAttempt(
      createTarget(k, declared, orgOf(k, props)),
      props[CREATE_ATTEMPT_KEY] as CreateAttempt,
    );
    if (!live) return;
    id = String(live.id);
  }
  // No delete endpoint: forget it (and say which object outlives the stack), or refuse under "prevent".
  if (spec.undeletable) return forget(k, id, props);
  forgetReads(k, props, orgOf(k, props));
  try {
    await k.client().delete(objectPath(k, props, id), { org: orgOf(k, props) });
  } catch (err) {
    if (err instanceof NotFoundError) return; // already gone: the goal is reached
    throw err;
  }
}
