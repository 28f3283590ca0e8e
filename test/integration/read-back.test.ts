/**
 * The read-back after every write (provider/core/read-back.ts), over HTTP against the emulator: an API that
 * silently ignores a field it was sent (the `ignoredBodyFields` setting) is reported by the create, the update
 * and the adoption that sent it, naming the property path, the value sent and the value stored; `error` mode
 * fails the resource but keeps the object. Answers that leave a value out, mask it or never return it are not
 * reported, and the check costs no call.
 */
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { create } from "../../provider/core/create";
import { update } from "../../provider/core/update";
import { actionSpec } from "../../provider/resources/action";
import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import { HalfMadeError } from "../../provider/schema/create";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();

const warnings = () => h.logs.filter((l) => /did not keep/.test(l));

describe("read-back after a write", () => {
  test("a create whose field the API ignores is reported: resource, path, sent, stored, what it means", async () => {
    await h.control.settings({ ignoredBodyFields: ["assistants.config.conversation.welcome_banner"] });
    const k = h.kind(assistantSpec);
    const { id } = await create(k, {
      orgId: "c",
      name: "Support",
      instructions: "Answer shipping questions.",
      conversation: { welcomeBanner: "Hi there", threadMode: "new" },
    });
    expect(warnings()).toEqual([
      `Assistant "Support" ${id}: the API did not keep a value this write sent (read back from its answer):\n` +
        '  conversation.welcomeBanner: sent "Hi there", stored "" (changed)\n' +
        "The next `pulumi preview` shows it as a change and every `pulumi up` sends it again. Either the API " +
        "refuses or rewrites the value (declare the value it stores, or remove the argument), or one of the " +
        "library's assumptions about this API is wrong (run `pulumi-invent doctor`). " +
        'Set invent:readBack to "error" to make this fail the update.',
    ]);
  });

  test("the normal case: nothing reported, and no call beyond the create's own", async () => {
    await h.control.resetRequests();
    await create(h.kind(assistantSpec), { orgId: "c", name: "Quiet", conversation: { welcomeBanner: "Hi" } });
    expect(warnings()).toEqual([]);
    expect(await h.calls()).toEqual({
      "GET /orgs/:org_id/assistants": 1,
      "POST /orgs/:org_id/assistants": 1,
    });
  });

  test("an update reports only what its PATCH sent, also when the PATCH answered nothing and was read again", async () => {
    const k = h.kind(assistantSpec);
    const declared = { orgId: "c", name: "Support", instructions: "One." };
    const made = await create(k, declared);
    await h.control.settings({ ignoredBodyFields: ["assistants.name"], updateAnswer: "empty" });
    await h.control.resetRequests();
    await update(k, made.id, made.outs, { ...declared, name: "Support desk", instructions: "Two." });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('  name: sent "Support desk", stored "Support" (changed)');
    expect(warnings()[0]).not.toContain("instructions");
    // The 204 answer made the update read the object again; the read-back used that GET, nothing more.
    expect(await h.calls()).toEqual({
      "PATCH /orgs/:org_id/assistants/:id": 1,
      "GET /orgs/:org_id/assistants/:id": 1,
    });
  });

  test("a dropped key of a free-form map is named by its own path", async () => {
    const assistant = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Desk" });
    await h.control.settings({ ignoredBodyFields: ["actions.config.input.timeoutMs"] });
    await create(h.kind(actionSpec), {
      orgId: "c",
      assistantId: assistant.id,
      tool: "TOOLS:HTTP_REQUEST",
      config: { input: { method: "GET", timeoutMs: 5000 } },
    });
    expect(warnings()[0]).toContain("  config.input.timeoutMs: sent 5000, stored (nothing) (dropped)");
  });

  test("an API that rewrites free-form keys is caught by read-back, and the override makes the round trip clean", async () => {
    const assistant = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Desk" });
    await h.control.settings({ freeFormKeys: "snake_case" });
    const declared = {
      orgId: "c",
      assistantId: assistant.id,
      tool: "TOOLS:HTTP_REQUEST",
      config: { input: { timeoutMs: 5000, retry_count: 2 } },
    };
    await create(h.kind(actionSpec), declared);
    expect(warnings()[0]).toContain("  config.input.timeoutMs: sent 5000, stored (nothing) (dropped)");
    expect(warnings()[0]).toContain(
      "  config.input.timeout_ms: sent (nothing), stored 5000 (added by the API)",
    );
    h.logs.length = 0;
    applyAssumptionOverrides({ actionInputKeysSnakeCase: true });
    try {
      await create(h.kind(actionSpec), declared);
      expect(warnings()).toEqual([]);
    } finally {
      applyAssumptionOverrides({});
    }
  });

  test('invent:readBack "error": the resource fails with the finding, the object is kept in state, never made twice', async () => {
    await h.control.settings({ ignoredBodyFields: ["assistants.config.instructions"] });
    const k = h.kind(assistantSpec);
    const strict = { ...k, readBack: () => "error" as const };
    const err = await create(strict, { orgId: "c", name: "Strict", instructions: "Be brief." }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(HalfMadeError);
    expect(err.message).toMatch(/instructions: sent "Be brief\.", stored "" \(changed\)/);
    expect(err.message).toMatch(/invent:readBack is error/);
    const live = (await h.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);
    expect(live.map((a) => a.id)).toEqual([err.id]);
    expect(err.properties).toMatchObject({ name: "Strict", instructions: "" });
  });

  test("adoption reports what its PATCH sent and the API ignored", async () => {
    const seeded = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Old name" });
    await h.control.settings({ ignoredBodyFields: ["assistants.name"] });
    await create(h.kind(assistantSpec), { orgId: "c", adoptId: seeded.id, name: "New name" });
    expect(warnings()[0]).toContain(`Assistant "New name" ${seeded.id}: the API did not keep a value`);
    expect(warnings()[0]).toContain('  name: sent "New name", stored "Old name" (changed)');
  });

  test("values an answer leaves out, masks or never returns are not reported", async () => {
    await h.control.settings({ knowledgeTextAt: "none", knowledgeProcessingMs: 0 });
    await create(h.kind(knowledgeContentSpec), { orgId: "c", title: "FAQ", text: "Q: A?\nA: B." });
    await create(h.kind(connectionSpec), {
      orgId: "c",
      type: "STRIPE",
      config: { apiKey: "sk_test_readback_0001" },
    });
    await h.control.settings({ credentialsInResponses: "omitted" });
    await create(h.kind(connectionSpec), {
      orgId: "c",
      type: "RESEND",
      config: { apiKey: "re_test_readback_0002" },
    });
    await create(h.kind(assistantSpec), {
      orgId: "c",
      name: "Avatar",
      avatarId: "img_1",
      generateSecretKey: true,
    });
    expect(warnings()).toEqual([]);
  });

  test("a secret value is never shown; a credential the answer leaves out is unknown, not dropped", async () => {
    const k = h.kind(connectionSpec);
    const declared = { orgId: "c", type: "STRIPE", config: { apiKey: "sk_test_readback_secret_4242" } };
    const made = await create(k, declared);
    await h.control.settings({ ignoredBodyFields: ["connections.config.api_key"] });
    const rotated = { ...declared, config: { apiKey: "sk_test_readback_secret_9999" } };
    await update(k, made.id, made.outs, rotated);
    // The old credential, masked, is what the API holds: a change, shown as a secret.
    expect(warnings()).toEqual([
      expect.stringContaining("  config.apiKey: sent (secret), stored (secret) (changed)"),
    ]);
    expect(h.logs.join("\n")).not.toMatch(/sk_test_readback_secret|4242|9999/);
  });
});
