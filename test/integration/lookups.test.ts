/**
 * Lookup functions against the emulator over real HTTP: by id, by natural key (none, one, several), lists with
 * their filters across pages, org scoping, and that they only ever read. The exported program-side functions
 * are run too, configured from the environment as a program without stack config would be.
 */
import * as pulumi from "@pulumi/pulumi";
import { InventClient } from "../../provider/client";
import { ConfigurationError, NotFoundError, ValidationError } from "../../provider/errors";
import {
  getAssistant,
  getAssistantOutput,
  getConnectionOutput,
  listAssistants,
} from "../../provider/lookups";
import { closeLookupClient } from "../../provider/program-context";
import { actionSpec } from "../../provider/resources/action";
import { assistantSpec } from "../../provider/resources/assistant";
import { channelSpec } from "../../provider/resources/channel";
import { connectionSpec } from "../../provider/resources/connection";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import { lookupsFor } from "../../provider/schema/lookup";
import { ResourceSpec } from "../../provider/schema/spec";
import { AGENCY_KEY, AGENCY_ORG_ID, SUB_ORG_ID, SUB_ORG_KEY } from "../emulator/server";
import { useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness();
const clients: InventClient[] = [];
afterAll(async () => {
  await closeLookupClient();
  await Promise.all(clients.map((c) => c.close()));
});

const LIST = "GET /orgs/:org_id/assistants";
const CREDENTIAL = "sk_test_51Hq8s7dLookupSecret1234";

/** The lookups of a kind, with a client of `key` (default the agency key) and `c` as the default org. */
function lookups(spec: unknown, key = AGENCY_KEY) {
  const client = new InventClient({ apiKey: key, baseUrl: h.emulator.url, minRetryDelayMs: 5 });
  clients.push(client);
  return lookupsFor(spec as ResourceSpec, { client: () => client, defaultOrg: () => "c" });
}
const assistants = () => lookups(assistantSpec);
const connections = () => lookups(connectionSpec);

/** Seeds first, then clears the request log, so `calls()` and `writes()` count only the lookups. */
async function seeded<T>(seed: () => Promise<T>): Promise<T> {
  const out = await seed();
  await h.control.resetRequests();
  return out;
}

describe("get", () => {
  test("by id: every field under the resource's output names, with id and org", async () => {
    const a = await seeded(() =>
      h.control.seedAssistant(AGENCY_ORG_ID, {
        name: "Support",
        config: { instructions: "Answer shipping questions.", knowledge_scope: "selected" },
      }),
    );
    const r = await assistants().get({ id: a.id });
    expect(r).toMatchObject({
      id: a.id,
      orgId: "c",
      name: "Support",
      instructions: "Answer shipping questions.",
      knowledgeScope: "selected",
      createdAt: a.created_at,
    });
    expect(r.conversation).toEqual(expect.objectContaining({ threadMode: expect.any(String) }));
    expect(r).not.toHaveProperty("generateSecretKey"); // write-only: the API never returns it
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/assistants/:id": 1 });
  });

  test("by natural key: an assistant by name, a browser-only connection by type and name", async () => {
    const [a, wa] = await seeded(async () => [
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" }),
      await h.control.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "Support line" }),
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Sales" }),
      await h.control.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "Sales line" }),
    ]);
    expect((await assistants().get({ name: "Support" })).id).toBe(a.id);
    const c = await connections().get({ type: "WHATSAPP", name: "Support line" });
    expect(c).toMatchObject({ id: wa.id, type: "WHATSAPP", name: "Support line", orgId: "c" });
    expect(await h.control.writes()).toBe(0);
  });

  test("a name several objects have: an error listing each candidate's id and creation time", async () => {
    const twins = await seeded(async () => [
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" }),
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" }),
    ]);
    const err = await rejection(assistants().get({ name: "Support" }));
    for (const t of twins) expect(err.message).toContain(`${t.id} (created ${t.created_at})`);
    expect(err.message).toMatch(/getAssistant: 2 Assistants have name "Support" in org c/);
    expect(err.message).toMatch(/by id instead/);
  });

  test("a connection key matching several (masked credentials): candidates named, no credential", async () => {
    await seeded(async () => {
      for (let i = 0; i < 2; i++)
        await h.control.seedConnection(AGENCY_ORG_ID, {
          type: "STRIPE",
          name: "Billing",
          config: { api_key: CREDENTIAL },
        });
    });
    const err = await rejection(connections().get({ type: "STRIPE" }));
    expect(err.message).toMatch(/2 Connections have type "STRIPE" in org c: con_\w+ \(created .*\), con_\w+/);
    expect(err.message).not.toContain("LookupSecret");
  });

  test("nothing found: the error says what was searched (kind, key, org) and where by id", async () => {
    await seeded(() => h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" }));
    const byName = await rejection(assistants().get({ name: "Suport" }));
    expect(byName).toBeInstanceOf(NotFoundError);
    expect(byName.message).toMatch(
      /getAssistant: no Assistant with name "Suport" in org c \(1 Assistant searched\)/,
    );
    const byKey = await rejection(
      connections().get({ type: "WHATSAPP", name: "Support line", orgId: SUB_ORG_ID }),
    );
    expect(byKey.message).toMatch(
      new RegExp(`no Connection with type "WHATSAPP" and name "Support line" in org ${SUB_ORG_ID}`),
    );
    const byId = await rejection(assistants().get({ id: "ast_doesNotExist000000000" }));
    expect(byId).toBeInstanceOf(NotFoundError);
    expect(byId.message).toMatch(/no Assistant ast_doesNotExist000000000 in org c/);
  });

  test("arguments are checked before any call: unknown, both id and key, no key, a child's parent", async () => {
    expect((await rejection(assistants().get({ nmae: "x" }))).message).toMatch(/unknown argument\(s\) nmae/);
    expect((await rejection(assistants().get({ id: "ast_x", name: "x" }))).message).toMatch(
      /either id or name/,
    );
    expect((await rejection(assistants().get({}))).message).toMatch(/give id or `name`/);
    const child = await rejection(lookups(actionSpec).get({ id: "act_x" }));
    expect(child).toBeInstanceOf(ValidationError);
    expect(child.message).toMatch(/assistantId is required/);
    expect(await h.calls()).toEqual({});
  });

  test("children: an action by tool and name, a channel by type, under their assistant", async () => {
    const { a, act, ch } = await seeded(async () => {
      const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
      await h.control.seedAction(AGENCY_ORG_ID, { assistant_id: a.id, action_id: "TOOLS:WEB_SEARCH" });
      const act = await h.control.seedAction(AGENCY_ORG_ID, {
        assistant_id: a.id,
        action_id: "TOOLS:HTTP_REQUEST",
        name: "Look up an order",
      });
      const ch = await h.control.seedChannel(AGENCY_ORG_ID, {
        assistant_id: a.id,
        integration_id: "internal",
      });
      return { a, act, ch };
    });
    const action = await lookups(actionSpec).get({ assistantId: a.id, tool: "TOOLS:HTTP_REQUEST" });
    expect(action).toMatchObject({ id: act.id, assistantId: a.id, name: "Look up an order" });
    expect((await lookups(channelSpec).get({ assistantId: a.id, type: "internal" })).id).toBe(ch.id);
    expect((await lookups(channelSpec).get({ assistantId: a.id, id: ch.id })).type).toBe("internal");
    expect(await h.control.writes()).toBe(0);
  });
});

