/** Sub-organizations and segments in the emulator, over real HTTP on loopback: what the descriptors promise. */
import {
  AGENCY_ORG_ID,
  OTHER_ORG_KEY,
  SUB_ORG_ID,
  SUB_ORG_KEY,
  startEmulator,
  type RunningEmulator,
} from "./server";
import { emulatorApi } from "./test-api";

let emu: RunningEmulator;
beforeAll(async () => (emu = await startEmulator()));
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());
const api = emulatorApi(() => emu);

describe("sub-organizations", () => {
  test("listed under the parent as summaries (no updated_at), the fixture's client among them", async () => {
    const res = await api("GET", "/orgs/c/orgs");
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      expect.objectContaining({
        id: SUB_ORG_ID,
        name: "Emulated Agency Client",
        plan: "business",
        billing: expect.any(Object),
      }),
    ]);
    expect(res.json[0]).not.toHaveProperty("updated_at");
    expect(res.headers.get("pagination-count")).toBe("1");
    // A sub-org's own key sees no sub-orgs of its own; another org's key cannot list the agency's.
    expect((await api("GET", "/orgs/c/orgs", { key: SUB_ORG_KEY })).json).toEqual([]);
    expect((await api("GET", `/orgs/${AGENCY_ORG_ID}/orgs`, { key: OTHER_ORG_KEY })).status).toBe(404);
  });

  test("create takes a name only; the parent's key reaches the new org at once", async () => {
    const refused = await api("POST", "/orgs/c/orgs", { body: { name: "Acme", config: { email: "a@b.c" } } });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain("property config should not exist");
    expect((await api("POST", "/orgs/c/orgs", { body: { name: "A" } })).status).toBe(400);
    const made = await api("POST", "/orgs/c/orgs", { body: { name: "Acme" } });
    expect(made.status).toBe(200);
    expect(made.json.id).toMatch(/^org_\w{22}$/);
    const inside = await api("POST", `/orgs/${made.json.id}/assistants`, { body: { name: "Acme Support" } });
    expect(inside.status).toBe(200);
    expect((await api("GET", `/orgs/${made.json.id}`)).json).toEqual({
      id: made.json.id,
      name: "Acme",
      parent_id: AGENCY_ORG_ID,
    });
  });

  test("update deep-merges config; no DELETE; no GET by id unless switched on", async () => {
    const path = `/orgs/c/orgs/${SUB_ORG_ID}`;
    await api("PATCH", path, { body: { config: { modules: { enable_broadcasts: false } } } });
    const res = await api("PATCH", path, { body: { config: { access: { allow_invites: false } } } });
    expect(res.json.config).toMatchObject({
      modules: { enable_broadcasts: false, enable_inbox: true },
      access: { allow_invites: false, allow_google: true },
    });
    expect((await api("DELETE", path)).status).toBe(404);
    expect((await api("GET", path)).status).toBe(404);
    await emu.control.settings({ subOrgGetById: true });
    expect((await api("GET", path)).json).toMatchObject({ id: SUB_ORG_ID });
  });

  test("billing: each sub-object replaced whole; the answer is the fuller org object", async () => {
    const path = `/orgs/c/orgs/${SUB_ORG_ID}/billing`;
    await api("PATCH", path, { body: { spending_cap: { enabled: true, amount: 200 } } });
    const res = await api("PATCH", path, { body: { spending_cap: { amount: 300 } } });
    expect(res.json).toMatchObject({
      id: SUB_ORG_ID,
      billing: { spending_cap: { amount: 300 } },
      parent_org: { id: AGENCY_ORG_ID },
      updated_at: expect.any(String),
      deleted: false,
    });
    expect(res.json.billing.spending_cap).not.toHaveProperty("enabled");
    expect((await api("PATCH", path, { body: { spending_cap: { amount: "lots" } } })).status).toBe(400);
    await emu.control.settings({ subOrgBillingInSummary: false });
    expect((await api("GET", "/orgs/c/orgs")).json[0]).not.toHaveProperty("billing");
  });

  test("removing one through the control surface detaches it: the org lives on, independent", async () => {
    await emu.control.remove("subOrgs", AGENCY_ORG_ID, SUB_ORG_ID);
    expect((await api("GET", "/orgs/c/orgs")).json).toEqual([]);
    expect((await api("GET", `/orgs/${SUB_ORG_ID}/assistants`)).status).toBe(404);
    expect((await api("GET", "/orgs/c/assistants", { key: SUB_ORG_KEY })).status).toBe(200);
  });
});

describe("segments", () => {
  test("listed with search; renamed and recoloured; neither created nor deleted", async () => {
    const vip = await emu.control.seed("segments", AGENCY_ORG_ID, { name: "VIP", color: "amber" });
    await emu.control.seed("segments", AGENCY_ORG_ID, { name: "Churned" });
    expect((await api("GET", "/orgs/c/segments?search=vi")).json).toEqual([
      expect.objectContaining({ id: vip.id }),
    ]);
    const res = await api("PATCH", `/orgs/c/segments/${vip.id}`, { body: { color: "rose" } });
    expect(res.json).toMatchObject({ name: "VIP", color: "rose", contacts_count: 0 });
    expect((await api("PATCH", `/orgs/c/segments/${vip.id}`, { body: { color: "gold" } })).status).toBe(400);
    expect((await api("POST", "/orgs/c/segments", { body: { name: "New" } })).status).toBe(404);
    expect((await api("DELETE", `/orgs/c/segments/${vip.id}`)).status).toBe(404);
  });
});
