/**
 * The support-desk example's lifecycle, as data: run as the emulator answers by default
 * (`support-desk.test.ts`) and with every response shape the docs leave open answered the other way
 * (`support-desk-other-shapes.test.ts`).
 */
import type { EmulatorSettings } from "../../emulator/control";
import type { LifecycleCase } from "../lifecycle";

const STRIPE_KEY = "sk_test_e2e_billing_credential_4242";
const TELEGRAM_TOKEN = "7100200300:AAE_e2e_telegram_bot_token_8642";
const ACTIONS = "/orgs/:org_id/assistants/:assistant_id/actions";
const CHANNELS = "/orgs/:org_id/assistants/:assistant_id/integrations";
const CONTENTS = "/orgs/:org_id/knowledge/contents";
const LINKS = "/orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id";
/** The FAQ text a step declares: state must hold it once (as an input), never a second copy. */
const NEW_FAQ = "Q: Do you ship to Norway?\nA: Yes, in five to eight working days.";

/** The case for an emulator with these settings (default: its defaults). */
export const supportDeskCase = (shapes: Partial<EmulatorSettings> = {}): LifecycleCase => ({
  example: "support-desk",
  config: {},
  secrets: { billingApiKey: STRIPE_KEY, telegramBotToken: TELEGRAM_TOKEN },
  resources: 8 + 4, // + two knowledge contents and their two links
  createWrites: {
    "POST /orgs/:org_id/assistants": 1,
    "POST /orgs/:org_id/connections": 2,
    [`POST ${ACTIONS}`]: 2,
    [`PATCH ${ACTIONS}/reorder`]: 1,
    [`POST ${CHANNELS}`]: 2,
    [`POST ${CONTENTS}`]: 2,
    [`PUT ${LINKS}`]: 2,
  },
  // Two actions, two channels, the assistant, two connections; the order is not an object. + Two knowledge links
  // (unlinked first: one call each) and the two contents.
  destroyDeletes: 7 + 4,
  recreateWrites: {
    // Deleting the assistant by hand took its actions (and so their order) and its channels with it.
    "POST /orgs/:org_id/assistants": 1,
    [`POST ${ACTIONS}`]: 2,
    [`PATCH ${ACTIONS}/reorder`]: 1,
    [`POST ${CHANNELS}`]: 2,
    [`PUT ${LINKS}`]: 2, // and its knowledge links
  },
  steps: [
    {
      name: "changing a channel's type replaces it",
      config: { widgetType: "custom" },
      writes: { [`POST ${CHANNELS}`]: 1, [`DELETE ${CHANNELS}/:id`]: 1 },
      output: "1 replaced",
    },
    {
      name: "and back: the web widget again",
      config: { widgetType: "internal" },
      writes: { [`POST ${CHANNELS}`]: 1, [`DELETE ${CHANNELS}/:id`]: 1 },
      output: "1 replaced",
    },
    {
      name: "a new FAQ text replaces the content, and its link follows",
      config: { faqText: NEW_FAQ },
      writes: {
        [`POST ${CONTENTS}`]: 1,
        [`PUT ${LINKS}`]: 1,
        [`DELETE ${LINKS}`]: 1,
        [`DELETE ${CONTENTS}/:id`]: 1,
      },
      output: "2 replaced",
    },
    {
      name: "turning the web widget off is one PATCH of the channel",
      config: { widgetEnabled: "false" },
      writes: { [`PATCH ${CHANNELS}/:id`]: 1 },
    },
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
  secretValues: [STRIPE_KEY, TELEGRAM_TOKEN],
  extra: (t) => {
    test("boards: set in one PATCH, replaced whole, cleared with []; a board without an id refused at preview", async () => {
      const project = t.project();
      const { control } = t.emulator();
      const org = (await control.state()).assistants[0].org_id;
      const [sales, renewals] = [
        await control.seed("boards", org, { name: "Sales" }),
        await control.seed("boards", org, { name: "Renewals" }),
      ];
      const desk = async () =>
        (await control.state()).assistants.find((a) => !a.deleted && a.name.startsWith("ACME"))!;
      const up = async (boards: unknown[]) => {
        await project.ok(["config", "set", "boards", JSON.stringify(boards)]);
        const calls = await t.callsOf(() => project.up());
        expect(Object.fromEntries(Object.entries(calls).filter(([r]) => !r.startsWith("GET")))).toEqual({
          "PATCH /orgs/:org_id/assistants/:id": 1,
        });
        expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
        return (await desk()).boards.map((b) => [b.board_id, b.initial_segment?.id ?? null]);
      };
      expect(
        await up([{ boardId: sales.id, initialSegmentId: "seg_new_leads" }, { boardId: renewals.id }]),
      ).toEqual([
        [sales.id, "seg_new_leads"],
        [renewals.id, null],
      ]);
      expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
      expect(await up([{ boardId: renewals.id }])).toEqual([[renewals.id, null]]);
      expect(await up([])).toEqual([]);
      await project.ok(["config", "set", "boards", JSON.stringify([{ initialSegmentId: "seg_new_leads" }])]);
      await control.resetRequests();
      const refused = await project.preview();
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain("boards[0].boardId: is required (id of the board).");
      expect(await control.requestLog()).toEqual([]);
      await project.ok(["config", "set", "boards", "[]"]);
    });

    test("read-back: a value the API drops is reported in up's output; invent:readBack error fails it", async () => {
      const project = t.project();
      const { control } = t.emulator();
      await control.settings({ ignoredBodyFields: ["assistants.config.instructions"] });
      try {
        await project.ok(["config", "set", "instructions", "Answer in two sentences."]);
        const warned = await project.up();
        expect(warned.code).toBe(0);
        expect(warned.output).toMatch(
          /warning: Assistant "ACME Support Desk" ast_\w+: the API did not keep a value this write sent/,
        );
        expect(warned.output).toContain(
          'instructions: sent "Answer in two sentences.", stored "Answer in one sentence." (changed)',
        );
        // What it means: the next preview shows the change again.
        expect((await project.preview(["--expect-no-changes"])).code).not.toBe(0);
        await project.ok(["config", "set", "invent:readBack", "error"]);
        const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
        expect(failed.code).not.toBe(0);
        expect(failed.output).toContain("invent:readBack is error: the resource fails");
      } finally {
        await control.settings({ ignoredBodyFields: [] });
        await project.ok(["config", "rm", "invent:readBack"]);
      }
      const fixed = await project.up();
      expect(fixed.output).not.toContain("did not keep");
      expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    });

    test("state holds a knowledge text once (as an input), its outputs only the digest", async () => {
      // (The stack's own config, which Pulumi records with the provider, holds the `faqText` value too.)
      const resources: { type: string; urn: string; inputs: Record<string, unknown>; outputs: object }[] =
        JSON.parse(await t.project().exportText()).deployment.resources.filter((r: { type: string }) =>
          r.type.includes("invent:"),
        );
      expect(JSON.stringify(resources).split(JSON.stringify(NEW_FAQ).slice(1, -1)).length - 1).toBe(1);
      const faq = resources.find((r) => r.urn.endsWith("::shipping-faq"))!;
      expect(faq.inputs.text).toBe(NEW_FAQ);
      expect(faq.outputs).not.toHaveProperty("text");
      expect(faq.outputs).toMatchObject({
        status: "PROCESSED",
        textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

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

    if (shapes.actionPositions !== false)
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
    else
      test("an API that shows no action positions: the declared order is kept, and nothing breaks", async () => {
        const project = t.project();
        const emulator = t.emulator();
        const actions = (await emulator.control.state()).actions.sort((a, b) => a.position - b.position);
        const last = actions[actions.length - 1];
        await emulator.control.editAction(last.org_id, last.id, { position: 0 });
        // The order cannot be read: it is judged against what was declared, like a write-only value.
        expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
        expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
        await emulator.control.editAction(last.org_id, last.id, { position: last.position });
      });

    if (shapes.credentialsInResponses !== "omitted")
      test("a credential changed in the dashboard is drift that up puts back", async () => {
        const project = t.project();
        const emulator = t.emulator();
        const billingId = String((await project.outputs()).billingConnectionId);
        const billing = async () =>
          (await emulator.control.state()).connections.find((c) => c.id === billingId)!;
        const conn = await billing();
        await emulator.control.editConnection(conn.org_id, conn.id, {
          config: { api_key: "re_changed_by_hand_7777" },
        });
        const refreshed = await project.refresh();
        expect(refreshed.output).toContain("config");
        expect(refreshed.output).not.toContain("re_changed_by_hand_7777"); // config is secret: shown as [secret]
        const calls = await t.callsOf(() => project.up());
        expect(calls).toEqual(expect.objectContaining({ "PATCH /orgs/:org_id/connections/:id": 1 }));
        expect((await billing()).config.api_key).toBe(STRIPE_KEY);
      });
    else
      test("an API that omits credentials: a credential changed in the dashboard cannot be seen, and nothing breaks", async () => {
        const project = t.project();
        const emulator = t.emulator();
        const billingId = String((await project.outputs()).billingConnectionId);
        const conn = (await emulator.control.state()).connections.find((c) => c.id === billingId)!;
        await emulator.control.editConnection(conn.org_id, conn.id, {
          config: { api_key: "re_changed_by_hand_7777" },
        });
        // The declared credential is kept (nothing to compare it with): no drift, no write, no error.
        expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
        expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
        await emulator.control.editConnection(conn.org_id, conn.id, { config: { api_key: STRIPE_KEY } });
      });

    test("an action and a channel edited in the dashboard are found by refresh and put back with one PATCH each", async () => {
      const project = t.project();
      const emulator = t.emulator();
      const state = await emulator.control.state();
      const lookup = state.actions.find((a) => a.action_id === "TOOLS:HTTP_REQUEST")!;
      const widget = state.channels.find((c) => c.integration_id === "internal")!;
      await emulator.control.editAction(lookup.org_id, lookup.id, { instructions: "Edited by hand." });
      await emulator.control.editChannel(widget.org_id, widget.id, { enabled: true });
      const refreshed = await project.refresh();
      expect(refreshed.output).toContain("Edited by hand.");
      expect((await project.preview(["--expect-no-changes"])).code).not.toBe(0);
      const calls = await t.callsOf(() => project.up());
      expect(Object.fromEntries(Object.entries(calls).filter(([r]) => !r.startsWith("GET")))).toEqual({
        [`PATCH ${ACTIONS}/:id`]: 1,
        [`PATCH ${CHANNELS}/:id`]: 1,
      });
      const after = await emulator.control.state();
      expect(after.actions.find((a) => a.id === lookup.id)?.instructions).toBe(lookup.instructions);
      expect(after.channels.find((c) => c.id === widget.id)?.enabled).toBe(false);
      expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    });

    test("knowledge content deleted in the dashboard is dropped by refresh, then made and linked again", async () => {
      const project = t.project();
      const emulator = t.emulator();
      const content = (await emulator.control.state()).knowledgeContents.find((c) => c.type === "URL")!;
      await emulator.control.deleteKnowledgeContent(content.org_id, content.id);
      const refreshed = await project.refresh();
      expect(refreshed.output).toMatch(/deleted/);
      const calls = await t.callsOf(() => project.up());
      expect(Object.fromEntries(Object.entries(calls).filter(([r]) => !r.startsWith("GET")))).toEqual({
        [`POST ${CONTENTS}`]: 1,
        [`PUT ${LINKS}`]: 1,
      });
      expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    });

    test("a channel deleted in the dashboard is dropped by refresh and recreated by up", async () => {
      const project = t.project();
      const emulator = t.emulator();
      const id = String((await project.outputs()).widgetChannelId);
      const channel = (await emulator.control.state()).channels.find((c) => c.id === id)!;
      await emulator.control.deleteChannel(channel.org_id, channel.id);
      const refreshed = await project.refresh();
      expect(refreshed.output).toMatch(/deleted/);
      const calls = await t.callsOf(() => project.up());
      expect(Object.fromEntries(Object.entries(calls).filter(([r]) => !r.startsWith("GET")))).toEqual({
        [`POST ${CHANNELS}`]: 1,
      });
      const now = String((await project.outputs()).widgetChannelId);
      expect(now).not.toBe(id);
      expect((await emulator.control.state()).channels.find((c) => c.id === now)).toMatchObject({
        integration_id: "internal",
        enabled: false, // as declared by the widgetEnabled step
      });
      expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    });
  },
});
