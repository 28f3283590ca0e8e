/**
 * The defects an independent stand-in of the API found, reproduced against the emulator answering the other
 * way (its switches), over real HTTP: each test here fails on the library before the fix.
 */
import { createHash } from "node:crypto";
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { InventClient } from "../../provider/client";
import { buildModel } from "../../provider/export/model";
import { readOrg } from "../../provider/export/read";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import { assistantSpec } from "../../provider/resources/assistant";
import { knowledgeLinkSpec } from "../../provider/resources/knowledge-link";
import { ERROR_BODY_STYLES } from "../emulator/assumptions";
import { AGENCY_KEY, AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness({ knowledgeProcessingMs: 50 });
afterAll(() => applyAssumptionOverrides({}));

const CONTENTS = "/orgs/:org_id/knowledge/contents";
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const FAQ = "Q: Do you ship to Norway?\nA: Yes, in five to eight working days.";

describe("defect 1: a TEXT content whose text the API does not echo in content.text is not replaced", () => {
  test.each(["top-level", "none"] as const)(
    "text %s (and list items without it): create, refresh and diff all judge the declared text",
    async (where) => {
      await h.control.settings({ knowledgeTextAt: where, listItemsWhole: false });
      const declared = { title: "FAQ", text: FAQ };
      const p = h.process()(knowledgeContentSpec);
      const { id, outs } = await p.create({ ...declared });
      expect(outs.textSha256).toBe(sha256(FAQ));
      expect(await p.diff(id, outs, { ...declared })).toMatchObject({ changes: false, replaces: [] });

      await h.control.resetRequests();
      const refreshed = await h.process()(knowledgeContentSpec).read(id, outs);
      expect(refreshed.props).toEqual(outs);
      // The list item lacks the text: one GET reads it (at the top level), or finds it nowhere either.
      expect(await h.calls()).toEqual({ [`GET ${CONTENTS}`]: 1, [`GET ${CONTENTS}/:id`]: 1 });
      expect(await p.diff(id, refreshed.props!, { ...declared })).toMatchObject({ changes: false });
      // A changed text still replaces: the comparison is against what was declared last time.
      expect(await p.diff(id, refreshed.props!, { ...declared, text: `${FAQ}!` })).toMatchObject({
        replaces: ["text"],
      });
    },
  );

  test("the text read from the top level of a GET is compared: a text changed there is found", async () => {
    await h.control.settings({ knowledgeTextAt: "top-level" });
    const p = h.provider(knowledgeContentSpec);
    const { id, outs } = await p.create({ title: "FAQ", text: FAQ });
    await h.control.editKnowledgeContent(AGENCY_ORG_ID, id, { content: { type: "TEXT", text: "edited" } });
    const refreshed = await h.provider(knowledgeContentSpec).read(id, outs);
    expect(refreshed.props!.textSha256).toBe(sha256("edited"));
  });

  test("a state the old code wrote (digest null) heals: no replacement for an unchanged text", async () => {
    await h.control.settings({ knowledgeTextAt: "none" });
    const p = h.provider(knowledgeContentSpec);
    const { id, outs } = await p.create({ title: "FAQ", text: FAQ });
    expect(await p.diff(id, { ...outs, textSha256: null }, { title: "FAQ", text: FAQ })).toMatchObject({
      changes: false,
    });
  });
});

describe("defect 2: export reads what the listing lacks with one GET per such object", () => {
  test("TEXT contents and assistants whose list items lack text and config get them from a GET", async () => {
    await h.control.settings({ knowledgeTextAt: "top-level", listItemsWhole: false });
    await h.control.seedKnowledgeContent(AGENCY_ORG_ID, {
      title: "FAQ",
      content: { type: "TEXT", text: FAQ },
    });
    await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support", config: { instructions: "Be brief." } });
    const client = new InventClient({ apiKey: AGENCY_KEY, baseUrl: h.emulator.url });
    await h.control.resetRequests();
    const snap = await readOrg(client, "c");
    const model = buildModel(snap);
    const content = model.resources.find((r) => r.spec.type === "KnowledgeContent")!;
    expect(content.args).toMatchObject({ title: "FAQ", text: FAQ });
    const assistant = model.resources.find((r) => r.spec.type === "Assistant")!;
    expect(assistant.args).toMatchObject({ name: "Support", instructions: "Be brief." });
    expect(model.warnings).toEqual([]);
    const calls = await h.calls();
    expect(calls[`GET ${CONTENTS}/:id`]).toBe(1);
    expect(calls["GET /orgs/:org_id/assistants/:id"]).toBe(1);
    await client.close();
  });

  test("with whole list items, no GET at all", async () => {
    await h.control.seedKnowledgeContent(AGENCY_ORG_ID, {
      title: "FAQ",
      content: { type: "TEXT", text: FAQ },
    });
    const client = new InventClient({ apiKey: AGENCY_KEY, baseUrl: h.emulator.url });
    await h.control.resetRequests();
    buildModel(await readOrg(client, "c"));
    expect(Object.keys(await h.calls()).filter((r) => r.endsWith("/:id"))).toEqual([]);
    await client.close();
  });
});

describe("defect 3: the server's message survives every error body shape", () => {
  test.each(ERROR_BODY_STYLES)("errorBody %s: the 400 names the field the server named", async (style) => {
    await h.control.settings({ errorBody: style });
    const client = new InventClient({ apiKey: AGENCY_KEY, baseUrl: h.emulator.url });
    const err = await rejection(
      client.post("/knowledge/contents", { title: "", content: { type: "TEXT", text: "x" } }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/title/);
    expect(err.message).not.toMatch(/failed with 400 \(request id/); // never without the server's words
    expect(err.serverMessages.join(" ")).toMatch(/title/);
    await client.close();
  });
});

describe("defect 4 (provider level): a failed content is deleted before its replacement", () => {
  test("diff of a failed content asks for delete-before-replace; an unfinished one is waited for", async () => {
    await h.control.failNextKnowledge(1, "Could not fetch the page (HTTP 403)");
    const p = h.provider(knowledgeContentSpec);
    const declared = { title: "Help centre", url: "https://acme.com/help" };
    const err = (await p.create({ ...declared, __provider: "stub" }).catch((e: unknown) => e)) as {
      message: string;
      id: string;
      properties: Record<string, unknown>;
    };
    expect(err.message).toContain("Could not fetch the page (HTTP 403). Fix the source the reason names");
    expect(await p.diff(err.id, err.properties, { ...declared })).toEqual({
      changes: true,
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
  });
});

describe("a link call answered 404 while both objects exist points at the assumed endpoint", () => {
  test("the message names knowledgeLinksPath, doctor and the override", async () => {
    const assistant = await h.provider(assistantSpec).create({ name: "Support" });
    const content = await h.provider(knowledgeContentSpec).create({ title: "FAQ", text: FAQ });
    applyAssumptionOverrides({ knowledgeLinksPath: "/assistants/{assistantId}/knowledge/links" });
    try {
      const err = await rejection(
        h.provider(knowledgeLinkSpec).create({ assistantId: assistant.id, contentId: content.id }),
      );
      expect(err.message).toContain("answered 404 although the assistant and the content both exist");
      expect(err.message).toContain('knowledgeLinksPath "/assistants/{assistantId}/knowledge/links"');
      expect(err.message).toContain("pulumi-invent doctor --write");
      expect(err.message).toContain("invent:assumptions.knowledgeLinksPath");
    } finally {
      applyAssumptionOverrides({});
    }
    // A link to a content that does not exist says that instead.
    const err = await rejection(
      h
        .provider(knowledgeLinkSpec)
        .create({ assistantId: assistant.id, contentId: "kc_missing0000000000000" }),
    );
    expect(err.message).toContain("KnowledgeContent kc_missing0000000000000 does not exist");
  });
});

describe("an API that shows no action positions", () => {
  test("the order is judged against what was declared; an action gone still shows", async () => {
    const { actionSpec } = await import("../../provider/resources/action");
    const { actionOrderSpec } = await import("../../provider/resources/action-order");
    await h.control.settings({ actionPositions: false });
    const assistant = await h.provider(assistantSpec).create({ name: "Support" });
    const make = (tool: string) =>
      h
        .provider(actionSpec)
        .create({ assistantId: assistant.id, tool, config: { input: {}, definitions: [] } });
    const [a, b] = [await make("TOOLS:WEB_SEARCH"), await make("TOOLS:WEB_SCRAPING")];
    const order = h.provider(actionOrderSpec);
    const declared = { assistantId: assistant.id, actionIds: [b.id, a.id] };
    const made = await order.create({ ...declared });
    const read = await order.read(made.id, made.outs);
    expect(read.props!.actionIds).toEqual([b.id, a.id]);
    expect(await order.diff(made.id, read.props!, { ...declared })).toMatchObject({ changes: false });
    await h.control.deleteAction(AGENCY_ORG_ID, a.id);
    expect((await order.read(made.id, made.outs)).props!.actionIds).toEqual([b.id]);
  });
});

describe("lookups read what a summary listing lacks", () => {
  test("getAssistant by name and listAssistants give whole objects: one GET per item that lacks a value", async () => {
    const { lookupsFor } = await import("../../provider/schema/lookup");
    const { InventClient: Client } = await import("../../provider/client");
    await h.control.settings({ listItemsWhole: false });
    await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support", config: { instructions: "Be brief." } });
    const client = new Client({ apiKey: AGENCY_KEY, baseUrl: h.emulator.url });
    const lookups = lookupsFor(assistantSpec as never, { client: () => client, defaultOrg: () => "c" });
    await h.control.resetRequests();
    expect(await lookups.get({ name: "Support" })).toMatchObject({
      name: "Support",
      instructions: "Be brief.",
    });
    expect(await h.calls()).toEqual({
      "GET /orgs/:org_id/assistants": 1,
      "GET /orgs/:org_id/assistants/:id": 1,
    });
    expect(await lookups.list()).toEqual([expect.objectContaining({ instructions: "Be brief." })]);
    await client.close();
  });
});

describe("write answers that do not carry the object", () => {
  test("a PATCH answered 204 with no body: the object is read again, state is right", async () => {
    await h.control.settings({ updateAnswer: "empty" });
    const p = h.provider(assistantSpec);
    const { id, outs } = await p.create({ name: "Support", instructions: "Be brief." });
    await h.control.resetRequests();
    const { outs: after } = await p.update(id, outs, { name: "Support", instructions: "Be briefer." });
    expect(after).toMatchObject({ instructions: "Be briefer.", updatedAt: expect.stringMatching(/Z$/) });
    expect(await h.calls()).toEqual({
      "PATCH /orgs/:org_id/assistants/:id": 1,
      "GET /orgs/:org_id/assistants/:id": 1,
    });
  });

  test("a create answered 2xx without the new id: found by a listing, never sent twice", async () => {
    await h.control.settings({ createAnswer: "no-id" });
    const p = h.provider(assistantSpec);
    const { id, outs } = await p.create({ name: "Support" });
    const stored = await h.control.assistants(AGENCY_ORG_ID);
    expect(stored.map((a) => a.id)).toEqual([id]);
    expect(outs.name).toBe("Support");
    expect(h.logs.join("\n")).toContain("the API accepted the create (2xx) but its answer carries no id");
    expect(await h.control.count("POST /orgs/:org_id/assistants")).toBe(1);
  });
});
