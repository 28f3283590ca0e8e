/** The settle step: waiting for an object the API finishes after its create answered (`ResourceSpec.settle`). */
import { HalfMadeError } from "../schema/create";
import { WireObject } from "../schema/fields";
import { awaitSettled } from "../schema/settle";
import { forgetReads, KindContext, label, Obj, objectPath } from "./context";
import { outputs } from "./state";

/**
 * Waits for an object the API finishes asynchronously (see `ResourceSpec.settle`). Not done in time, or
 * failed: throws an error carrying the id and the object's state, so the engine records it half-made.
 */
export async function settle(
  k: KindContext,
  values: Obj,
  id: string,
  org: string,
  live: WireObject,
): Promise<WireObject> {
  const s = k.spec.settle!;
  const seconds = Number(values[s.timeoutField] ?? s.defaultTimeoutSeconds);
  const name = `${label(k, values)} ${id}`;
  const done = await awaitSettled(
    {
      client: k.client(),
      logger: k.logger,
      org,
      path: objectPath(k, values, id),
      label: name,
      noun: s.noun,
      state: s.state,
      timeoutMs: seconds * 1000,
    },
    live,
  );
  forgetReads(k, values, org);
  const p = done.progress;
  if ("done" in p) return done.live;
  const sentence = (reason: string) => reason.replace(/([^.!?])$/, "$1.");
  const message =
    "failed" in p
      ? `${name} was created, but its ${s.noun} failed: ${sentence(p.failed)} ${s.whenFailed} It is recorded ` +
        "in state as failed; the next `pulumi up` deletes it first, then creates a new one, so the org never " +
        "holds more than one failed copy of this resource."
      : `${name} was created, but its ${s.noun} did not finish within ${seconds} s (${s.timeoutField}); last ` +
        `seen: ${p.pending}. It is recorded in state; the next \`pulumi up\` waits for it again and creates ` +
        `nothing new. Raise ${s.timeoutField} if it routinely takes longer.`;
  throw new HalfMadeError(message, id, outputs(k, done.live, values, org));
}
