/**
 * `doctor`'s checks of the sub-organization and segment assumptions. Read-only only: the parent's sub-org
 * listing (with the billing fields each summary carries) and the org's segments, each against the wire schema
 * the library reads, and whether a GET by id exists. `--write` creates nothing it cannot delete: the API can
 * delete neither a sub-organization nor a segment, so it makes none, and says so.
 */
import { ASSUMPTIONS } from "../assumptions";
import { InventError } from "../errors";
import { segmentSpec } from "../resources/segment";
import { subOrganizationSpec } from "../resources/sub-organization";
import { WireObject } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { checkWire } from "./wire-check";
import type { DoctorContext } from "./checks";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const spec = (s: unknown) => s as ResourceSpec;
const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Why `--write` leaves these unchecked: it never makes what it cannot delete again. */
export const NOT_WRITTEN =
  "needs a sub-organization made by the API, which doctor never makes: the API cannot delete one";
const WRITE_ONLY_ASSUMPTIONS = ["subOrgCreateFields", "billingSubObjectsSentWhole", "billingAmountScale"];

/** The line `--write` prints about these kinds, in its notes. */
export const NO_WRITE_NOTE =
  "--write created no sub-organization and no segment: the API can delete neither, so a throwaway one would " +
  "stay (and a sub-org would bill); subOrgCreateFields, billingSubObjectsSentWhole and billingAmountScale stay " +
  "not checked";

/** Every page of a collection, or why it could not be read (then its rows are "not checked", never "holds"). */
async function listed(ctx: DoctorContext, path: string): Promise<WireObject[] | string> {
  try {
    return await ctx.client.listAll<WireObject>(path, { org: ctx.org });
  } catch (err) {
    return `GET ${path} failed: ${reasonOf(err)}`;
  }
}

/** Whether `GET {collection}/{id}` answers (judges a `…GetById` assumption; no GET is documented). */
async function getById(ctx: DoctorContext, assumption: string, path: string): Promise<void> {
  const f = ctx.findings;
  const believed = (ASSUMPTIONS as Record<string, unknown>)[assumption] === true;
  try {
    const one = await ctx.client.get<WireObject>(path, { org: ctx.org });
    const answered = isObj(one) && typeof one.id === "string";
    if (answered === believed)
      f.holds(assumption, `GET ${path} ${answered ? "answered the object" : "answered no object"}`, false);
    else
      f.contradicted(
        assumption,
        `GET ${path} ${answered ? "answered the object" : "answered no object"}`,
        false,
        {
          key: assumption as never,
          value: answered,
        },
      );
  } catch (err) {
    if (!(err instanceof InventError) || err.status === undefined) {
      f.notChecked(assumption, `GET ${path} got no answer: ${reasonOf(err)}`, false);
      return;
    }
    if (err.status !== 404 && err.status !== 405) {
      f.notChecked(assumption, `GET ${path} answered ${err.status}`, false);
      return;
    }
    if (!believed) f.holds(assumption, `GET ${path} answered ${err.status}: read through the listing`, false);
    else
      f.contradicted(assumption, `GET ${path} answered ${err.status}`, true, {
        key: assumption as never,
        value: false,
      });
  }
}

/** Notes whether the key is an agency's: its sub-orgs, and whether the first few answer by their own org id. */
async function reachSubOrgs(ctx: DoctorContext, subs: WireObject[] | string): Promise<void> {
  const notes = ctx.findings.notes;
  if (typeof subs === "string") {
    notes.push(`sub-org listing ${subs} (not an agency key?)`);
    return;
  }
  let reached = 0;
  for (const sub of subs.slice(0, 5)) {
    try {
      await ctx.client.get("/assistants", { org: String(sub.id), query: { take: 1 } });
      reached++;
    } catch (err) {
      notes.push(`sub-org ${String(sub.id)} is listed but not reachable: ${reasonOf(err)}`);
    }
  }
  notes.push(
    subs.length
      ? `agency key: ${subs.length} sub-org(s); ${reached} of the first ${Math.min(5, subs.length)} reached by id`
      : "no sub-orgs under this org",
  );
}

