/** The reference read (`X.get(name, id, args)`): an existing object read in full, never written. */
import { NotFoundError } from "../errors";
import { underParents } from "../schema/address";
import { PARENT_ORG_KEY, REFERENCE_KEY } from "../schema/fields";
import { fromWire, fullView, stateForm } from "../schema/wire";
import { fetchOne, KindContext, Obj, stepContext } from "./context";
import { Refreshed } from "./read";
import { current, inputsOf, outputs } from "./state";

/** Whether recorded properties are those of a reference (read its own way), not of a managed object. */
export const isReference = (props: Obj) => props[REFERENCE_KEY] === true;

/**
 * A reference (`X.get(name, id, args)`): Pulumi only ever reads it. Every field of the object comes back, as
 * if all were declared; the org is the one given, the parent's (a child given `parent.id`), or the default.
 */
export async function readReference(k: KindContext, id: string, props: Obj): Promise<Refreshed> {
  const { spec, fields } = k;
  const { [REFERENCE_KEY]: _, [PARENT_ORG_KEY]: parentOrg, ...values } = props;
  const org =
    typeof values.orgId === "string"
      ? values.orgId
      : typeof parentOrg === "string"
        ? parentOrg
        : k.defaultOrg();
  const live = spec.steps
    ? await spec.steps.read(stepContext(k, values, org), id)
    : await fetchOne(k, values, id, org);
  if (!live)
    throw new NotFoundError(
      `${spec.type}.get: no ${spec.type} ${id} in org ${org}${underParents(fields, values)}. Check the id ` +
        "and the org (orgId, else invent:orgId).",
      { status: 404 },
    );
  const view = spec.steps ? fromWire(fields, live, values) : fullView(fields, live);
  const outs = { ...values, ...stateForm(fields, view), orgId: org, [REFERENCE_KEY]: true };
  return { id, outs, inputs: { ...values, [REFERENCE_KEY]: true } };
}

/**
 * The read of an import (`pulumi import`, or a read given only an id): the object whole, recorded as a managed
 * object that declared every field it holds, so its inputs pass `check` and a program declaring fewer fields
 * diffs only what it declares. `values` holds what addresses it (a child's parent id, a link's content id).
 */
export async function readImport(k: KindContext, id: string, values: Obj): Promise<Refreshed> {
  const { spec, fields } = k;
  const org = typeof values.orgId === "string" ? values.orgId : k.defaultOrg();
  const live = spec.steps
    ? await spec.steps.read(stepContext(k, values, org), id)
    : await fetchOne(k, values, id, org);
  if (!live)
    throw new NotFoundError(
      `${spec.type}: no ${spec.type} ${id} in org ${org}${underParents(fields, values)} to import. Check the id ` +
        "and the org (the provider's orgId, else invent:orgId).",
      { status: 404 },
    );
  const declared = { ...values, ...fullView(fields, live) };
  return { id, outs: outputs(k, live, declared, org), inputs: inputsOf(k, current(k, live, declared, org)) };
}