describe("list", () => {
  test("more than 100 objects: every one, over two pages, only GETs", async () => {
    await seeded(async () => {
      for (let i = 0; i < 130; i++) await h.control.seedAssistant(AGENCY_ORG_ID, { name: `Assistant ${i}` });
    });
    const all = await assistants().list();
    expect(all).toHaveLength(130);
    expect(new Set(all.map((a) => a.name)).size).toBe(130);
    expect(await h.calls()).toEqual({ [LIST]: 2 });
    expect((await assistants().list({ name: "Assistant 7" })).map((a) => a.name)).toEqual(["Assistant 7"]);
    expect(await h.control.writes()).toBe(0);
  });

  test("filters: connections by type and status, knowledge contents by type, status and search", async () => {
    await seeded(async () => {
      await h.control.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "A", status: "ACTIVE" });
      await h.control.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "B", status: "INACTIVE" });
      await h.control.seedConnection(AGENCY_ORG_ID, { type: "GMAIL", name: "C", status: "ACTIVE" });
      await h.control.seedKnowledgeContent(AGENCY_ORG_ID, { title: "Shipping FAQ" });
      await h.control.seedKnowledgeContent(AGENCY_ORG_ID, { title: "Returns FAQ", status: "FAILED" });
      await h.control.seedKnowledgeContent(AGENCY_ORG_ID, {
        title: "Help centre",
        type: "URL",
        content: { type: "URL", url: "https://help.example.com", mode: "crawl" },
      });
    });
    const names = (xs: Record<string, unknown>[]) => xs.map((x) => x.name ?? x.title).sort();
    expect(names(await connections().list({ type: "WHATSAPP" }))).toEqual(["A", "B"]);
    expect(names(await connections().list({ status: "ACTIVE" }))).toEqual(["A", "C"]);
    expect(names(await connections().list({ type: "WHATSAPP", status: "ACTIVE" }))).toEqual(["A"]);
    const kc = lookups(knowledgeContentSpec);
    expect(names(await kc.list({ search: "faq" }))).toEqual(["Returns FAQ", "Shipping FAQ"]);
    expect(names(await kc.list({ status: "FAILED" }))).toEqual(["Returns FAQ"]);
    const [url] = await kc.list({ type: "URL" });
    expect(url).toMatchObject({ title: "Help centre", url: "https://help.example.com", crawl: true });
    expect(url).not.toHaveProperty("text"); // another variant's member
    const [text] = await kc.list({ title: "Shipping FAQ" });
    expect(text).toMatchObject({
      text: expect.any(String),
      textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await h.control.writes()).toBe(0);
  });
});