/** Read-only checks of sub-orgs (with billing) and segments, from one listing of the sub-orgs. */
export async function orgReadChecks(ctx: DoctorContext): Promise<void> {
  const f = ctx.findings;
  const subs = await listed(ctx, "/orgs");
  await reachSubOrgs(ctx, subs);
  if (typeof subs === "string") {
    for (const a of ["subOrgsGetById", "subOrgBillingIn", "[D] wire schema: SubOrganization"])
      f.notChecked(a, `${subs} (not an agency key?)`, false);
  } else if (!subs.length) {
    for (const a of ["subOrgsGetById", "subOrgBillingIn", "[D] wire schema: SubOrganization"])
      f.notChecked(
        a,
        "no sub-organization under this org (doctor never makes one: the API cannot delete it)",
        false,
      );
  } else {
    const first = subs[0];
    const { problems, extra } = checkWire(spec(subOrganizationSpec), first, [
      "billing",
      "members",
      "features",
    ]);
    if (problems.length)
      f.contradicted("[D] wire schema: SubOrganization", `${String(first.id)}: ${problems.join("; ")}`, true);
    else
      f.holds(
        "[D] wire schema: SubOrganization",
        `sub-org ${String(first.id)} has every field the library reads`,
      );
    if (extra.length)
      f.notes.push(`SubOrganization carries fields the library does not know: ${extra.join(", ")}`);
    const billing = ASSUMPTIONS.subOrgBillingIn
      .split(".")
      .reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), first);
    if (isObj(billing) && isObj(billing.spending_cap) && isObj(billing.auto_recharge)) {
      const cap = billing.spending_cap;
      const fields = ["enabled", "amount"].filter((k) => !(k in cap));
      if (fields.length)
        f.contradicted(
          "subOrgBillingIn",
          `${ASSUMPTIONS.subOrgBillingIn}.spending_cap lacks ${fields.join(", ")}`,
          false,
        );
      else
        f.holds(
          "subOrgBillingIn",
          `the listing's ${ASSUMPTIONS.subOrgBillingIn}.spending_cap and .auto_recharge are objects (billing read from it)`,
          false,
        );
    } else
      f.contradicted(
        "subOrgBillingIn",
        `the sub-org listing carries no ${ASSUMPTIONS.subOrgBillingIn}.spending_cap/.auto_recharge: billing drift is ` +
          "not seen by refresh (declared values are kept)",
        false,
      );
    await getById(ctx, "subOrgsGetById", `/orgs/${encodeURIComponent(String(first.id))}`);
  }

  const segments = await listed(ctx, "/segments");
  if (typeof segments === "string" || !segments.length) {
    const why =
      typeof segments === "string"
        ? segments
        : "no segment in the org (doctor never makes one: the API cannot delete it)";
    for (const a of ["segmentsGetById", "[D] wire schema: Segment"]) f.notChecked(a, why, false);
    return;
  }
  const seg = segments[0];
  const { problems, extra } = checkWire(spec(segmentSpec), seg, ["boards"]);
  if (problems.length)
    f.contradicted("[D] wire schema: Segment", `${String(seg.id)}: ${problems.join("; ")}`, true);
  else f.holds("[D] wire schema: Segment", `segment ${String(seg.id)} has every field the library reads`);
  if (extra.length) f.notes.push(`Segment carries fields the library does not know: ${extra.join(", ")}`);
  await getById(ctx, "segmentsGetById", `/segments/${encodeURIComponent(String(seg.id))}`);
}

/** What `--write` says of these kinds: it makes none of them. */
export function orgWriteChecks(ctx: DoctorContext): void {
  ctx.progress(NO_WRITE_NOTE);
  ctx.findings.notes.push(NO_WRITE_NOTE);
  for (const a of WRITE_ONLY_ASSUMPTIONS) ctx.findings.notChecked(a, NOT_WRITTEN, false);
}

/** Rows for a read-only run: these need a write doctor never makes. */
export function orgUncheckedRows(ctx: DoctorContext): void {
  for (const a of WRITE_ONLY_ASSUMPTIONS)
    if (!ctx.findings.has(a)) ctx.findings.notChecked(a, NOT_WRITTEN, false);
}
