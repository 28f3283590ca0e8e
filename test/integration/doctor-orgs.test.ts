/**
 * `doctor`'s sub-organization and segment checks against the emulator: read-only rows that hold, rows that the
 * emulator's other answers contradict (with the override to set), and `--write`, which makes no sub-org and no
 * segment (the API can delete neither) and says so.
 */
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { runDoctor } from "../../provider/cli/doctor";
import { NO_WRITE_NOTE } from "../../provider/doctor/org-checks";
import type { DoctorReport } from "../../provider/doctor/report";
import { AGENCY_KEY, AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();
afterEach(() => applyAssumptionOverrides({}));

async function doctor(args: string[]) {
  let out = "";
  const code = await runDoctor([...args, "--json"], {
    env: { INVENT_API_KEY: AGENCY_KEY, INVENT_BASE_URL: h.emulator.url },
    cwd: "/",
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => {} },
    client: { minRetryDelayMs: 1, maxRetryDelayMs: 5 },
  });
  const report = JSON.parse(out) as DoctorReport;
  const row = (a: string) => report.findings.find((f) => f.assumption === a);
  return { code, report, row };
}

test("read-only: the sub-org listing, its billing fields and the segments are checked, nothing written", async () => {
  await h.control.seed("segments", AGENCY_ORG_ID, { name: "VIP", color: "amber" });
  await h.control.resetRequests();
  const { row, report } = await doctor([]);
  expect(report.notes).toContainEqual(
    expect.stringMatching(/^agency key: \d+ sub-org\(s\); \d+ of the first \d+ reached by id$/),
  );
  for (const a of [
    "subOrgsGetById",
    "subOrgBillingIn",
    "[D] wire schema: SubOrganization",
    "segmentsGetById",
    "[D] wire schema: Segment",
  ])
    expect({ a, verdict: row(a)?.verdict }).toEqual({ a, verdict: "holds" });
  for (const a of ["subOrgCreateFields", "billingSubObjectsSentWhole", "billingAmountScale"])
    expect(row(a)).toMatchObject({ verdict: "not checked", evidence: expect.stringMatching(/never makes/) });
  const counts = await h.calls();
  expect(Object.keys(counts).filter((r) => !r.startsWith("GET"))).toEqual([]);
  // One listing serves both the sub-org checks and the agency-key note (the first sub-orgs reached by id).
  expect(counts["GET /orgs/:org_id/orgs"]).toBe(1);
  expect(counts["GET /orgs/:org_id/segments"]).toBe(1);
});

test("an API with GET by id and without billing in the summary: contradicted, with the override to set", async () => {
  await h.control.seed("segments", AGENCY_ORG_ID, { name: "VIP" });
  await h.control.settings({ subOrgGetById: true, segmentGetById: true, subOrgBillingInSummary: false });
  const { row } = await doctor([]);
  expect(row("subOrgsGetById")).toMatchObject({
    verdict: "contradicted",
    override: { key: "subOrgsGetById", value: true },
  });
  expect(row("segmentsGetById")).toMatchObject({ verdict: "contradicted" });
  expect(row("subOrgBillingIn")).toMatchObject({
    verdict: "contradicted",
    evidence: expect.stringContaining("billing drift is not seen by refresh"),
  });
});

test("no sub-org and no segment: not checked, never holds", async () => {
  await h.control.remove("subOrgs", AGENCY_ORG_ID, (await h.control.objects("subOrgs"))[0].id);
  const { row } = await doctor([]);
  expect(row("subOrgsGetById")).toMatchObject({ verdict: "not checked" });
  expect(row("segmentsGetById")).toMatchObject({ verdict: "not checked" });
});

test("--write makes no sub-organization and no segment, and says so", async () => {
  const before = await h.control.state();
  await h.control.resetRequests();
  const { report } = await doctor(["--write", "--confirm-org", "Emulated Agency"]);
  expect(report.notes).toContain(NO_WRITE_NOTE);
  const counts = await h.calls();
  expect(
    Object.keys(counts).filter((r) => /orgs\/:org_id\/(orgs|segments)/.test(r) && !r.startsWith("GET")),
  ).toEqual([]);
  const after = await h.control.state();
  expect(after.subOrgs.map((o) => o.id)).toEqual(before.subOrgs.map((o) => o.id));
  expect(after.segments).toEqual([]);
});
