/**
 * The create step: validated values become one object, exactly once (`schema/create.ts`), then the kind's
 * follow-up steps and the wait for an object the API finishes later. `adoptId` takes the adopt step instead.
 */
import { CREATE_ATTEMPT_KEY, createExactlyOnce, CreateTarget, HalfMadeError } from "../schema/create";
import { Fields, isInput, PlainArgs, WireObject } from "../schema/fields";
import { changes, fromWire, sameValue, toWire } from "../schema/wire";
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
import { applyChanges, patchObject } from "./update";

/** Whether a live object holds every declared value (what diff would call "no changes"). */
const holds = (k: KindContext, live: WireObject, declared: Obj) =>
  changes(k.fields, fromWire(k.fields, live, declared), declared).length === 0;

/**
 * The declared values the create body carries: all of them, or those the kind's create takes
 * (`createTakes`) plus what is never sent (local and path fields). The rest follow in one PATCH.
 */
export const createSent = (k: KindContext, values: Obj): Obj => {
  const takes = k.spec.createTakes?.();
  const later = (key: string) => {
    const f = k.fields[key];
    if (!f || !isInput(f) || f.local || f.path) return false;
    // Fields the API takes only on update (`updateOnly`), and those a kind's create does not take.
    return !!f.updateOnly || (takes !== undefined && !takes.includes(key));
  };
  if (!Object.keys(values).some((key) => values[key] !== undefined && values[key] !== null && later(key)))
    return values;
  return Object.fromEntries(Object.entries(values).filter(([key]) => !later(key)));
};

/** What exactly-once creation (and the resolution of an unknown outcome) needs of one declared object. */
export const createTarget = (k: KindContext, declared: Obj, org: string): CreateTarget => {
  const { spec, fields } = k;
  // A match is judged on what the POST sent: the follow-up PATCH may never have happened.
  const values = createSent(k, declared);
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
  if (spec.patchOnly) return writeSettings(k, values, org);
  const sent = createSent(k, values);
  let live = await createExactlyOnce(createTarget(k, values, org), toWire(fields, sent, "create"), () => ({
    ...values,
    orgId: org,
  }));
  forgetReads(k, values, org);
  const id = String(live.id);
  if (sent !== values) {
    // The values the create body does not take: one PATCH of those declared (none when none are).
    try {
      live = (await applyChanges(k, values, sent, id, org, live, false)).live;
    } catch (err) {
      // State records what the create sent: the next `up` sees the rest as changes and sends them.
      const message = `${label(k, values)} ${id} was created, but setting the rest of its values failed: ${(err as Error).message} It is recorded in state; the next \`pulumi up\` sends them again and creates nothing new.`;
      throw new HalfMadeError(message, id, outputs(k, live, sent, org));
    }
  }
  if (spec.afterWrite) {
    try {
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
      const message = `${label(k, values)} ${id} was created, but a follow-up step failed: ${(err as Error).message}`;
      throw new HalfMadeError(message, id, outputs(k, live, values, org));
    }
  }
  if (spec.settle) live = await settle(k, values, id, org, live);
  // The follow-up PATCH (if any) read back its own values; the POST's are judged here.
  readBack(k, { declared: sent, live, id, org });
  return { id, outs: outputs(k, live, values, org) };
}

/**
 * "Creates" a settings block (`patchOnly`): one PATCH of the declared values. Nothing is made, so nothing can
 * be made twice: a PATCH whose answer is lost is sent again (it is idempotent), and a failed one leaves no state.
 */
async function writeSettings(k: KindContext, values: Obj, org: string): Promise<{ id: string; outs: Obj }> {
  const id = String(values[k.spec.patchOnly!.owner.idField]);
  const live =
    (await patchObject(k, values, id, org, toWire(k.fields, values, "create"))) ??
    (await fetchExisting(k, values, id, org));
  readBack(k, { declared: values, live, id, org });
  return { id, outs: outputs(k, live, values, org) };
}
