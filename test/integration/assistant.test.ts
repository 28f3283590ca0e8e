import { assistantSpec } from "../../provider/resources/assistant";
import { AuthenticationError, NotFoundError, RateLimitedError } from "../../provider/errors";
import { AGENCY_KEY, AGENCY_ORG_ID, OTHER_ORG_ID, SUB_ORG_ID, SUB_ORG_KEY } from "../emulator/server";
import { useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness();

const declared = {
  name: "Customer Support",
  instructions: "You answer questions about our shipping policy.",
  language: "auto",
  conversation: {
    threadMode: "new",
    enableTransferToHumanTool: true,
    suggestedMessages: ["Where is my order?"],
  },
  generateSecretKey: true,
};

async function created(values: Record<string, unknown> = declared) {
  const p = h.provider(assistantSpec);
  const res = await p.create({ ...values });
  await h.control.resetRequests();
  return { p, ...res };
}

describe("Assistant provider against the emulator", () => {
  test("create is one listing and one POST; outputs hold declared fields, server-set fields and a secret key", async () => {
    const p = h.provider(assistantSpec);
    const { id, outs } = await p.create({ ...declared });
    // The listing records what exists before the POST, so a lost answer can never adopt someone else's object.
    expect(await h.calls()).toEqual({
      "GET /orgs/:org_id/assistants": 1,
      "POST /orgs/:org_id/assistants": 1,
    });
    expect(id).toMatch(/^ast_[A-Za-z0-9]{22}$/);
    const [stored] = await h.control.assistants(AGENCY_ORG_ID);
    expect(stored.config.instructions).toBe(declared.instructions);
    expect(stored.config.conversation.enable_transfer_to_human_tool).toBe(true);
    expect(outs).toEqual({
      ...declared,
      orgId: "c",
      secretKey: stored.secret_key,
      avatarUrl: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updatedAt: expect.any(String),
    });
    expect(outs.secretKey).toEqual(expect.any(String));
    // Server-owned fields the user did not set stay out of state.
    expect(outs).not.toHaveProperty("model");
    expect(outs).not.toHaveProperty("timezone");
  });

  test("after create: read finds no changes, diff finds no changes (one list call, no writes)", async () => {
    const { p, id, outs } = await created();
    const read = await p.read(id, outs);
    expect(read).toEqual({ id, props: outs, inputs: declared });
    expect(await p.diff(id, outs, { ...declared, __provider: "stub" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/assistants": 1 });
  });

  test("an in-place update is exactly one PATCH carrying only what changed", async () => {
    const { p, id, outs } = await created();
    const news = {
      ...declared,
      instructions: "New policy.",
      conversation: { ...declared.conversation, threadMode: "continue" },
    };
    expect(await p.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs: after } = await p.update(id, outs, news);
    expect(await h.calls()).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect(after.instructions).toBe("New policy.");
    expect(after.secretKey).toBe(outs.secretKey);
    const [stored] = await h.control.assistants(AGENCY_ORG_ID);
    expect(stored.config.conversation.thread_mode).toBe("continue");
    expect(stored.config.conversation.suggested_messages).toEqual(["Where is my order?"]); // merged, not lost
    expect(await p.diff(id, after, news)).toMatchObject({ changes: false });
  });

  test("fields changed on the server but never declared do not diff", async () => {
    const { p, id, outs } = await created();
    await h.control.editAssistant(AGENCY_ORG_ID, id, {
      config: { model: "other-model", timezone: "Asia/Tokyo" },
    });
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject({ instructions: declared.instructions });
    expect(await p.diff(id, read.props!, declared)).toMatchObject({ changes: false });
  });

  test("drift: an out-of-band edit is seen by read and reverted by the next update", async () => {
    const { p, id, outs } = await created();
    await h.control.editAssistant(AGENCY_ORG_ID, id, {
      name: "Renamed by hand",
      config: { instructions: "hacked" },
    });
    const read = await p.read(id, outs);
    expect(read.inputs).toMatchObject({ name: "Renamed by hand", instructions: "hacked" });
    const diff = await p.diff(id, read.props!, declared);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    await h.control.resetRequests();
    await p.update(id, read.props!, declared);
    expect(await h.calls()).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    const [stored] = await h.control.assistants(AGENCY_ORG_ID);
    expect([stored.name, stored.config.instructions]).toEqual([declared.name, declared.instructions]);
  });

  test.each([true, false])(
    "an out-of-band deletion (soft delete %s) makes read report the object gone",
    async (soft) => {
      await h.control.settings({ softDelete: soft });
      const { p, id, outs } = await created();
      await h.provider(assistantSpec).delete(id, outs); // deleted through the API
      expect(await p.read(id, outs)).toEqual({});
      const other = await created();
      await h.control.deleteAssistant(AGENCY_ORG_ID, other.id); // hard-deleted by hand
      expect(await p.read(other.id, other.outs)).toEqual({});
    },
  );

  test("delete is one DELETE; deleting what is already gone succeeds", async () => {
    const { p, id, outs } = await created();
    await p.delete(id, outs);
    expect(await h.calls()).toEqual({ "DELETE /orgs/:org_id/assistants/:id": 1 });
    await expect(p.delete(id, outs)).resolves.toBeUndefined();
    await h.control.deleteAssistant(AGENCY_ORG_ID, id);
    await expect(p.delete(id, outs)).resolves.toBeUndefined();
  });

  test("orgId forces replacement, whether set explicitly or through the default org", async () => {
    const { p, id, outs } = await created();
    expect(await p.diff(id, outs, { ...declared, orgId: SUB_ORG_ID })).toEqual({
      changes: true,
      replaces: ["orgId"],
      deleteBeforeReplace: false,
    });
    h.setDefaultOrg(SUB_ORG_ID);
    try {
      expect(await p.diff(id, outs, declared)).toMatchObject({ replaces: ["orgId"] });
    } finally {
      h.setDefaultOrg("c");
    }
  });

  test("orgId reaches a sub-org with the agency key; a sub-org key cannot reach the agency", async () => {
    const { outs } = await created({ ...declared, orgId: SUB_ORG_ID });
    expect(outs.orgId).toBe(SUB_ORG_ID);
    expect(await h.control.assistants(SUB_ORG_ID)).toHaveLength(1);
    const sub = h.provider(assistantSpec, SUB_ORG_KEY);
    await expect(sub.create({ ...declared, orgId: AGENCY_ORG_ID })).rejects.toBeInstanceOf(NotFoundError);
    await expect(sub.create({ ...declared, orgId: OTHER_ORG_ID })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("secretKeyRotation rotates the key with one call and no PATCH", async () => {
    const { p, id, outs } = await created({ ...declared, secretKeyRotation: "2026-11" });
    const news = { ...declared, secretKeyRotation: "2026-12" };
    expect(await p.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await p.update(id, outs, news);
    expect(await h.calls()).toEqual({ "POST /orgs/:org_id/assistants/:id/rotate-secret-key": 1 });
    expect(after.secretKey).toEqual(expect.any(String));
    expect(after.secretKey).not.toBe(outs.secretKey);
    expect(after.secretKeyRotation).toBe("2026-12");
  });

  test.each([false, true])(
    "a rotation whose answer fails (after the server acted: %s) fails the update; the next update rotates again",
    async (afterCommit) => {
      const ROTATE = "POST /orgs/:org_id/assistants/:id/rotate-secret-key";
      const { p, id, outs } = await created({ ...declared, secretKeyRotation: "2026-11" });
      const news = { ...declared, secretKeyRotation: "2026-12" };
      await h.control.failNext({ route: ROTATE, status: 502, afterCommit });
      // A rotation is a POST: never repeated blindly, so the update fails and state keeps the old trigger.
      await expect(p.update(id, outs, news)).rejects.toThrow(/rotate-secret-key failed with 502/);
      const stored = async () => (await h.control.assistants(AGENCY_ORG_ID)).find((a) => a.id === id)!;
      if (afterCommit) expect((await stored()).secret_key).not.toBe(outs.secretKey);
      else expect((await stored()).secret_key).toBe(outs.secretKey);
      // The next `up` sees the same change and rotates once more: the outputs hold the key the API has.
      const { outs: after } = await p.update(id, outs, news);
      expect(after.secretKey).toBe((await stored()).secret_key);
      expect(await h.control.count(ROTATE)).toBe(2);
    },
  );

  test("generateSecretKey turned on later mints a key through a rotation", async () => {
    const { p, id, outs } = await created({ name: "No key yet" });
    expect(outs.secretKey).toBeNull();
    const { outs: after } = await p.update(id, outs, { name: "No key yet", generateSecretKey: true });
    expect(await h.calls()).toEqual({ "POST /orgs/:org_id/assistants/:id/rotate-secret-key": 1 });
    expect(after.secretKey).toEqual(expect.any(String));
  });

  test("invalid input never reaches the API", async () => {
    const p = h.provider(assistantSpec);
    const bad = [
      { name: "" },
      { name: "a", conversation: { threadMode: "sometimes" } },
      { name: "a", instrucions: "typo" },
      { name: "a", timezone: "Nowhere/Land" },
      { name: "a", secretKeyRotation: "x" },
      { instructions: "no name" },
    ];
    for (const values of bad) {
      const { failures } = await p.check({}, values);
      expect(failures.length).toBeGreaterThan(0);
      await expect(p.create(values)).rejects.toThrow(/invalid Assistant arguments/);
    }
    expect(await h.control.writes()).toBe(0);
    expect(await h.calls()).toEqual({});
  });

  test("a 429 is answered: the client waits as told, reports it, and succeeds", async () => {
    const { p, id, outs } = await created();
    await h.control.failNext({ status: 429, retryAfter: 1, route: "GET /orgs/:org_id/assistants" });
    h.logs.length = 0;
    await expect(p.read(id, outs)).resolves.toMatchObject({ id });
    expect(h.logs.join("\n")).toMatch(
      /GET \/orgs\/c\/assistants answered 429; retry 1\/5 in 1\.\ds \(server asked via Retry-After\)/,
    );
  });

  test("the hourly creation limit surfaces at once as a clear RateLimitedError", async () => {
    await h.control.settings({ assistantCreatesPerHour: 1 });
    await created();
    const err = await rejection(h.provider(assistantSpec).create({ ...declared, name: "Second" }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toMatch(
      /POST \/orgs\/c\/assistants failed with 429.*Rate limited; the server asks to wait \d+s.*10 per hour/,
    );
    expect(await h.control.assistants(AGENCY_ORG_ID)).toHaveLength(1);
  });

  test("secrets stay out of errors and logs", async () => {
    const { id, outs } = await created();
    const wrong = h.provider(assistantSpec, "inv_test_wrong_key_000000000000000000000000");
    const err = await rejection(wrong.create({ ...declared }));
    expect(err).toBeInstanceOf(AuthenticationError);
    await h.control.failNext({ status: 503, count: 2 });
    await h
      .provider(assistantSpec)
      .read(id, outs)
      .catch(() => undefined);
    const text = [err.message, err.stack, ...h.logs].join("\n");
    for (const secret of [
      AGENCY_KEY,
      "inv_test_wrong_key_000000000000000000000000",
      String(outs.secretKey),
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
