/** The update step, and the one path that brings an existing object to the declared values (update, adopt). */
import { ASSUMPTIONS } from "../assumptions";
import { isPlaceholderId, unresolvedError } from "../schema/create";
import { Fields, isInput, PlainArgs, StateOf, WireObject } from "../schema/fields";
import { changes, mergeOverLive, pickPaths, toWire } from "../schema/wire";
import {
  fetchExisting,
  forgetReads,
  KindContext,
  label,
  Obj,
  objectPath,
  orgOf,
  stepActions,
  stepContext,
  writing,
} from "./context";
import { readBack } from "./read-back";
import { settle } from "./settle";
import { outputs } from "./state";

/**
 * The path a PATCH carries for a changed path: the whole top-level object when its field says the API may
 * replace it rather than merge it (`sentWhole`), else the path itself.
 */
const sentAs = (fields: Fields, path: string) => {
  const top = fields[path.split(".")[0]];
  return top && isInput(top) && top.kind === "object" && top.sentWhole?.() ? path.split(".")[0] : path;
};

/**
 * One PATCH of an object. Returns the object when the answer is one (it says which: an id); an empty or partial
 * answer is undefined, for the caller to read the object again.
 */
export async function patchObject(
  k: KindContext,
  values: Obj,
  id: string,
  org: string,
  body: Obj,
): Promise<WireObject | undefined> {
  const answer = await k.client().patch<WireObject | undefined>(objectPath(k, values, id), body, { org });
  forgetReads(k, values, org);
  return answer && typeof answer === "object" && answer.id !== undefined ? answer : undefined;
}

/**
 * Brings an existing object to the declared values: one PATCH of what changed (none when nothing did), the
 * follow-up steps, and the wait for an unfinished object. `found` is the object as last read, when known (a
 * PATCH that would send nothing then costs no GET). Returns the object now and whether a PATCH was sent.
 */
export async function applyChanges(
  k: KindContext,
  values: Obj,
  olds: Obj,
  id: string,
  org: string,
  found?: WireObject,
  followUps = true,
): Promise<{ live: WireObject; patched: string[] }> {
  const { spec, fields } = k;
  const changed = changes(fields, olds, values).map((c) => c.path);
  let body = toWire(
    fields,
    pickPaths(
      values,
      changed.map((p) => sentAs(fields, p)),
    ),
    "update",
  );
  let live = found;
  const patched = Object.keys(body).length ? changed : [];
  if (patched.length) {
    if (!ASSUMPTIONS.patchDeepMergesNestedObjects)
      body = mergeOverLive(body, found ?? (await fetchExisting(k, values, id, org)));
    live = await patchObject(k, values, id, org, body);
  }
  if (!followUps) {
    live ??= await fetchExisting(k, values, id, org);
    if (patched.length) readBack(k, { declared: values, live, id, org, sent: patched });
    return { live, patched };
  }
  if (spec.afterWrite) {
    live =
      (await spec.afterWrite({
        created: false,
        changed,
        news: values as PlainArgs<Fields>,
        olds: olds as StateOf<Fields>,
        live,
        action: stepActions(k, values, id, org),
      })) ?? live;
  }
  live ??= await fetchExisting(k, values, id, org);
  // An object not finished when its create gave up waiting: wait again (nothing is created twice).
  if (spec.settle && !("done" in spec.settle.state(live))) live = await settle(k, values, id, org, live);
  if (patched.length) readBack(k, { declared: values, live, id, org, sent: patched });
  return { live, patched };
}

/** Updates an object (`olds`: its state) to the declared values (`news`); returns the outputs to record. */
export async function update(k: KindContext, id: string, olds: Obj, news: Obj): Promise<{ outs: Obj }> {
  const { spec } = k;
  const values = news;
  if (isPlaceholderId(id)) throw unresolvedError(label(k, values), id);
  const org = orgOf(k, olds);
  if (spec.steps) {
    const now = await writing(k, values, org, () =>
      spec.steps!.update({ ...stepContext(k, values, org), olds: olds as StateOf<Fields> }, id),
    );
    return { outs: outputs(k, now, values, org) };
  }
  const { live } = await applyChanges(k, values, olds, id, org);
  return { outs: outputs(k, live, values, org) };
}
