/** What state holds of an object: its outputs, the inputs a refresh records, the mark of an unfinished object. */
import { WireObject } from "../schema/fields";
import { UNSETTLED_KEY } from "../schema/settle";
import { fromWire, stateForm } from "../schema/wire";
import { KindContext, Obj } from "./context";

/** Every declared value as the API holds it now (large values included): what refresh stores as inputs. */
export const current = (k: KindContext, live: WireObject, declared: Obj, org: string): Obj => ({
  ...fromWire(k.fields, live, declared),
  orgId: org,
});

/** Not done yet (settling resources): marked in state, so diff replaces a failed object or waits again. */
export const unsettled = (k: KindContext, live: WireObject): Obj => {
  const p = k.spec.settle?.state(live);
  return !p || "done" in p ? {} : { [UNSETTLED_KEY]: "failed" in p ? "failed" : "pending" };
};

/** What state keeps as outputs: no second copy of large values (their digest instead). */
export const outputs = (k: KindContext, live: WireObject, declared: Obj, org: string): Obj => ({
  ...stateForm(k.fields, current(k, live, declared, org)),
  ...unsettled(k, live),
});

/** The inputs state should hold after a refresh: declared fields as they are now (drift shows as a diff). */
export const inputsOf = (k: KindContext, outs: Obj): Obj => {
  const inputKeys = new Set(k.table.inputKeys);
  const inputs = Object.fromEntries(Object.entries(outs).filter(([key]) => inputKeys.has(key)));
  // orgId is always in outputs (delete needs it); it was an input only if the user chose a non-default org.
  if (inputs.orgId === k.defaultOrg()) delete inputs.orgId;
  return inputs;
};