describe("org scoping", () => {
  test("an agency key reaches a sub-org by its id; `c` is its own org", async () => {
    const [mine, theirs] = await seeded(async () => [
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Agency" }),
      await h.control.seedAssistant(SUB_ORG_ID, { name: "Client" }),
    ]);
    expect((await assistants().list()).map((a) => a.id)).toEqual([mine.id]);
    const sub = await assistants().list({ orgId: SUB_ORG_ID });
    expect(sub.map((a) => [a.id, a.orgId])).toEqual([[theirs.id, SUB_ORG_ID]]);
    expect((await assistants().get({ name: "Client", orgId: SUB_ORG_ID })).id).toBe(theirs.id);
  });

  test("a sub-org key sees only its org: `c` is the sub-org, the agency's objects are not found", async () => {
    const [agency, client] = await seeded(async () => [
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Agency" }),
      await h.control.seedAssistant(SUB_ORG_ID, { name: "Client" }),
    ]);
    const sub = lookups(assistantSpec, SUB_ORG_KEY);
    expect((await sub.list()).map((a) => a.id)).toEqual([client.id]);
    expect(await rejection(sub.get({ id: agency.id }))).toBeInstanceOf(NotFoundError);
  });
});

describe("the program-side functions (settings from the environment)", () => {
  const env = { ...process.env };
  beforeEach(async () => {
    await closeLookupClient();
    process.env.INVENT_API_KEY = AGENCY_KEY;
    process.env.INVENT_BASE_URL = h.emulator.url;
    delete process.env.INVENT_ORG_ID;
  });
  afterEach(() => {
    process.env = { ...env };
  });
  const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
  const isSecret = (o: pulumi.Output<unknown>) => (o as unknown as { isSecret: Promise<boolean> }).isSecret;

  test("getAssistant and listAssistants; INVENT_ORG_ID is the default org", async () => {
    const [a, sub] = await seeded(async () => [
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" }),
      await h.control.seedAssistant(SUB_ORG_ID, { name: "Support" }),
    ]);
    expect((await getAssistant({ name: "Support" })).id).toBe(a.id);
    process.env.INVENT_ORG_ID = SUB_ORG_ID;
    expect((await listAssistants()).map((x) => [x.id, x.orgId])).toEqual([[sub.id, SUB_ORG_ID]]);
    expect(await h.control.writes()).toBe(0);
  });

  test("Output forms: a minted key or a connection's config makes the result secret; none, not", async () => {
    const [plain, keyed, wa] = await seeded(async () => [
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Plain", secret_key: null }),
      await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Keyed", secret_key: "sk_test_widgetKey0001" }),
      await h.control.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "Support line" }),
    ]);
    const p = getAssistantOutput({ name: pulumi.output("Plain") });
    expect((await value(p)).id).toBe(plain.id);
    expect(await isSecret(p)).toBe(false);
    const k = getAssistantOutput({ id: keyed.id });
    expect((await value(k)).secretKey).toBe("sk_test_widgetKey0001");
    expect(await isSecret(k)).toBe(true);
    const c = getConnectionOutput({ type: "WHATSAPP" });
    expect((await value(c)).id).toBe(wa.id);
    expect(await isSecret(c)).toBe(true);
  });

  test("no key configured: the error says how to set one", async () => {
    delete process.env.INVENT_API_KEY;
    const err = await rejection(getAssistant({ name: "Support" }));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toMatch(/invent:apiKey/);
    // Marked as Pulumi marks a RunError, so the CLI prints the message alone, with no stack trace.
    expect(pulumi.RunError.isInstance(err)).toBe(true);
    const bad = await rejection(getAssistant({ nmae: "Support" } as never));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(pulumi.RunError.isInstance(bad)).toBe(true);
    // A one-line stack: Pulumi's SDK formats the error whole before the program exits (17 s from an apply).
    expect(bad.stack).toBe(`${bad.name}: ${bad.message}`);
  });
});
