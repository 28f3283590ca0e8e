/**
 * `adoptId`: a create that takes over an existing object (one GET, a PATCH only of what differs, never a
 * POST), its errors, and that changing it later does nothing. Also references (`X.get`): the provider's read
 * of an object by id alone.
 */
import { actionSpec } from "../../provider/resources/action";
import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import { NotFoundError } from "../../provider/errors";
import { REFERENCE_KEY, PARENT_ORG_KEY } from "../../provider/schema/fields";
import { AGENCY_ORG_ID, SUB_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness();

const POST_ASSISTANT = "POST /orgs/:org_id/assistants";
const PATCH_ASSISTANT = "PATCH /orgs/:org_id/assistants/:id";
const PATCH_CONNECTION = "PATCH /orgs/:org_id/connections/:id";
const CREDENTIAL = "sk_test_51Hq8s7dAdoptSecret9876";

/** Seeds first, then clears the request log, so the counts are the provider's alone. */
async function seeded<T>(seed: () => Promise<T>): Promise<T> {
  const out = await seed();
  await h.control.resetRequests();
  return out;
}
const storedAssistant = async (id: string) =>
  (await h.control.assistants(AGENCY_ORG_ID)).find((a) => a.id === id)!;

describe("adopting an assistant", () => {
  const seed = () =>
    seeded(() =>
      h.control.seedAssistant(AGENCY_ORG_ID, {
        name: "Support",
        config: { instructions: "Made by hand.", language: "en" },
      }),
    );

  test("it already holds what is declared: one GET, no POST, no PATCH; the id is the adopted one", async () => {
    const a = await seed();
    const p = h.provider(assistantSpec);
    const { id, outs } = await p.create({ adoptId: a.id, name: "Support", instructions: "Made by hand." });
    expect(id).toBe(a.id);
    expect(outs).toMatchObject({ name: "Support", instructions: "Made by hand.", adoptId: a.id, orgId: "c" });
    expect(await h.control.writes()).toBe(0);
    expect(h.logs.join("\n")).toMatch(
      new RegExp(`adopted ${a.id} in org c; it already held every declared value`),
    );
  });

  test("something differs: one PATCH carrying only that; undeclared fields stay as they were", async () => {
    const a = await seed();
    const { id } = await h.provider(assistantSpec).create({
      adoptId: a.id,
      name: "Support",
      instructions: "From code.",
    });
    expect(id).toBe(a.id);
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/assistants/:id": 1, [PATCH_ASSISTANT]: 1 });
    expect(await h.control.count(POST_ASSISTANT)).toBe(0);
    const stored = await storedAssistant(a.id);
    expect(stored.config.instructions).toBe("From code.");
    expect(stored.config.language).toBe("en"); // not declared: server-owned, untouched
    expect(await h.control.assistants(AGENCY_ORG_ID)).toHaveLength(1);
  });

  test.each([
    ["a 503 before the server acts", { status: 503 }],
    ["a 500 after the server acted (lost answer)", { status: 500, afterCommit: true }],
    ["a dropped connection after the server acted", { dropConnection: true, afterCommit: true }],
  ])("the PATCH meets %s: sent again (it is idempotent), adopted once, never a POST", async (_, fault) => {
    const a = await seed();
    await h.control.failNext({ route: PATCH_ASSISTANT, ...fault });
    const { id, outs } = await h.provider(assistantSpec).create({
      adoptId: a.id,
      name: "Support",
      instructions: "From code.",
    });
    expect(id).toBe(a.id);
    expect(outs).toMatchObject({ instructions: "From code." });
    expect(await h.control.count(PATCH_ASSISTANT)).toBe(2);
    expect(await h.control.count(POST_ASSISTANT)).toBe(0);
    expect((await storedAssistant(a.id)).config.instructions).toBe("From code.");
    expect(await h.control.assistants(AGENCY_ORG_ID)).toHaveLength(1);
  });

  test("a PATCH that keeps failing fails the create and records nothing; the next up adopts it", async () => {
    const a = await seed();
    const p = h.provider(assistantSpec);
    const declared = { adoptId: a.id, name: "Support", instructions: "From code." };
    await h.control.failNext({ route: PATCH_ASSISTANT, status: 500, afterCommit: true, count: 10 });
    await expect(p.create({ ...declared })).rejects.toThrow();
    await h.control.clearFaults();
    await h.control.resetRequests();
    // The lost PATCHes did land; adopting again finds the object as declared and writes nothing.
    const { id } = await p.create({ ...declared });
    expect(id).toBe(a.id);
    expect(await h.control.writes()).toBe(0);
    expect(await h.control.assistants(AGENCY_ORG_ID)).toHaveLength(1);
  });

  test("generateSecretKey on an assistant without a key mints one by rotation, not by a create", async () => {
    const a = await seed();
    const { outs } = await h.provider(assistantSpec).create({
      adoptId: a.id,
      name: "Support",
      generateSecretKey: true,
    });
    expect(outs.secretKey).toEqual(expect.any(String));
    expect(await h.control.count(POST_ASSISTANT)).toBe(0);
    expect(await h.control.count("POST /orgs/:org_id/assistants/:id/rotate-secret-key")).toBe(1);
  });

  test("an unknown id: an error naming the id, the org and the fix; nothing written", async () => {
    await seed();
    const err = await rejection(
      h.provider(assistantSpec).create({ adoptId: "ast_noSuchAssistant0000000", name: "Support" }),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/adoptId "ast_noSuchAssistant0000000" names no Assistant in org c\./);
    expect(err.message).toMatch(/remove adoptId to create a new object/);
    expect(await h.control.writes()).toBe(0);
  });

  test("an object of another org is found only in that org", async () => {
    const theirs = await seeded(() => h.control.seedAssistant(SUB_ORG_ID, { name: "Client" }));
    const p = h.provider(assistantSpec);
    expect((await rejection(p.create({ adoptId: theirs.id, name: "Client" }))).message).toMatch(/in org c\./);
    expect((await p.create({ adoptId: theirs.id, name: "Client", orgId: SUB_ORG_ID })).id).toBe(theirs.id);
    expect(await h.control.writes()).toBe(0);
  });

  test("adoption does not count against the hourly creation limit at preview", async () => {
    const p = h.provider(assistantSpec);
    for (let i = 0; i < 12; i++) await p.check({}, { name: `A${i}`, adoptId: `ast_x${i}` });
    expect(h.logs.join("\n")).not.toMatch(/more than 10/);
  });

  test("changing or removing adoptId afterwards is no change at all", async () => {
    const a = await seed();
    const p = h.provider(assistantSpec);
    const news = { adoptId: a.id, name: "Support", orgId: "c" };
    const { outs } = await p.create(news);
    for (const changed of [
      { ...news, adoptId: "ast_another000000000000000" },
      { name: "Support", orgId: "c" },
    ])
      expect(await p.diff(a.id, outs, changed)).toMatchObject({ changes: false, replaces: [] });
  });
});

describe("adopting a connection", () => {
  const seed = (type = "STRIPE") =>
    seeded(() =>
      h.control.seedConnection(AGENCY_ORG_ID, { type, name: "Billing", config: { api_key: CREDENTIAL } }),
    );

  test("the same credential (returned masked) and name: no write", async () => {
    const c = await seed();
    const { id, outs } = await h.provider(connectionSpec).create({
      adoptId: c.id,
      type: "STRIPE",
      name: "Billing",
      config: { apiKey: CREDENTIAL },
    });
    expect(id).toBe(c.id);
    expect(outs.config).toEqual({ apiKey: CREDENTIAL }); // the declared value, judged against its mask
    expect(await h.control.writes()).toBe(0);
  });

  test("a new name: one PATCH with the name only", async () => {
    const c = await seed();
    await h.provider(connectionSpec).create({
      adoptId: c.id,
      type: "STRIPE",
      name: "Payments",
      config: { apiKey: CREDENTIAL },
    });
    expect(await h.calls()).toMatchObject({ [PATCH_CONNECTION]: 1 });
    expect(await h.control.writes()).toBe(1);
    const log = await h.control.requestLog();
    expect(log.filter((r) => r.method === "POST")).toEqual([]);
    const stored = (await h.control.connections(AGENCY_ORG_ID)).find((x) => x.id === c.id)!;
    expect([stored.name, stored.config.api_key]).toEqual(["Payments", CREDENTIAL]);
  });

  test("a browser-only type (WhatsApp) can be adopted though it cannot be created", async () => {
    const c = await seed("WHATSAPP");
    const p = h.provider(connectionSpec);
    const declared = { type: "WHATSAPP", name: "Support line", config: {} };
    expect((await p.check({}, declared)).failures).toHaveLength(1);
    expect((await p.check({}, { ...declared, adoptId: c.id })).failures).toEqual([]);
    expect((await p.create({ ...declared, adoptId: c.id })).id).toBe(c.id);
    expect(await h.control.writes()).toBe(1); // the name
  });

  test("a type that differs cannot be changed in place: an error, nothing written, no credential shown", async () => {
    const c = await seed();
    const err = await rejection(
      h.provider(connectionSpec).create({
        adoptId: c.id,
        type: "RESEND",
        name: "Billing",
        config: { apiKey: CREDENTIAL },
      }),
    );
    expect(err.message).toMatch(new RegExp(`cannot adopt ${c.id}: type is "STRIPE" there but "RESEND" here`));
    expect(err.message).not.toContain("AdoptSecret");
    expect(await h.control.writes()).toBe(0);
  });
});

test("a child is adopted under its assistant only", async () => {
  const { a, other, act } = await seeded(async () => {
    const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
    const other = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Sales" });
    const act = await h.control.seedAction(AGENCY_ORG_ID, {
      assistant_id: a.id,
      action_id: "TOOLS:WEB_SEARCH",
    });
    return { a, other, act };
  });
  const p = h.provider(actionSpec);
  const wrong = await rejection(
    p.create({ adoptId: act.id, assistantId: other.id, tool: "TOOLS:WEB_SEARCH" }),
  );
  expect(wrong.message).toMatch(new RegExp(`names no Action in org c under Assistant ${other.id}`));
  const made = await p.create({
    adoptId: act.id,
    assistantId: a.id,
    tool: "TOOLS:WEB_SEARCH",
    name: "Search",
  });
  expect(made.id).toBe(act.id);
  expect(await h.control.count("POST /orgs/:org_id/assistants/:assistant_id/actions")).toBe(0);
});

test("knowledge content: adopted when it holds what is declared, refused when it differs (no update exists)", async () => {
  const kc = await seeded(() =>
    h.control.seedKnowledgeContent(AGENCY_ORG_ID, {
      title: "FAQ",
      content: { text: "Orders ship in 2 days." },
    }),
  );
  const p = h.provider(knowledgeContentSpec);
  const same = await p.create({ adoptId: kc.id, title: "FAQ", text: "Orders ship in 2 days." });
  expect(same.outs).toMatchObject({ status: "PROCESSED", textSha256: expect.any(String) });
  const err = await rejection(p.create({ adoptId: kc.id, title: "FAQ", text: "Orders ship in 3 days." }));
  expect(err.message).toMatch(/text is "Orders ship in 2 days\." there but "Orders ship in 3 days\." here/);
  expect(await h.control.writes()).toBe(0);
});

describe("references (X.get): read by id alone, every field", () => {
  test("an assistant: every field as outputs, the default org, no write", async () => {
    const a = await seeded(() =>
      h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support", config: { instructions: "Hi." } }),
    );
    const read = await h.provider(assistantSpec).read(a.id, { [REFERENCE_KEY]: true });
    expect(read.id).toBe(a.id);
    expect(read.props).toMatchObject({
      name: "Support",
      instructions: "Hi.",
      orgId: "c",
      [REFERENCE_KEY]: true,
    });
    expect(await h.control.writes()).toBe(0);
  });

  test("a child with its assistant's id and the parent's org; gone: an error naming id and org", async () => {
    const { a, act } = await seeded(async () => {
      const a = await h.control.seedAssistant(SUB_ORG_ID, { name: "Client" });
      const act = await h.control.seedAction(SUB_ORG_ID, { assistant_id: a.id, name: "Search" });
      return { a, act };
    });
    const p = h.provider(actionSpec);
    const props = { [REFERENCE_KEY]: true, assistantId: a.id, [PARENT_ORG_KEY]: SUB_ORG_ID };
    const read = await p.read(act.id, props);
    expect(read.props).toMatchObject({ name: "Search", assistantId: a.id, orgId: SUB_ORG_ID });
    const gone = await rejection(p.read("act_gone00000000000000000", props));
    expect(gone.message).toMatch(
      new RegExp(`no Action act_gone00000000000000000 in org ${SUB_ORG_ID} under Assistant`),
    );
  });
});
