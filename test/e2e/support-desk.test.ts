import { lifecycle } from "./lifecycle";

jest.setTimeout(300_000);

const STRIPE_KEY = "sk_test_e2e_billing_credential_4242";
const ACTIONS = "/orgs/:org_id/assistants/:assistant_id/actions";

lifecycle({
  example: "support-desk",
  config: {},
  secrets: { billingApiKey: STRIPE_KEY },
  resources: 5,
  createWrites: {
    "POST /orgs/:org_id/assistants": 1,
    "POST /orgs/:org_id/connections": 1,
    [`POST ${ACTIONS}`]: 2,
    [`PATCH ${ACTIONS}/reorder`]: 1,
  },
  destroyDeletes: 4, // two actions, the assistant, the connection; the order is not an object
  recreateWrites: {
    // Deleting the assistant by hand took its actions (and so their order) with it.
    "POST /orgs/:org_id/assistants": 1,
    [`POST ${ACTIONS}`]: 2,
    [`PATCH ${ACTIONS}/reorder`]: 1,
  },
  steps: [
    {
      name: "reordering the actions is one call",
      config: { searchFirst: "true" },
      writes: { [`PATCH ${ACTIONS}/reorder`]: 1 },
    },
    {
      name: "an action changed in place is one PATCH",
      config: { lookupInstructions: "Only when the customer gives an order number." },
      writes: { [`PATCH ${ACTIONS}/:id`]: 1 },
    },
    {
      name: "changing an action's tool replaces it, and the order follows",
      config: { searchTool: "TOOLS:WEB_SCRAPING" },
      writes: { [`POST ${ACTIONS}`]: 1, [`DELETE ${ACTIONS}/:id`]: 1, [`PATCH ${ACTIONS}/reorder`]: 1 },
      output: "1 replaced",
    },
  ],
  inPlace: {
    key: "instructions",
    value: "Answer in one sentence.",
    route: "PATCH /orgs/:org_id/assistants/:id",
  },
  replacing: {
    key: "billingProvider",
    value: "resend",
    creates: "POST /orgs/:org_id/connections",
    deletes: "DELETE /orgs/:org_id/connections/:id",
    alsoWrites: { [`PATCH ${ACTIONS}/:id`]: 1 }, // the order lookup follows the new connection
  },
  driftAssistantOutput: "assistantId",
  secretValues: [STRIPE_KEY],
  extra: (t) => {
    test("the widget secret is a secret output, and a rotation is one call that changes it", async () => {
      const project = t.project();
      const shown = await project.ok(["stack", "output", "widgetSecret"]);
      expect(shown.stdout).toContain("[secret]");
      const before = JSON.parse(
        (await project.ok(["stack", "output", "--json", "--show-secrets"])).stdout,
      ).widgetSecret;
      expect(before).toEqual(expect.any(String));
      await project.ok(["config", "set", "secretKeyRotation", "2026-12-01"]);
      const calls = await t.callsOf(() => project.up());
      expect(calls).toEqual({ "POST /orgs/:org_id/assistants/:id/rotate-secret-key": 1 });
      const after = JSON.parse(
        (await project.ok(["stack", "output", "--json", "--show-secrets"])).stdout,
      ).widgetSecret;
      expect(after).not.toBe(before);
      expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    });

    test("an action order changed in the dashboard is found by refresh and put back in one call", async () => {
      const project = t.project();
      const emulator = t.emulator();
      const actions = (await emulator.control.state()).actions.sort((a, b) => a.position - b.position);
      const last = actions[actions.length - 1];
      await emulator.control.editAction(last.org_id, last.id, { position: 0 });
      const refreshed = await project.refresh();
      expect(refreshed.output).toMatch(/support-tools/);
      expect((await project.preview(["--expect-no-changes"])).code).not.toBe(0);
      const calls = await t.callsOf(() => project.up());
      expect(Object.fromEntries(Object.entries(calls).filter(([r]) => !r.startsWith("GET")))).toEqual({
        [`PATCH ${ACTIONS}/reorder`]: 1,
      });
      expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    });

    test("a credential changed in the dashboard is drift that up puts back", async () => {
      const project = t.project();
      const emulator = t.emulator();
      const [conn] = (await emulator.control.state()).connections;
      await emulator.control.editConnection(conn.org_id, conn.id, {
        config: { api_key: "re_changed_by_hand_7777" },
      });
      const refreshed = await project.refresh();
      expect(refreshed.output).toContain("config");
      expect(refreshed.output).not.toContain("re_changed_by_hand_7777"); // config is secret: shown as [secret]
      const calls = await t.callsOf(() => project.up());
      expect(calls).toEqual(expect.objectContaining({ "PATCH /orgs/:org_id/connections/:id": 1 }));
      expect((await emulator.control.state()).connections[0].config.api_key).toBe(STRIPE_KEY);
    });
  },
});
