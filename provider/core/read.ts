/**
 * The read step (refresh) of a managed object: through the listings the process shares where that is cheaper
 * than a GET, and the resolution of a placeholder left by a create whose outcome was unknown.
 */
import { CREATE_ATTEMPT_KEY, CreateAttempt, isPlaceholderId, resolveAttempt } from "../schema/create";
import { listOnly } from "../schema/address";
import { digestKey, WireObject } from "../schema/fields";
import { carries } from "../schema/wire";
import {
  collectionOf,
  fetchOne,
  KindContext,
  label,
  Obj,
  orgOf,
  ownerOf,
  parentListing,
  stepContext,
} from "./context";
import { createTarget, declaredOf } from "./create";
import { current, inputsOf, outputs } from "./state";

/** An object as state should now record it: its id, outputs, and the inputs a refresh records. */
export interface Refreshed {
  id: string;
  outs: Obj;
  inputs: Obj;
}

/**
 * Whether a list item carries every declared value (else it is read with a GET, which may carry more). A value
 * no response carries is kept as declared (see `fromWire`), so the GET is the last word.
 */
const carriesDeclared = (k: KindContext, item: WireObject, declared: Obj) =>
  k.table.inputs.every(({ key, field: f, wire, children }) => {
    if (f.local || f.path || f.writeOnly === true) return true;
    const d = f.digestInState && declared[key] === undefined ? declared[digestKey(key)] : declared[key];
    if (d === undefined || d === null) return true;
    // A nested object counts as carried when the item has it: its members are server-filled defaults too.
    return children ? wire[0] in item : carries(item, wire, f);
  });

/** Reads a managed object (`props`: its state); undefined when it is gone (or a placeholder made nothing). */
export async function read(k: KindContext, id: string, props: Obj): Promise<Refreshed | undefined> {
  const { spec, reader } = k;
  const embeddedIn = spec.locate?.embeddedIn;
  const org = orgOf(k, props);
  if (isPlaceholderId(id)) {
    const declared = declaredOf(props);
    const live = await resolveAttempt(
      createTarget(k, declared, org),
      props[CREATE_ATTEMPT_KEY] as CreateAttempt,
    );
    if (!live) {
      k.logger.info(
        `${label(k, declared)}: the earlier create whose outcome was unknown made nothing; forgetting it.`,
      );
      return undefined;
    }
    k.logger.info(
      `${label(k, declared)}: the earlier create whose outcome was unknown made ${String(live.id)}; recording it.`,
    );
    const outs = outputs(k, live, declared, org);
    return { id: String(live.id), outs, inputs: inputsOf(k, current(k, live, declared, org)) };
  }
  if (spec.steps) {
    const now = await spec.steps.read(stepContext(k, props, org), id);
    if (!now) return undefined;
    const outs = outputs(k, now, props, org);
    return { id, outs, inputs: inputsOf(k, current(k, now, props, org)) };
  }
  // A child embedded in its parent is read from the parent's listing when it can be: a refresh of assistants
  // and their actions and channels then shares one listing instead of one per assistant.
  const viaParent = embeddedIn
    ? await reader.readEmbedded(
        org,
        parentListing(k, props).collection,
        parentListing(k, props).id,
        embeddedIn.field,
        id,
        (item) => carriesDeclared(k, item, props),
      )
    : "unknown";
  if (viaParent === "gone") return undefined;
  // A settings block is read from its owner's listing (the sub-org's billing from the sub-org's summary); a
  // kind without a GET by id from its own listing, whose items are all the API has of it.
  const owner = spec.patchOnly ? ownerOf(k, props, id) : undefined;
  const onlyListed = listOnly(owner ? owner.spec.locate : spec.locate);
  const live =
    viaParent !== "unknown"
      ? viaParent
      : await reader.read(
          org,
          owner ? owner.collection : collectionOf(k, props),
          owner ? owner.id : id,
          (item) => onlyListed || !!owner || carriesDeclared(k, item, props),
          () => fetchOne(k, props, id, org),
          onlyListed,
        );
  if (!live) return undefined;
  // Inputs hold every declared value as it is now; outputs the same without large values (their digest).
  const outs = outputs(k, live, props, org);
  return { id, outs, inputs: inputsOf(k, current(k, live, props, org)) };
}
