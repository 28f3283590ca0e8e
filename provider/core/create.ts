/**
 * The create step: validated values become one object, exactly once (`schema/create.ts`), then the kind's
 * follow-up steps and the wait for an object the API finishes later. `adoptId` takes the adopt step instead.
 */
import { CREATE_ATTEMPT_KEY, createExactlyOnce, CreateTarget, HalfMadeError } from "../schema/create";
import { Fields, PlainArgs, WireObject } from "../schema/fields";
import { changes, fromWire, pickPaths, sameValue, toWire } from "../schema/wire";
import { adopt } from "./adopt";
import { failuresOf } from "./check";
import {
  collectionOf,
  fetchExisting,
  forgetReads,
  KindContext,
  label,
  Obj,
  orgOf,
  stepActions,
  stepContext,
  writing,
} from "./context";
import { readBack } from "./read-back";
import { settle } from "./settle";
import { outputs } from "./state";
import { patchObject } from "./update";

/** Whether a live object holds every declared value (what diff would call "no changes"). */
const holds = (k: KindContext, live: WireObject, declared: Obj) =>
  changes(k.fields, fromWire(k.fields, live, declared), declared).length === 0;

/** The declared fields the create body cannot carry (`updateOnly`): sent by a PATCH right after the POST. */
const updateOnlyKeys = (k: KindContext, values: Obj) =>
  k.table.inputs
    .filter(({ key, field: f }) => f.updateOnly && values[key] !== undefined && values[key] !== null)
    .map(({ key }) => key);

/** The declared values the create body carries: what the object a create made holds. */
const createdValues = (k: KindContext, values: Obj): Obj => {
  const out = { ...values };
  for (const key of updateOnlyKeys(k, values)) delete out[key];
  return out;
};

/** What exactly-once creation (and the resolution of an unknown outcome) needs of one declared object. */
export const createTarget = (k: KindContext, declared: Obj, org: string): CreateTarget => {
  const { spec, fields } = k;
  // An object just made holds what its create sent, not the values a later PATCH sends.
  const values = createdValues(k, declared);
  return {
    client: k.client(),
    logger: k.logger,
    waitForLimit: k.waitForCreationLimit(),
    before: () => k.snapshots.get(org, collectionOf(k, values)),
    org,
    collection: collectionOf(k, values),
    label: label(k, values),
    matches: (live) => holds(k, live, values),
    sameKey:
      spec.naturalKey?.length && spec.warnNamesakes !== false
        ? (live) => {
            const mine = fromWire(fields, live, values);
            return spec.naturalKey!.every((key) => sameValue(mine[key], values[key]));
          }
        : undefined,
  };
};

/** The declared values a placeholder was recorded with (its outputs, less what the attempt added). */
export const declaredOf = (props: Obj): Obj => {
  const { [CREATE_ATTEMPT_KEY]: _, ...rest } = props;
  return rest;
};

/**
 * Creates the object the checked inputs declare; returns its id and the outputs to record. An object that
 * exists but is not finished (a follow-up step failed, its processing failed or outlasted its deadline) is a
 * {@link HalfMadeError}; an unknown outcome an `UnknownOutcomeError` whose properties hold the attempt.
 */
export async function create(k: KindContext, inputs: Obj): Promise<{ id: string; outs: Obj }> {
  const { spec, fields } = k;
  const values = inputs;
  const failures = failuresOf(k, values);
  if (failures.length)
    throw new Error(`invalid ${spec.type} arguments:\n  ${failures.map((f) => f.reason).join("\n  ")}`);
  const org = orgOf(k, values);
  if (typeof values.adoptId === "string") return adopt(k, values, org, values.adoptId);
  if (spec.steps) {
    const made = await writing(k, values, org, () => spec.steps!.create(stepContext(k, values, org)));
    return { id: made.id, outs: outputs(k, made.live, values, org) };
  }
  let live = await createExactlyOnce(createTarget(k, values, org), toWire(fields, values, "create"), () => ({
    ...values,
    orgId: org,
  }));
  forgetReads(k, values, org);
  const id = String(live.id);
  const later = updateOnlyKeys(k, values);
  if (later.length || spec.afterWrite) {
    try {
      if (later.length)
        live =
          (await patchObject(k, values, id, org, toWire(fields, pickPaths(values, later), "update"))) ??
          (await fetchExisting(k, values, id, org));
      if (spec.afterWrite)
        live =
          (await spec.afterWrite({
            created: true,
            changed: [],
            news: values as PlainArgs<Fields>,
            live,
            action: stepActions(k, values, id, org),
          })) ?? live;
    } catch (err) {
      // Keep the half-made object in state instead of losing it: the engine records `id` and shows `reasons`.
      // Its state holds what the create sent: the next `up` sends the rest again.
      const message = `${label(k, values)} ${id} was created, but a follow-up step failed: ${(err as Error).message}`;
      throw new HalfMadeError(message, id, outputs(k, live, createdValues(k, values), org));
    }
  }
  if (spec.settle) live = await settle(k, values, id, org, live);
  readBack(k, { declared: values, live, id, org });
  return { id, outs: outputs(k, live, values, org) };
}
