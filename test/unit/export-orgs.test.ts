/**
 * `pulumi-invent export` of an agency org: each client sub-org becomes a SubOrganization with its billing (a
 * SubOrganizationBilling under it, by reference), each segment a Segment taken over with `adoptId` (the API
 * cannot create one); the import entries hold what an `up` of that program would store.
 */
import { buildModel, Ref } from "../../provider/export/model";
import { stateOf } from "../../provider/export/imports";
import { renderProgram } from "../../provider/export/program";
import { OrgSnapshot } from "../../provider/export/read";

const subOrg = {
  id: "org_client1",
  name: "ACME Corp",
  logo_url: null,
  created_at: "2025-01-01T00:00:00Z",
  plan: "business",
  balance: 12,
  promo_balance: 0,
  spending_cap_used: 3,
  billing: {
    spending_cap: { enabled: true, amount: 200, reset_at: null },
    auto_recharge: { enabled: false, recharge_threshold: null, recharge_amount: null },
  },
  config: { email: "ops@acme.test", modules: { enable_broadcasts: false }, access: { allow_invites: false } },
};
const segment = {
  id: "seg_1",
  name: "VIP",
  color: "amber",
  contacts_count: 4,
  created_at: "x",
  updated_at: "y",
};

const snapshot = (): OrgSnapshot => ({
  org: "c",
  assistants: [],
  connections: [],
  actions: new Map(),
  channels: new Map(),
  contents: [],
  links: new Map(),
  subOrgs: [subOrg],
  segments: [segment],
  calls: 0,
});

test("sub-orgs with their billing, and segments by adoptId", () => {
  const model = buildModel(snapshot());
  expect(model.warnings).toEqual([]);
  const byType = Object.fromEntries(model.resources.map((r) => [r.spec.type, r]));
  expect(byType.SubOrganization.args).toEqual({
    name: "ACME Corp",
    config: { email: "ops@acme.test", modules: { enableBroadcasts: false }, access: { allowInvites: false } },
  });
  expect(byType.SubOrganizationBilling.args).toEqual({
    subOrganizationId: new Ref(byType.SubOrganization.variable, "org_client1"),
    spendingCap: { enabled: true, amount: 200 },
    autoRecharge: { enabled: false },
  });
  expect(byType.Segment.args).toEqual({ adoptId: "seg_1", name: "VIP", color: "amber" });
  const program = renderProgram(model);
  expect(program).toContain('new invent.SubOrganization("acme-corp", {');
  expect(program).toContain(`subOrganizationId: ${byType.SubOrganization.variable}.id,`);
  expect(program).toContain('adoptId: "seg_1"');
  // What the import stores is what `up` would: the billing's state is read from the sub-org's summary.
  expect(stateOf(byType.SubOrganizationBilling, "c").outputs).toMatchObject({
    subOrganizationId: "org_client1",
    spendingCap: { enabled: true, amount: 200 },
    orgId: "c",
  });
});
