/**
 * Sub-organizations, their billing and segments through the dynamic front over real HTTP against the
 * emulator: what each step costs in API calls, what preview refuses (with zero calls), what destroy says for
 * each deletion policy, and faults before and after the server acts on every write (never a second sub-org).
 */
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { check } from "../../provider/core/check";
import { assistantSpec } from "../../provider/resources/assistant";
import { segmentSpec } from "../../provider/resources/segment";
import { subOrganizationSpec } from "../../provider/resources/sub-organization";
import { subOrganizationBillingSpec } from "../../provider/resources/sub-organization-billing";
import { HalfMadeError } from "../../provider/schema/create";
import { PARENT_ORG_KEY, REFERENCE_KEY, UNKNOWN } from "../../provider/schema/fields";
import { lookupsFor } from "../../provider/schema/lookup";
import { OTHER_SHAPES } from "../emulator/control";
import { AGENCY_ORG_ID, OTHER_ORG_ID, SUB_ORG_ID } from "../emulator/server";
import { harness, Harness, useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness();

const SUBS = "/orgs/:org_id/orgs";
const subOrgs = async () =>
  (await h.control.objects("subOrgs", AGENCY_ORG_ID)).filter((o) => o.id !== SUB_ORG_ID);
const acme = {
  name: "ACME Corp",
  config: { email: "ops@acme.test", modules: { enableBroadcasts: false }, access: { allowInvites: false } },
};
/** What check records for a new resource (the default org resolved), as the engine passes it on. */
const checked = async (
  p: { check(o: object, n: object): Promise<{ inputs: object; failures: unknown[] }> },
  v: object,
) => {
  const { inputs, failures } = await p.check({}, v);
  expect(failures).toEqual([]);
  return inputs as Record<string, unknown>;
};
const callsOf = async (action: () => Promise<unknown>) => {
  await h.control.resetRequests();
  await action();
  return h.calls();
};

describe("SubOrganization", () => {
  test("create is one POST {name} and one PATCH of the rest; read is one listing; update one PATCH, deep-merged", async () => {
    const p = h.provider(subOrganizationSpec);
    const inputs = await checked(p, acme);
    let made: { id: string; outs: Record<string, unknown> } | undefined;
    expect(await callsOf(async () => (made = await p.create(inputs)))).toEqual({
      [`GET ${SUBS}`]: 1, // what existed before (exactly-once)
      [`POST ${SUBS}`]: 1,
      [`PATCH ${SUBS}/:id`]: 1,
    });
    const { id, outs } = made!;
    const [stored] = await subOrgs();
    expect(stored).toMatchObject({ id, name: "ACME Corp", plan: "business" });
    expect(stored.config).toMatchObject({
      email: "ops@acme.test",
      modules: { enable_broadcasts: false, enable_inbox: true },
      access: { allow_invites: false, allow_google: true },
    });
    expect(outs).toMatchObject({ ...acme, orgId: "c", plan: "business", balance: 0 });

    let now: Awaited<ReturnType<typeof p.read>> | undefined;
    expect(await callsOf(async () => (now = await p.read(id, outs)))).toEqual({ [`GET ${SUBS}`]: 1 });
    expect(now).toMatchObject({ id, inputs: { ...acme } });
    expect(await p.diff(id, outs, inputs)).toMatchObject({ changes: false });

    const renamed = { ...inputs, name: "ACME Corporation", config: { modules: { enableInbox: false } } };
    expect(await p.diff(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    expect(await callsOf(() => p.update(id, outs, renamed))).toEqual({ [`PATCH ${SUBS}/:id`]: 1 });
    const [after] = await subOrgs();
    // Deep-merged: keys not declared now keep their value.
    expect(after.config).toMatchObject({
      email: "ops@acme.test",
      modules: { enable_inbox: false, enable_broadcasts: false },
    });
    expect((await h.control.state()).orgs.find((o) => o.id === id)).toMatchObject({
      name: "ACME Corporation",
      parentId: AGENCY_ORG_ID,
    });
  });

  test("bad input is refused by check with zero API calls, naming the property", async () => {
    const p = h.provider(subOrganizationSpec);
    await h.control.resetRequests();
    const reasons = async (v: Record<string, unknown>) =>
      (await p.check({}, v)).failures.map((f) => f.reason).join("\n");
    expect(await reasons({ name: "A" })).toMatch(/^name: must be at least 2 character/);
    expect(await reasons({ name: "x".repeat(65) })).toMatch(/^name: must be at most 64 characters/);
    expect(await reasons({ name: "ACME", config: { modules: { enableBroadcast: false } } })).toMatch(
      /config\.modules\.enableBroadcast: unknown property\. Did you mean "config\.modules\.enableBroadcasts"\?/,
    );
    expect(await reasons({ name: "ACME", config: { access: { allowInvite: true } } })).toMatch(
      /config\.access\.allowInvite: unknown property\. Did you mean "config\.access\.allowInvites"\?/,
    );
    expect(await reasons({ name: "ACME", deletionPolicy: "keep" })).toMatch(
      /^deletionPolicy: Invalid option/,
    );
    expect(await h.calls()).toEqual({});
  });

  test("destroy: abandon forgets it with zero calls and says which org still bills; prevent refuses", async () => {
    const p = h.provider(subOrganizationSpec);
    const { id, outs } = await p.create(await checked(p, { name: "Globex" }));
    expect(await callsOf(() => p.delete(id, outs))).toEqual({});
    expect(h.logs.join("\n")).toContain(
      `SubOrganization "Globex" ${id} was forgotten, not deleted: the Invent API cannot delete a sub-organization. ` +
        "It still exists, and bills, until it is detached in the Invent dashboard (its page, Detach Organization).",
    );
    expect((await subOrgs()).map((o) => o.id)).toEqual([id]);

    const prevented = { ...outs, deletionPolicy: "prevent" };
    const err = await rejection(p.delete(id, prevented));
    expect(err.message).toBe(
      `SubOrganization "Globex" ${id}: deletionPolicy is "prevent", so it is not forgotten: the Invent API cannot ` +
        "delete a sub-organization. It still exists, and bills, until it is detached in the Invent dashboard (its " +
        'page, Detach Organization). To let Pulumi forget it, set deletionPolicy: "abandon" and run `pulumi up` ' +
        "before removing it (or `pulumi state delete <urn>`).",
    );
  });

  test("a replacing change is refused at preview unless chosen; prevent refuses it even then", async () => {
    const p = h.provider(subOrganizationSpec);
    const { id, outs } = await p.create(await checked(p, { name: "Initech" }));
    await h.control.resetRequests();
    const moved = { name: "Initech", orgId: OTHER_ORG_ID };
    expect((await rejection(p.diff(id, outs, moved))).message).toMatch(
      /^SubOrganization "Initech" org_\w+: changing orgId would replace it, and the Invent API cannot delete a sub-organization\. The old one would be left behind: It still exists, and bills, .* set allowReplacement: true/,
    );
    expect(await p.diff(id, outs, { ...moved, allowReplacement: true })).toMatchObject({
      replaces: ["orgId"],
    });
    expect(
      (await rejection(p.diff(id, outs, { ...moved, allowReplacement: true, deletionPolicy: "prevent" })))
        .message,
    ).toMatch(/deletionPolicy is "prevent", so the replacement is refused/);
    expect(await h.calls()).toEqual({});
  });

  describe("faults before and after the server acts: never a second sub-org", () => {
    test.each([
      ["500 before", { status: 500 }],
      ["502 after commit", { status: 502, afterCommit: true }],
      ["dropped connection after commit", { dropConnection: true, afterCommit: true }],
    ])("create POST, %s", async (_, fault) => {
      const p = h.provider(subOrganizationSpec);
      await h.control.failNext({ route: `POST ${SUBS}`, ...fault });
      const { id } = await p.create(await checked(p, acme));
      expect((await subOrgs()).map((o) => o.id)).toEqual([id]);
      expect((await subOrgs())[0].config).toMatchObject({ email: "ops@acme.test" });
    });

    test("the follow-up PATCH fails for good: recorded half-made with its id; the next up sends it, creates nothing", async () => {
      const p = h.provider(subOrganizationSpec);
      const inputs = await checked(p, acme);
      await h.control.failNext({ route: `PATCH ${SUBS}/:id`, status: 500, count: 10 });
      const err = await rejection(p.create(inputs));
      expect(err).toBeInstanceOf(HalfMadeError);
      const half = err as HalfMadeError;
      expect(half.message).toMatch(/was created, but setting the rest of its values failed/);
      await h.control.clearFaults();
      const [only] = await subOrgs();
      expect(half.id).toBe(only.id);
      // The engine records `properties` as the state; the next up diffs and updates in place.
      const d = await p.diff(half.id, half.properties, inputs);
      expect(d).toMatchObject({ changes: true, replaces: [] });
      expect(await callsOf(() => p.update(half.id, half.properties, inputs))).toEqual({
        [`PATCH ${SUBS}/:id`]: 1,
      });
      expect((await subOrgs()).map((o) => o.id)).toEqual([only.id]);
      expect((await subOrgs())[0].config).toMatchObject({ email: "ops@acme.test" });
    });

    test.each([
      ["500 before", { status: 500 }],
      ["502 after commit", { status: 502, afterCommit: true }],
    ])("update PATCH, %s: retried (idempotent), applied once", async (_, fault) => {
      const p = h.provider(subOrganizationSpec);
      const { id, outs } = await p.create(await checked(p, { name: "Hooli" }));
      await h.control.failNext({ route: `PATCH ${SUBS}/:id`, ...fault });
      await p.update(id, outs, { ...outs, name: "Hooli XYZ" });
      expect((await subOrgs()).map((o) => o.name)).toEqual(["Hooli XYZ"]);
    });
  });

  test("adoptId takes an existing sub-org over: one listing, one PATCH of what differs, no POST", async () => {
    const p = h.provider(subOrganizationSpec);
    const inputs = await checked(p, {
      name: "Emulated Agency Client",
      adoptId: SUB_ORG_ID,
      config: { email: "a@b.c" },
    });
    expect(await callsOf(() => p.create(inputs))).toEqual({ [`GET ${SUBS}`]: 1, [`PATCH ${SUBS}/:id`]: 1 });
  });

  test("lookups by id and by name, and get: one listing each", async () => {
    const lookups = lookupsFor(subOrganizationSpec as never, {
      client: () => h.kind(subOrganizationSpec).client(),
      defaultOrg: () => "c",
    });
    await h.control.resetRequests();
    expect(await lookups.get({ id: SUB_ORG_ID })).toMatchObject({
      id: SUB_ORG_ID,
      name: "Emulated Agency Client",
      orgId: "c",
    });
    expect(await lookups.get({ name: "Emulated Agency Client" })).toMatchObject({
      id: SUB_ORG_ID,
      plan: "business",
    });
    expect(await h.calls()).toEqual({ [`GET ${SUBS}`]: 2 });
    await expect(lookups.get({ name: "Nobody" })).rejects.toThrow(/no SubOrganization with name "Nobody"/);
  });
});

describe("SubOrganizationBilling", () => {
  const BILLING = `PATCH ${SUBS}/:id/billing`;
  const cap = { spendingCap: { enabled: true, amount: 200 }, autoRecharge: { enabled: false } };

  test("create and update are one PATCH each (sub-objects sent whole); read shares the sub-orgs' listing", async () => {
    const p = h.provider(subOrganizationBillingSpec);
    const inputs = await checked(p, { subOrganizationId: SUB_ORG_ID, ...cap });
    let made: { id: string; outs: Record<string, unknown> } | undefined;
    expect(await callsOf(async () => (made = await p.create(inputs)))).toEqual({ [BILLING]: 1 });
    const { id, outs } = made!;
    expect(id).toBe(SUB_ORG_ID);
    const stored = (await h.control.objects("subOrgs", AGENCY_ORG_ID)).find((o) => o.id === SUB_ORG_ID)!;
    expect(stored.billing).toMatchObject({
      spending_cap: { enabled: true, amount: 200 },
      auto_recharge: { enabled: false },
    });
    expect(outs).toMatchObject(cap);

    expect(await callsOf(() => p.read(id, outs))).toEqual({ [`GET ${SUBS}`]: 1 });
    expect(await p.diff(id, outs, inputs)).toMatchObject({ changes: false });

    const raised = { ...inputs, spendingCap: { enabled: true, amount: 350 } };
    expect(await callsOf(() => p.update(id, outs, raised))).toEqual({ [BILLING]: 1 });
    const after = (await h.control.objects("subOrgs", AGENCY_ORG_ID)).find((o) => o.id === SUB_ORG_ID)!;
    // The emulator replaces each sub-object whole [A]: enabled survived because it was sent too.
    expect(after.billing.spending_cap).toEqual({ enabled: true, amount: 350 });
  });

  test("a sub-org and its billing refresh together on one listing", async () => {
    const process = h.process();
    const org = process(subOrganizationSpec);
    const billing = process(subOrganizationBillingSpec);
    const made = await org.create({ name: "Umbrella", orgId: "c" });
    const b = await billing.create({ subOrganizationId: made.id, orgId: "c", ...cap });
    expect(
      await callsOf(() => Promise.all([org.read(made.id, made.outs), billing.read(b.id, b.outs)])),
    ).toEqual({
      [`GET ${SUBS}`]: 1,
    });
  });

  test("drift in the cap is found by read; destroy forgets it with zero calls and leaves the cap", async () => {
    const p = h.provider(subOrganizationBillingSpec);
    const { id, outs } = await p.create(await checked(p, { subOrganizationId: SUB_ORG_ID, ...cap }));
    await h.control.edit("subOrgs", AGENCY_ORG_ID, SUB_ORG_ID, {
      billing: { spending_cap: { amount: 900 } },
    });
    expect((await p.read(id, outs)).inputs).toMatchObject({ spendingCap: { amount: 900 } });
    expect(await callsOf(() => p.delete(id, outs))).toEqual({});
    expect(h.logs.join("\n")).toContain(
      `SubOrganizationBilling ${SUB_ORG_ID} was forgotten, not deleted: the Invent API has no delete for billing ` +
        "settings. The spending cap and auto-recharge stay as they are (a destroy never turns a safety cap off); " +
        "change them in the Invent dashboard if they should go.",
    );
    const stored = (await h.control.objects("subOrgs", AGENCY_ORG_ID)).find((o) => o.id === SUB_ORG_ID)!;
    expect(stored.billing.spending_cap).toMatchObject({ enabled: true, amount: 900 });
  });

  test.each([
    ["500 before", { status: 500 }],
    ["502 after commit", { status: 502, afterCommit: true }],
    ["dropped connection after commit", { dropConnection: true, afterCommit: true }],
  ])("the billing PATCH, %s: sent again, applied once", async (_, fault) => {
    const p = h.provider(subOrganizationBillingSpec);
    await h.control.failNext({ route: BILLING, ...fault });
    await p.create(await checked(p, { subOrganizationId: SUB_ORG_ID, ...cap }));
    expect(await h.control.count(BILLING)).toBe(2);
    const stored = (await h.control.objects("subOrgs", AGENCY_ORG_ID)).find((o) => o.id === SUB_ORG_ID)!;
    expect(stored.billing.spending_cap).toMatchObject({ enabled: true, amount: 200 });
  });

  test("a cap without an amount, or a child whose org differs from its parent's, is refused with zero calls", async () => {
    const p = h.provider(subOrganizationBillingSpec);
    await h.control.resetRequests();
    const reasons = async (v: Record<string, unknown>) =>
      (await p.check({}, v)).failures.map((f) => f.reason).join("\n");
    expect(await reasons({ subOrganizationId: SUB_ORG_ID, spendingCap: { enabled: true } })).toMatch(
      /^spendingCap\.amount: is required when spendingCap\.enabled is true/,
    );
    expect(
      await reasons({ subOrganizationId: SUB_ORG_ID, spendingCap: { enabled: true, amount: -5 } }),
    ).toMatch(/^spendingCap\.amount: must be greater than 0/);
    expect(
      await reasons({ [PARENT_ORG_KEY]: AGENCY_ORG_ID, orgId: OTHER_ORG_ID, subOrganizationId: SUB_ORG_ID }),
    ).toMatch(/^orgId: "org_\w+" differs from the org of its parent \("org_\w+"\)/);
    expect(await reasons({ spendingCap: { enabled: false } })).toMatch(/^subOrganizationId: is required/);
    expect(await h.calls()).toEqual({});
  });
});

describe("Segment", () => {
  const SEGMENTS = "/orgs/:org_id/segments";

  test("adopt-only: declared without adoptId, an unknown colour, a new org: refused at preview with zero calls", async () => {
    const p = h.provider(segmentSpec);
    await h.control.resetRequests();
    const reasons = async (v: Record<string, unknown>, olds = {}) =>
      (await p.check(olds, v)).failures.map((f) => f.reason).join("\n");
    expect(await reasons({ name: "VIP" })).toBe(
      "adoptId: is required (id of the existing segment to take over, since the API cannot create segments: make " +
        "one in the Invent dashboard and find its id with `getSegment` / `listSegments`).",
    );
    expect(await reasons({ adoptId: "seg_1", color: "gold" })).toMatch(
      /^color: Invalid option: expected one of "red"\|/,
    );
    const outs = { adoptId: "seg_1", name: "VIP", orgId: "c" };
    expect((await rejection(p.diff("seg_1", outs, { ...outs, orgId: OTHER_ORG_ID }))).message).toMatch(
      /^Segment "VIP" seg_1: changing orgId would replace it, and the Invent API cannot create a Segment/,
    );
    expect(await h.calls()).toEqual({});
  });

  test("adopt (one listing, one PATCH), read (one listing), update (one PATCH), destroy forgets (zero calls)", async () => {
    const seeded = await h.control.seed("segments", AGENCY_ORG_ID, { name: "VIP", color: "blue" });
    const p = h.provider(segmentSpec);
    const inputs = await checked(p, { adoptId: seeded.id, name: "VIP customers", color: "amber" });
    let made: { id: string; outs: Record<string, unknown> } | undefined;
    expect(await callsOf(async () => (made = await p.create(inputs)))).toEqual({
      [`GET ${SEGMENTS}`]: 1,
      [`PATCH ${SEGMENTS}/:id`]: 1,
    });
    const { id, outs } = made!;
    expect(id).toBe(seeded.id);
    expect(await callsOf(() => p.read(id, outs))).toEqual({ [`GET ${SEGMENTS}`]: 1 });
    expect(await callsOf(() => p.update(id, outs, { ...inputs, color: "rose" }))).toEqual({
      [`PATCH ${SEGMENTS}/:id`]: 1,
    });
    expect(await callsOf(() => p.delete(id, outs))).toEqual({});
    expect(h.logs.join("\n")).toContain(
      `Segment "VIP customers" ${id} was forgotten, not deleted: the Invent API cannot delete a segment. It stays ` +
        "in the org, with its contacts, as it now is.",
    );
    expect(await h.control.objects("segments", AGENCY_ORG_ID)).toMatchObject([
      { id, name: "VIP customers", color: "rose" },
    ]);
  });

  test("lookups by name and id read the listing", async () => {
    const seeded = await h.control.seed("segments", AGENCY_ORG_ID, { name: "Churned", color: "red" });
    const lookups = lookupsFor(segmentSpec as never, {
      client: () => h.kind(segmentSpec).client(),
      defaultOrg: () => "c",
    });
    expect(await lookups.get({ name: "Churned" })).toMatchObject({
      id: seeded.id,
      color: "red",
      contactsCount: 0,
    });
    expect(await lookups.get({ id: seeded.id })).toMatchObject({ name: "Churned" });
    expect(await lookups.list({})).toHaveLength(1);
  });
});

describe("children across orgs", () => {
  test("the parent's key reaches a sub-org made through the API: an assistant is created in it", async () => {
    const org = await h.provider(subOrganizationSpec).create({ name: "Stark", orgId: "c" });
    const a = await h.provider(assistantSpec).create({ name: "Stark Support", orgId: org.id });
    expect((await h.control.assistants(org.id)).map((x) => x.id)).toEqual([a.id]);
  });

  test("the hourly creation budget is counted per org: 10 clients × 5 assistants are not flagged, 11 in one are", () => {
    const k = h.kind(assistantSpec);
    h.logs.length = 0;
    for (let c = 0; c < 10; c++)
      for (let a = 0; a < 5; a++) check(k, {}, { name: `A${a}`, orgId: `org_client${c}` });
    // Preview of new sub-orgs: their ids are unknown, so which org is unknown: not counted.
    for (let a = 0; a < 30; a++) check(k, {}, { name: `N${a}`, orgId: UNKNOWN });
    expect(h.logs.filter((l) => /more than 10 Assistants/.test(l))).toEqual([]);
    for (let a = 0; a < 11; a++) check(k, {}, { name: `B${a}`, orgId: "org_big" });
    expect(h.logs.filter((l) => /more than 10 Assistants/.test(l))).toEqual([
      expect.stringContaining("in org org_big (at least 11)"),
    ]);
  });
});

describe("assumptions, overridden", () => {
  afterEach(() => applyAssumptionOverrides({}));

  test("billingAmountScale: amounts are scaled on the wire and back, so no drift", async () => {
    applyAssumptionOverrides({ billingAmountScale: 100 });
    const p = h.provider(subOrganizationBillingSpec);
    const inputs = await checked(p, {
      subOrganizationId: SUB_ORG_ID,
      spendingCap: { enabled: true, amount: 2.5 },
    });
    const { id, outs } = await p.create(inputs);
    const stored = (await h.control.objects("subOrgs", AGENCY_ORG_ID)).find((o) => o.id === SUB_ORG_ID)!;
    expect(stored.billing.spending_cap).toMatchObject({ amount: 250 });
    expect(outs).toMatchObject({ spendingCap: { amount: 2.5 } });
    expect(await p.diff(id, (await p.read(id, outs)).props!, inputs)).toMatchObject({ changes: false });
  });

  test("billingSubObjectsSentWhole: false sends only the changed member, which a replacing API loses the rest of", async () => {
    const p = h.provider(subOrganizationBillingSpec);
    const inputs = await checked(p, {
      subOrganizationId: SUB_ORG_ID,
      spendingCap: { enabled: true, amount: 100 },
    });
    const { id, outs } = await p.create(inputs);
    applyAssumptionOverrides({ billingSubObjectsSentWhole: false });
    await p.update(id, outs, { ...inputs, spendingCap: { enabled: true, amount: 150 } });
    const stored = (await h.control.objects("subOrgs", AGENCY_ORG_ID)).find((o) => o.id === SUB_ORG_ID)!;
    // The emulator replaces each sub-object whole [A]: `enabled` is gone; the default (true) keeps it.
    expect(stored.billing.spending_cap).toEqual({ amount: 150 });
  });

  test("subOrgCreateFields: what the POST carries is what exactly-once compares", async () => {
    const p = h.provider(subOrganizationSpec);
    applyAssumptionOverrides({ subOrgCreateFields: ["name", "config"] });
    // The emulator takes only the name [A]: a POST with config is refused, naming it (the user's cue to undo).
    await expect(p.create(await checked(p, acme))).rejects.toThrow(/property config should not exist/);
    expect(await subOrgs()).toEqual([]);
  });
});

describe("the other response shapes (OTHER_SHAPES)", () => {
  let o: Harness;
  beforeAll(async () => (o = await harness(OTHER_SHAPES)));
  afterAll(() => o.stop());

  test("sub-org, billing and segment lifecycles hold; billing absent from the summary is kept as declared", async () => {
    const process = o.process();
    const org = process(subOrganizationSpec);
    const billing = process(subOrganizationBillingSpec);
    const made = await org.create({ ...acme, orgId: "c" });
    const b = await billing.create({
      subOrganizationId: made.id,
      orgId: "c",
      spendingCap: { enabled: true, amount: 5 },
    });
    expect(b.outs).toMatchObject({ spendingCap: { enabled: true, amount: 5 } });
    const readOrg = await org.read(made.id, made.outs);
    const readBilling = await billing.read(b.id, b.outs);
    expect(await org.diff(made.id, readOrg.props!, { ...acme, orgId: "c" })).toMatchObject({
      changes: false,
    });
    expect(readBilling.props).toMatchObject({ spendingCap: { enabled: true, amount: 5 } });
    const renamed = await org.update(made.id, readOrg.props!, { ...acme, orgId: "c", name: "ACME 2" });
    expect(renamed.outs).toMatchObject({ name: "ACME 2" });

    const seg = await o.control.seed("segments", AGENCY_ORG_ID, { name: "VIP" });
    const s = process(segmentSpec);
    const adopted = await s.create({ adoptId: seg.id, name: "VIP", color: "teal", orgId: "c" });
    expect((await s.read(adopted.id, adopted.outs)).props).toMatchObject({ color: "teal" });
  });
});

describe("X.get: references, read only", () => {
  test("SubOrganization, its billing and a Segment are read in full from their listings", async () => {
    const seg = await h.control.seed("segments", AGENCY_ORG_ID, { name: "VIP", color: "amber" });
    await h.control.resetRequests();
    const org = await h.provider(subOrganizationSpec).read(SUB_ORG_ID, { [REFERENCE_KEY]: true });
    expect(org.props).toMatchObject({ name: "Emulated Agency Client", plan: "business", orgId: "c" });
    const billing = await h.provider(subOrganizationBillingSpec).read(SUB_ORG_ID, {
      [REFERENCE_KEY]: true,
      subOrganizationId: SUB_ORG_ID,
    });
    expect(billing.props).toMatchObject({
      spendingCap: { enabled: false },
      autoRecharge: { enabled: false },
    });
    const segment = await h.provider(segmentSpec).read(seg.id, { [REFERENCE_KEY]: true });
    expect(segment.props).toMatchObject({ name: "VIP", color: "amber", contactsCount: 0 });
    expect(await h.calls()).toEqual({ [`GET ${SUBS}`]: 2, "GET /orgs/:org_id/segments": 1 });
    await expect(h.provider(segmentSpec).read("seg_nothing", { [REFERENCE_KEY]: true })).rejects.toThrow(
      /Segment\.get: no Segment seg_nothing in org c/,
    );
  });
});
