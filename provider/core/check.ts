/** The check step: the declared values validated (zero API calls), the parent's org and the default org resolved. */
import { PARENT_ORG_KEY, PlainArgs, UNKNOWN } from "../schema/fields";
import { CheckFailure, validate } from "../schema/validate";
import { KindContext, Obj, orgOf } from "./context";

/** What is wrong with declared values: per-field rules first, then the kind's rules that span fields. */
export const failuresOf = (k: KindContext, v: Obj): CheckFailure[] => {
  const perField = validate(k.fields, v);
  return perField.length ? perField : (k.spec.check?.(v as PlainArgs<typeof k.fields>) ?? []);
};

/** Counts a creation this plan makes in an org; warns once when the plan exceeds the kind's hourly limit. */
export const countCreation = (k: KindContext, org: string) => {
  const { spec, planned } = k;
  const n = (planned.get(org) ?? 0) + 1;
  planned.set(org, n);
  if (n === spec.createsPerHour! + 1)
    k.logger.warn(
      `this plan creates more than ${spec.createsPerHour} ${spec.type}s in org ${org} (at least ${n}); the API ` +
        `allows ${spec.createsPerHour} per hour per org. \`pulumi up\` makes ${spec.createsPerHour} and stops at the ` +
        "limit, saying when the rest can be made; set `invent:waitForCreationLimit` to true to have it wait instead.",
    );
};

/**
 * Checks declared values (`olds`: the state's inputs, empty for a new resource). Returns the inputs to record,
 * with `orgId` resolved (a child's from its parent, else the default), and every failure.
 */
export function check(k: KindContext, olds: Obj, news: Obj): { inputs: Obj; failures: CheckFailure[] } {
  const { spec } = k;
  // An adoption creates nothing: it does not count against the hourly creation limit. The limit is per org: an
  // org not known yet (`orgId: client.id` of a sub-org made by the same preview) is not counted, since which
  // org it is cannot be told; `up` checks again once it is known.
  const org = orgOf(k, news);
  if (
    spec.createsPerHour !== undefined &&
    Object.keys(olds).length === 0 &&
    news.adoptId === undefined &&
    org !== UNKNOWN &&
    !(news[PARENT_ORG_KEY] === UNKNOWN && news.orgId === undefined)
  )
    countCreation(k, org);
  // The engine prints a named property's value beside its failure, secrets in clear; every reason already
  // starts with the property path, so no failure names one.
  const { [PARENT_ORG_KEY]: parentOrg, ...inputs } = news;
  const failures = failuresOf(k, inputs).map((f) => ({ property: "", reason: f.reason }));
  if (typeof parentOrg === "string" && parentOrg !== UNKNOWN) {
    if (inputs.orgId === undefined) inputs.orgId = parentOrg;
    else if (inputs.orgId !== UNKNOWN && inputs.orgId !== parentOrg)
      failures.push({
        property: "",
        reason:
          `orgId: ${JSON.stringify(inputs.orgId)} differs from the org of its parent (${JSON.stringify(parentOrg)}); ` +
          "a child lives in its parent's org: remove orgId.",
      });
  }
  // The default org is resolved once, here, and stored: later steps never work it out again.
  if (inputs.orgId === undefined || inputs.orgId === null) inputs.orgId = k.defaultOrg();
  return { inputs, failures };
}
