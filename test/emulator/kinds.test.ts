/** The descriptor-driven kinds (actions, channels, knowledge contents and links), over real HTTP on loopback. */
import {
  ACTION_INSTRUCTIONS_MAX,
  CHANNEL_CONNECTION_DELETED_ERROR,
  DRIFT_TOP_LEVEL_FIELD,
  KNOWLEDGE_DEFAULT_FAILURE_REASON,
  KNOWLEDGE_TEXT_MAX,
} from "./assumptions";
import { API_ROUTES } from "./control";
import {
  AGENCY_KEY,
  AGENCY_ORG_ID,
  OTHER_ORG_ID,
  SUB_ORG_ID,
  SUB_ORG_KEY,
  startEmulator,
  type RunningEmulator,
} from "./server";
import { emulatorApi, type Res } from "./test-api";

const T0 = Date.parse("2024-05-01T12:00:00Z");
let now = T0;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ clock: () => now });
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(async () => {
  now = T0;
  await emu.control.reset();
});

const api = emulatorApi(() => emu);

async function expect400(res: Promise<Res>, ...messages: string[]): Promise<string[]> {
  const { status, json } = await res;
  expect({ status, error: json?.error }).toEqual({ status: 400, error: "Bad Request" });
  expect(json.message).toEqual(expect.arrayContaining(messages));
  return json.message;
}

const ID = (prefix: string) => new RegExp(`^${prefix}[0-9A-Za-z]{22}$`);
const ids = (items: { id: string }[]) => items.map((i) => i.id);

async function assistant(name = "Support", org = "c", key = AGENCY_KEY): Promise<string> {
  const res = await api("POST", `/orgs/${org}/assistants`, { key, body: { name } });
  expect(res.status).toBe(200);
  return res.json.id;
}

async function connection(type = "MCP", org = "c", key = AGENCY_KEY): Promise<string> {
  const res = await api("POST", `/orgs/${org}/connections`, { key, body: { type, config: { url: "u" } } });
  expect(res.status).toBe(200);
  return res.json.id;
}

const webSearch = { enabled: true, action_id: "TOOLS:WEB_SEARCH", config: { input: {}, definitions: [] } };

const httpRequest = {
  enabled: true,
  action_id: "TOOLS:HTTP_REQUEST",
  name: "Order status",
  instructions: "Look up an order.",
  config: {
    input: { method: "GET", url: "https://shop.test/orders/{id}" },
    definitions: [{ path: "id", definition: { type: "string", description: "Order id" } }],
  },
};

describe("routes", () => {
  it("derive from the descriptors, existing templates unchanged and first", () => {
    expect(API_ROUTES.slice(0, 11)).toEqual([
      "GET /orgs/:org_id/assistants",
      "POST /orgs/:org_id/assistants",
      "GET /orgs/:org_id/assistants/:id",
      "PATCH /orgs/:org_id/assistants/:id",
      "DELETE /orgs/:org_id/assistants/:id",
      "POST /orgs/:org_id/assistants/:id/rotate-secret-key",
      "GET /orgs/:org_id/connections",
      "POST /orgs/:org_id/connections",
      "GET /orgs/:org_id/connections/:id",
      "PATCH /orgs/:org_id/connections/:id",
      "DELETE /orgs/:org_id/connections/:id",
    ]);
    expect(API_ROUTES).toEqual(
      expect.arrayContaining([
        "PATCH /orgs/:org_id/assistants/:assistant_id/actions/reorder",
        "GET /orgs/:org_id/assistants/:assistant_id/integrations/:id",
        "POST /orgs/:org_id/knowledge/contents",
        "PUT /orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id",
        "GET /orgs/:org_id/assistants/:assistant_id/knowledge/contents",
      ]),
    );
    expect(new Set(API_ROUTES).size).toBe(API_ROUTES.length);
  });
});

describe("actions", () => {
  it("creates with the documented fields, positions appended in steps of 100", async () => {
    const a = await assistant();
    const res = await api("POST", `/orgs/c/assistants/${a}/actions`, { body: httpRequest });
    expect(res.status).toBe(200);
    expect(res.json.id).toMatch(ID("act_"));
    expect(res.json).toEqual({
      id: res.json.id,
      assistant_id: a,
      ...httpRequest,
      connection_id: null,
      position: 100,
      created_at: "2024-05-01T12:00:00Z",
      updated_at: "2024-05-01T12:00:00Z",
    });
    const second = (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch })).json;
    expect(second).toMatchObject({ position: 200, name: null, instructions: null, connection_id: null });
    const [stored] = await emu.control.actions(AGENCY_ORG_ID);
    expect(stored).toMatchObject({ org_id: AGENCY_ORG_ID, assistant_id: a, position: 100 });
  });

  it("gets, lists in position order with pagination headers, updates and deletes", async () => {
    const a = await assistant();
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push((await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch })).json);
    expect((await api("GET", `/orgs/c/assistants/${a}/actions/${made[1].id}`)).json).toEqual(made[1]);

    const page = await api("GET", `/orgs/c/assistants/${a}/actions?take=2&page=2`);
    expect(ids(page.json)).toEqual([made[2].id]);
    expect(page.headers.get("pagination-count")).toBe("3");
    expect(page.headers.get("pagination-take")).toBe("2");

    const c = await connection();
    const patched = await api("PATCH", `/orgs/c/assistants/${a}/actions/${made[0].id}`, {
      body: {
        enabled: false,
        name: "Search",
        instructions: "Only docs.",
        connection_id: c,
        config: { input: { q: 1 } },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      enabled: false,
      name: "Search",
      instructions: "Only docs.",
      connection_id: c,
      config: { input: { q: 1 }, definitions: [] }, // config deep-merged
      action_id: "TOOLS:WEB_SEARCH",
      position: 100,
    });
    expect(patched.json.updated_at).not.toBe(made[0].updated_at);
    const cleared = await api("PATCH", `/orgs/c/assistants/${a}/actions/${made[0].id}`, {
      body: { connection_id: null },
    });
    expect(cleared.json.connection_id).toBeNull();

    const del = await api("DELETE", `/orgs/c/assistants/${a}/actions/${made[0].id}`);
    expect(del.status).toBe(200);
    expect(del.json.id).toBe(made[0].id);
    expect((await api("GET", `/orgs/c/assistants/${a}/actions/${made[0].id}`)).json).toEqual({
      statusCode: 404,
      message: "Action not found",
      error: "Not Found",
    });
    expect((await api("DELETE", `/orgs/c/assistants/${a}/actions/${made[0].id}`)).status).toBe(404);
    expect(ids((await api("GET", `/orgs/c/assistants/${a}/actions`)).json)).toEqual([made[1].id, made[2].id]);
  });

  it("validates create bodies, naming each field", async () => {
    const a = await assistant();
    const post = (body: unknown) => api("POST", `/orgs/c/assistants/${a}/actions`, { body });
    expect(await expect400(post({}))).toEqual([
      "enabled should not be empty",
      "action_id should not be empty",
      "config should not be empty",
    ]);
    await expect400(
      post({
        enabled: "yes",
        action_id: "HTTP_REQUEST",
        config: { input: [], definitions: [{ definition: {} }], extra: 1 },
        name: "x".repeat(65),
        instructions: "x".repeat(ACTION_INSTRUCTIONS_MAX + 1),
        color: "red",
      }),
      "enabled must be a boolean value",
      'action_id must be a catalog action id such as "TOOLS:HTTP_REQUEST"',
      "config.input must be an object",
      "config.definitions[0].path should not be empty",
      "property config.extra should not exist",
      "name must be shorter than or equal to 64 characters",
      "instructions must be shorter than or equal to 2048 characters",
      "property color should not exist",
    );
    await expect400(
      post({ enabled: true, action_id: "TOOLS:X", config: {} }),
      "config.input should not be empty",
    );
    await expect400(
      post({ ...webSearch, action_id: "FAX:SEND" }),
      'action_id must be a catalog action id such as "TOOLS:HTTP_REQUEST"',
    );
    expect(
      (
        await post({
          ...httpRequest,
          name: "x".repeat(64),
          instructions: "x".repeat(ACTION_INSTRUCTIONS_MAX),
        })
      ).status,
    ).toBe(200);
    expect(await emu.control.actions()).toHaveLength(1);
  });

  it("connection_id must name a connection of the same org; action_id is not updatable", async () => {
    const a = await assistant();
    const foreign = await connection("MCP", SUB_ORG_ID);
    const refused = await expect400(
      api("POST", `/orgs/c/assistants/${a}/actions`, { body: { ...webSearch, connection_id: foreign } }),
    );
    expect(refused).toEqual(["connection_id must name an existing connection of this organization"]);
    const made = (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch })).json;
    expect(
      await expect400(
        api("PATCH", `/orgs/c/assistants/${a}/actions/${made.id}`, {
          body: { action_id: "TOOLS:WEB_SCRAPING", connection_id: "con_0000000000000000000000" },
        }),
      ),
    ).toEqual([
      "property action_id should not exist",
      "connection_id must name an existing connection of this organization",
    ]);
  });

  it("reorders: multiples of 100, at most 25 items, ids of this assistant only", async () => {
    const a = await assistant();
    const other = await assistant("Other");
    const [x, y, z] = [
      (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: { ...webSearch, name: "x" } })).json,
      (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: { ...webSearch, name: "y" } })).json,
      (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: { ...webSearch, name: "z" } })).json,
    ];
    const foreign = (await api("POST", `/orgs/c/assistants/${other}/actions`, { body: webSearch })).json;
    const reorder = (positions: unknown) =>
      api("PATCH", `/orgs/c/assistants/${a}/actions/reorder`, { body: { positions } });

    expect(await expect400(reorder([{ id: x.id, position: 150 }]))).toEqual([
      "positions[0].position must be divisible by 100",
    ]);
    await expect400(reorder([{ id: x.id, position: -100 }]), "positions[0].position must not be less than 0");
    await expect400(
      reorder([{ id: x.id, position: "100" }]),
      "positions[0].position must be an integer number",
    );
    await expect400(reorder([{ position: 100 }]), "positions[0].id should not be empty");
    await expect400(
      reorder(Array.from({ length: 26 }, () => ({ id: x.id, position: 100 }))),
      "positions must contain no more than 25 elements",
    );
    expect(
      await expect400(
        reorder([
          { id: foreign.id, position: 100 },
          { id: y.id, position: 100 },
          { id: y.id, position: 200 },
        ]),
      ),
    ).toEqual([
      "positions[0].id must be an action of this assistant",
      "positions[2].id must not repeat an id",
    ]);
    await expect400(
      api("PATCH", `/orgs/c/assistants/${a}/actions/reorder`, { body: {} }),
      "positions should not be empty",
    );

    now += 5_000;
    const res = await reorder([
      { id: z.id, position: 0 },
      { id: x.id, position: 300 },
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get("pagination-count")).toBeNull(); // a bare array, not a page
    expect(res.json.map((i: { name: string; position: number }) => [i.name, i.position])).toEqual([
      ["z", 0],
      ["y", 200],
      ["x", 300],
    ]);
    const moved = res.json.find((i: { id: string }) => i.id === z.id);
    expect(moved.updated_at).toBe("2024-05-01T12:00:05Z");
    expect(res.json.find((i: { id: string }) => i.id === y.id).updated_at).toBe(y.updated_at);
    expect(ids((await api("GET", `/orgs/c/assistants/${a}/actions`)).json)).toEqual([z.id, y.id, x.id]);
    // Appending goes after the last position.
    const w = (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch })).json;
    expect(w.position).toBe(400);
    // `reorder` is a collection route: GET …/actions/reorder is an action id lookup.
    expect((await api("GET", `/orgs/c/assistants/${a}/actions/reorder`)).json.message).toBe(
      "Action not found",
    );
  });

  it("are embedded in the assistant's actions[] in position order", async () => {
    const a = await assistant();
    const first = (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch })).json;
    const second = (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: httpRequest })).json;
    await api("PATCH", `/orgs/c/assistants/${a}/actions/reorder`, {
      body: { positions: [{ id: first.id, position: 500 }] },
    });
    const got = (await api("GET", `/orgs/c/assistants/${a}`)).json;
    expect(ids(got.actions)).toEqual([second.id, first.id]);
    expect(got.actions[0]).toEqual((await api("GET", `/orgs/c/assistants/${a}/actions/${second.id}`)).json);
    expect(ids((await api("GET", "/orgs/c/assistants")).json[0].actions)).toEqual([second.id, first.id]);
    expect(ids((await emu.control.state()).assistants[0].actions as { id: string }[])).toEqual([
      second.id,
      first.id,
    ]);
  });

  it("live under an assistant of the org: unknown or unreachable assistants answer 404", async () => {
    const sub = await assistant("Client", SUB_ORG_ID);
    const missing = await api("GET", "/orgs/c/assistants/ast_0000000000000000000000/actions");
    expect(missing.json).toEqual({ statusCode: 404, message: "Assistant not found", error: "Not Found" });
    expect((await api("GET", `/orgs/c/assistants/${sub}/actions`)).status).toBe(404); // c is not the sub-org
    expect((await api("GET", `/orgs/${SUB_ORG_ID}/assistants/${sub}/actions`)).status).toBe(200);
    expect(
      (await api("GET", `/orgs/${SUB_ORG_ID}/assistants/${sub}/actions`, { key: SUB_ORG_KEY })).status,
    ).toBe(200);
    const other = await api("POST", `/orgs/${OTHER_ORG_ID}/assistants/${sub}/actions`, { body: webSearch });
    expect(other.status).toBe(404);
    expect((await api("GET", `/orgs/c/assistants/${sub}/actions`, { key: null })).status).toBe(401);
  });
});

describe("channels", () => {
  it("create, embed in integrations[], update enabled/config only, delete", async () => {
    const a = await assistant();
    const c = await connection("TELEGRAM");
    const res = await api("POST", `/orgs/c/assistants/${a}/integrations`, {
      body: {
        integration_id: "telegram_bot",
        connection_id: c,
        config: { bot_token: "123456:secretTAIL", lang: "en" },
      },
    });
    expect(res.status).toBe(200);
    const ch = res.json;
    expect(ch.id).toMatch(ID("ain_"));
    expect(ch).toEqual({
      id: ch.id,
      enabled: true,
      integration_id: "telegram_bot",
      assistant_id: a,
      connection_id: c,
      config: { bot_token: "****TAIL", lang: "en" }, // credentials masked [A]
      error: null,
      created_at: "2024-05-01T12:00:00Z",
      updated_at: "2024-05-01T12:00:00Z",
    });
    const widget = (
      await api("POST", `/orgs/c/assistants/${a}/integrations`, { body: { integration_id: "internal" } })
    ).json;
    expect(widget).toMatchObject({ enabled: true, connection_id: null, config: {}, error: null });

    const parent = (await api("GET", `/orgs/c/assistants/${a}`)).json;
    expect(parent.integrations).toEqual([ch, widget]);
    expect(parent[DRIFT_TOP_LEVEL_FIELD]).toBe(2);

    expect(
      await expect400(
        api("PATCH", `/orgs/c/assistants/${a}/integrations/${ch.id}`, {
          body: { integration_id: "gmail", connection_id: null, enabled: "no" },
        }),
      ),
    ).toEqual([
      "property integration_id should not exist",
      "property connection_id should not exist",
      "enabled must be a boolean value",
    ]);
    const patched = await api("PATCH", `/orgs/c/assistants/${a}/integrations/${ch.id}`, {
      body: { enabled: false, config: { lang: "pt" } },
    });
    expect(patched.json).toMatchObject({ enabled: false, config: { bot_token: "****TAIL", lang: "pt" } });
    expect((await emu.control.channels())[0].config.bot_token).toBe("123456:secretTAIL");

    expect((await api("DELETE", `/orgs/c/assistants/${a}/integrations/${ch.id}`)).status).toBe(200);
    expect((await api("GET", `/orgs/c/assistants/${a}/integrations/${ch.id}`)).json.message).toBe(
      "Integration not found",
    );
    expect(ids((await api("GET", `/orgs/c/assistants/${a}/integrations`)).json)).toEqual([widget.id]);
  });

  it("validates integration_id against the documented enum and connection_id against the org", async () => {
    const a = await assistant();
    await expect400(
      api("POST", `/orgs/c/assistants/${a}/integrations`, { body: {} }),
      "integration_id should not be empty",
    );
    const bad = await expect400(
      api("POST", `/orgs/c/assistants/${a}/integrations`, {
        body: { integration_id: "fax", connection_id: "con_0000000000000000000000", config: [] },
      }),
    );
    expect(bad).toEqual([
      "integration_id must be one of the following values: internal, custom, whatsapp_bot, messenger_bot, " +
        "instagram_dm, twilio, telnyx, slack_bot, telegram_bot, gmail, google_calendar",
      "config must be an object",
      // References are checked after the field rules.
      "connection_id must name an existing connection of this organization",
    ]);
  });

  it("GET by id can be switched off: 404 like an unknown route, embedded and listed still", async () => {
    const a = await assistant();
    const ch = (
      await api("POST", `/orgs/c/assistants/${a}/integrations`, { body: { integration_id: "internal" } })
    ).json;
    await emu.control.settings({ channelGetById: false });
    const off = await api("GET", `/orgs/c/assistants/${a}/integrations/${ch.id}`);
    expect(off.json).toEqual({
      statusCode: 404,
      message: `Cannot GET /orgs/c/assistants/${a}/integrations/${ch.id}`,
      error: "Not Found",
    });
    expect((await api("GET", `/orgs/c/assistants/${a}/integrations/${ch.id}`, { key: null })).status).toBe(
      404,
    );
    expect((await api("GET", `/orgs/c/assistants/${a}`)).json.integrations).toEqual([ch]);
    expect((await api("GET", `/orgs/c/assistants/${a}/integrations`)).json).toEqual([ch]);
    expect((await api("PATCH", `/orgs/c/assistants/${a}/integrations/${ch.id}`, { body: {} })).status).toBe(
      200,
    );
    // Counted under its template, so a test can tell the client tried it.
    expect(await emu.control.count("GET /orgs/:org_id/assistants/:assistant_id/integrations/:id")).toBe(2);
    await emu.control.settings({ channelGetById: true });
    expect((await api("GET", `/orgs/c/assistants/${a}/integrations/${ch.id}`)).status).toBe(200);

    const other = await startEmulator({ channelGetById: false });
    try {
      expect((await other.control.state()).settings.channelGetById).toBe(false);
    } finally {
      await other.stop();
    }
  });

  it("a deleted connection breaks the channel that uses it", async () => {
    const a = await assistant();
    const c = await connection("TELEGRAM");
    const ch = (
      await api("POST", `/orgs/c/assistants/${a}/integrations`, {
        body: { integration_id: "telegram_bot", connection_id: c },
      })
    ).json;
    now += 3_000;
    await api("DELETE", `/orgs/c/connections/${c}`);
    const got = (await api("GET", `/orgs/c/assistants/${a}/integrations/${ch.id}`)).json;
    expect(got).toMatchObject({ connection_id: c, error: CHANNEL_CONNECTION_DELETED_ERROR });
    expect(got.updated_at).toBe("2024-05-01T12:00:03Z");
  });
});

describe("knowledge contents", () => {
  const text = (title: string, body = "x".repeat(2500)) => ({ title, content: { type: "TEXT", text: body } });

  it("process asynchronously on the emulator clock: PENDING, PROCESSING, PROCESSED", async () => {
    const res = await api("POST", "/orgs/c/knowledge/contents", { body: text("Shipping policy") });
    expect(res.status).toBe(200);
    const k = res.json;
    expect(k.id).toMatch(ID("kc_"));
    expect(k).toEqual({
      id: k.id,
      title: "Shipping policy",
      type: "TEXT",
      content: { type: "TEXT", text: "x".repeat(2500) },
      size: 2500,
      chunks_processed: 0,
      chunks_count: 0,
      error: null,
      status: "PENDING",
      created_at: "2024-05-01T12:00:00Z",
      updated_at: "2024-05-01T12:00:00Z",
    });
    const get = async () => (await api("GET", `/orgs/c/knowledge/contents/${k.id}`)).json;
    now = T0 + 199;
    expect((await get()).status).toBe("PENDING");
    now = T0 + 600; // PROCESSING runs from 200 to 1000 ms; half-way through its 3 chunks
    expect(await get()).toMatchObject({ status: "PROCESSING", chunks_count: 3, chunks_processed: 1 });
    now = T0 + 1_500;
    const done = await get();
    expect(done).toMatchObject({ status: "PROCESSED", chunks_count: 3, chunks_processed: 3, error: null });
    expect(done.updated_at).toBe("2024-05-01T12:00:01Z");
    expect(ids((await api("GET", "/orgs/c/knowledge/contents")).json)).toEqual([k.id]);
    // Not answered: the emulator's timeline.
    expect(done).not.toHaveProperty("processing");
    expect((await emu.control.knowledgeContents())[0].processing).toBeNull();
  });

  it("URL and FILE contents; URL mode defaults to single", async () => {
    const url = (
      await api("POST", "/orgs/c/knowledge/contents", {
        body: { title: "Docs", content: { type: "URL", url: "https://docs.shop.test" } },
      })
    ).json;
    expect(url).toMatchObject({
      type: "URL",
      content: { type: "URL", url: "https://docs.shop.test", mode: "single" },
      size: 0,
    });
    const file = (
      await api("POST", "/orgs/c/knowledge/contents", {
        body: { title: "FAQ", content: { type: "FILE", file_id: "fil_1" } },
      })
    ).json;
    expect(file).toMatchObject({ type: "FILE", content: { file_id: "fil_1" } });
    now += 2_000;
    const listed = (await api("GET", "/orgs/c/knowledge/contents")).json;
    expect(listed.map((c: { status: string }) => c.status)).toEqual(["PROCESSED", "PROCESSED"]);
    expect(listed[0].size).toBeGreaterThan(0);
  });

  it("validates title and the content union, naming the field", async () => {
    const post = (body: unknown) => api("POST", "/orgs/c/knowledge/contents", { body });
    expect(await expect400(post({}))).toEqual(["title should not be empty", "content should not be empty"]);
    await expect400(post(text("")), "title must be longer than or equal to 1 characters");
    await expect400(post(text("x".repeat(256))), "title must be shorter than or equal to 255 characters");
    await expect400(
      post({ title: "t", content: { type: "PDF" } }),
      "content.type must be one of the following values: TEXT, URL, FILE",
    );
    await expect400(post({ title: "t", content: { type: "TEXT" } }), "content.text should not be empty");
    await expect400(
      post({ title: "t", content: { type: "URL", url: "docs", mode: "deep", file_id: "f" } }),
      "content.url must be a URL address",
      "content.mode must be one of the following values: single, crawl",
      "property content.file_id should not exist",
    );
    await expect400(post({ title: "t", content: { type: "FILE" } }), "content.file_id should not be empty");
    await expect400(
      post(text("big", "x".repeat(KNOWLEDGE_TEXT_MAX + 1))),
      `content.text must be shorter than or equal to ${KNOWLEDGE_TEXT_MAX} characters`,
    );
    expect((await post(text("max", "x".repeat(KNOWLEDGE_TEXT_MAX)))).status).toBe(200);
  });

  it("has no update (PATCH answers like an unknown route) and deletes hard", async () => {
    const k = (await api("POST", "/orgs/c/knowledge/contents", { body: text("t") })).json;
    const patch = await api("PATCH", `/orgs/c/knowledge/contents/${k.id}`, { body: { title: "u" } });
    expect(patch.json).toEqual({
      statusCode: 404,
      message: `Cannot PATCH /orgs/c/knowledge/contents/${k.id}`,
      error: "Not Found",
    });
    expect((await api("DELETE", `/orgs/c/knowledge/contents/${k.id}`)).json.id).toBe(k.id);
    expect((await api("GET", `/orgs/c/knowledge/contents/${k.id}`)).json.message).toBe(
      "Knowledge content not found",
    );
    expect(await emu.control.knowledgeContents()).toEqual([]);
  });

  it("the next contents can be made to fail, with a reason", async () => {
    await emu.control.failNextKnowledge(1, "Unsupported encoding");
    const failing = (await api("POST", "/orgs/c/knowledge/contents", { body: text("bad") })).json;
    const fine = (await api("POST", "/orgs/c/knowledge/contents", { body: text("good") })).json;
    expect((await emu.control.state()).settings.knowledgeFailNext).toBe(0);
    now += 500;
    expect((await api("GET", `/orgs/c/knowledge/contents/${failing.id}`)).json).toMatchObject({
      status: "PROCESSING",
      error: null,
    });
    now += 1_000;
    expect((await api("GET", `/orgs/c/knowledge/contents/${failing.id}`)).json).toMatchObject({
      status: "FAILED",
      error: "Unsupported encoding",
      chunks_count: 0,
      chunks_processed: 0,
    });
    expect((await api("GET", `/orgs/c/knowledge/contents/${fine.id}`)).json.status).toBe("PROCESSED");

    await emu.control.failNextKnowledge();
    const dflt = (await api("POST", "/orgs/c/knowledge/contents", { body: text("default") })).json;
    await emu.control.finishKnowledgeProcessing();
    expect((await api("GET", `/orgs/c/knowledge/contents/${dflt.id}`)).json).toMatchObject({
      status: "FAILED",
      error: KNOWLEDGE_DEFAULT_FAILURE_REASON,
    });
  });

  it("finishes processing on demand, as planned or failed; processing time is a setting", async () => {
    const a = (await api("POST", "/orgs/c/knowledge/contents", { body: text("a") })).json;
    const b = (await api("POST", "/orgs/c/knowledge/contents", { body: text("b") })).json;
    const failed = await emu.control.finishKnowledgeProcessing({ id: b.id, error: "Too many pages" });
    expect(ids(failed)).toEqual([b.id]);
    expect((await api("GET", `/orgs/c/knowledge/contents/${b.id}`)).json).toMatchObject({
      status: "FAILED",
      error: "Too many pages",
    });
    const finished = await emu.control.finishKnowledgeProcessing({ orgId: AGENCY_ORG_ID });
    expect(ids(finished)).toEqual([a.id]);
    expect((await api("GET", `/orgs/c/knowledge/contents/${a.id}`)).json).toMatchObject({
      status: "PROCESSED",
      chunks_processed: 3,
    });
    expect(await emu.control.finishKnowledgeProcessing()).toEqual([]);
    await expect(emu.control.finishKnowledgeProcessing({ id: "kc_nope" })).rejects.toThrow(/404/);

    await emu.control.settings({ knowledgeProcessingMs: 0 });
    expect((await api("POST", "/orgs/c/knowledge/contents", { body: text("now") })).json.status).toBe(
      "PROCESSED",
    );
    await emu.control.settings({ knowledgeProcessingMs: 60_000 });
    const slow = (await api("POST", "/orgs/c/knowledge/contents", { body: text("slow") })).json;
    now += 30_000;
    expect((await api("GET", `/orgs/c/knowledge/contents/${slow.id}`)).json.status).toBe("PROCESSING");
  });

  it("runs on real time with the real clock", async () => {
    // Long enough that a loaded machine still sees PENDING first; the wait is twice the processing time.
    const real = await startEmulator({ knowledgeProcessingMs: 1000 });
    try {
      const k = (await api("POST", "/orgs/c/knowledge/contents", { body: text("t"), target: real })).json;
      expect(k.status).toBe("PENDING");
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect((await api("GET", `/orgs/c/knowledge/contents/${k.id}`, { target: real })).json.status).toBe(
        "PROCESSED",
      );
    } finally {
      await real.stop();
    }
  });
});

describe("knowledge links", () => {
  async function content(title: string, type = "TEXT"): Promise<string> {
    const body =
      type === "TEXT"
        ? { title, content: { type, text: "Some text" } }
        : { title, content: { type: "URL", url: "https://x.test" } };
    return (await api("POST", "/orgs/c/knowledge/contents", { body })).json.id;
  }

  it("PUT links (idempotently), DELETE unlinks, the per-assistant list says `linked`", async () => {
    const a = await assistant();
    const k1 = await content("Returns policy");
    const k2 = await content("Shipping", "URL");
    const path = (k: string) => `/orgs/c/assistants/${a}/knowledge/contents/${k}`;

    const linked = await api("PUT", path(k1));
    expect(linked.status).toBe(200);
    expect(linked.json).toMatchObject({ id: k1, title: "Returns policy", linked: true });
    expect((await api("PUT", path(k1))).status).toBe(200);
    expect(await emu.control.knowledgeLinks(AGENCY_ORG_ID)).toEqual([
      expect.objectContaining({ assistant_id: a, content_id: k1 }),
    ]);

    const list = await api("GET", `/orgs/c/assistants/${a}/knowledge/contents`);
    expect(list.json.map((c: { id: string; linked: boolean }) => [c.id, c.linked])).toEqual([
      [k1, true],
      [k2, false],
    ]);
    expect(list.headers.get("pagination-count")).toBe("2");
    // The org-wide list and GET by id carry no `linked`.
    expect((await api("GET", `/orgs/c/knowledge/contents/${k1}`)).json).not.toHaveProperty("linked");

    const unlinked = await api("DELETE", path(k1));
    expect(unlinked.json).toMatchObject({ id: k1, linked: false });
    expect((await api("DELETE", path(k1))).json.message).toBe("Knowledge link not found");
    expect((await api("PUT", path("kc_0000000000000000000000"))).json.message).toBe(
      "Knowledge content not found",
    );
    expect(await emu.control.knowledgeLinks()).toEqual([]);
  });

  it("filters the per-assistant list by search, type and status", async () => {
    const a = await assistant();
    const k1 = await content("Returns policy");
    const k2 = await content("Shipping POLICY", "URL");
    await content("Opening hours");
    await emu.control.finishKnowledgeProcessing({ id: k1 });
    const list = async (query: string) =>
      ids((await api("GET", `/orgs/c/assistants/${a}/knowledge/contents?${query}`)).json);
    expect(await list("search=policy")).toEqual([k1, k2]);
    expect(await list("search=policy&type=URL")).toEqual([k2]);
    expect(await list("status=PROCESSED")).toEqual([k1]);
    expect(await list("search=policy&take=1&page=2")).toEqual([k2]);
    await expect400(
      api("GET", `/orgs/c/assistants/${a}/knowledge/contents?type=PDF&status=DONE`),
      "type must be one of the following values: TEXT, URL, FILE",
      "status must be one of the following values: PENDING, PROCESSING, PROCESSED, FAILED",
    );
  });

  it("deleting a content unlinks it everywhere", async () => {
    const [a, b] = [await assistant("a"), await assistant("b")];
    const k = await content("t");
    await api("PUT", `/orgs/c/assistants/${a}/knowledge/contents/${k}`);
    await api("PUT", `/orgs/c/assistants/${b}/knowledge/contents/${k}`);
    expect(await emu.control.knowledgeLinks()).toHaveLength(2);
    await api("DELETE", `/orgs/c/knowledge/contents/${k}`);
    expect(await emu.control.knowledgeLinks()).toEqual([]);
    expect((await api("GET", `/orgs/c/assistants/${a}/knowledge/contents`)).json).toEqual([]);
  });
});

describe("deleting an assistant", () => {
  async function populated() {
    const a = await assistant();
    const keep = await assistant("Keep");
    await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch });
    await api("POST", `/orgs/c/assistants/${keep}/actions`, { body: webSearch });
    await api("POST", `/orgs/c/assistants/${a}/integrations`, { body: { integration_id: "internal" } });
    const k = (
      await api("POST", "/orgs/c/knowledge/contents", {
        body: { title: "t", content: { type: "TEXT", text: "x" } },
      })
    ).json.id;
    await api("PUT", `/orgs/c/assistants/${a}/knowledge/contents/${k}`);
    return { a, keep, k };
  }

  async function leftOver() {
    const s = await emu.control.state();
    return { actions: s.actions.length, channels: s.channels.length, links: s.knowledgeLinks.length };
  }

  it("(soft) takes its actions, channels and links with it; routes under it answer 404", async () => {
    const { a, k } = await populated();
    const del = await api("DELETE", `/orgs/c/assistants/${a}`);
    expect(del.json).toMatchObject({ deleted: true, actions: [], integrations: [] });
    expect(await leftOver()).toEqual({ actions: 1, channels: 0, links: 0 });
    expect((await api("GET", `/orgs/c/assistants/${a}`)).json).toMatchObject({ deleted: true, actions: [] });
    for (const path of ["actions", "integrations", "knowledge/contents"])
      expect((await api("GET", `/orgs/c/assistants/${a}/${path}`)).json.message).toBe("Assistant not found");
    expect((await api("PUT", `/orgs/c/assistants/${a}/knowledge/contents/${k}`)).status).toBe(404);
    expect((await api("GET", `/orgs/c/knowledge/contents/${k}`)).status).toBe(200); // the content stays
  });

  it("(hard, and out of band) does the same", async () => {
    await emu.control.settings({ softDelete: false });
    const first = await populated();
    await api("DELETE", `/orgs/c/assistants/${first.a}`);
    expect(await leftOver()).toEqual({ actions: 1, channels: 0, links: 0 });

    const second = await populated();
    await emu.control.deleteAssistant(AGENCY_ORG_ID, second.a);
    expect(await leftOver()).toEqual({ actions: 2, channels: 0, links: 0 });
    expect((await emu.control.actions()).every((x) => x.assistant_id !== second.a)).toBe(true);
  });
});

describe("cross-cutting", () => {
  it("counts requests by the new route templates and honours failNext on them", async () => {
    const a = await assistant();
    const act = (await api("POST", `/orgs/c/assistants/${a}/actions`, { body: webSearch })).json;
    await emu.control.resetRequests();
    const reorderRoute = "PATCH /orgs/:org_id/assistants/:assistant_id/actions/reorder";
    await emu.control.failNext({ route: reorderRoute, status: 503 });
    const body = { positions: [{ id: act.id, position: 300 }] };
    expect((await api("PATCH", `/orgs/c/assistants/${a}/actions/reorder`, { body })).status).toBe(503);
    expect((await emu.control.actions())[0].position).toBe(100); // failed before touching state
    await emu.control.failNext({ route: reorderRoute, status: 500, afterCommit: true });
    expect((await api("PATCH", `/orgs/c/assistants/${a}/actions/reorder`, { body })).status).toBe(500);
    expect((await emu.control.actions())[0].position).toBe(300); // committed, answer lost
    await api("PUT", `/orgs/c/assistants/${a}/knowledge/contents/kc_x`);
    expect(await emu.control.requestCounts()).toEqual({
      [reorderRoute]: 2,
      "PUT /orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id": 1,
    });
    expect(await emu.control.writes()).toBe(3);
  });

  it("chaos applies to the new routes too", async () => {
    const a = await assistant();
    await emu.control.chaos({ seed: 1, rate: 1, kinds: ["5xx-before"] });
    expect([500, 502, 503]).toContain(
      (await api("POST", `/orgs/c/assistants/${a}/integrations`, { body: { integration_id: "internal" } }))
        .status,
    );
    await emu.control.chaos(null);
    expect(await emu.control.channels()).toEqual([]);
  });

  it("the per-IP limit counts the new routes", async () => {
    const a = await assistant();
    await emu.control.settings({ requestsPerMinute: 3 }); // the create above is the first
    expect((await api("GET", `/orgs/c/assistants/${a}/actions`)).status).toBe(200);
    expect((await api("GET", "/orgs/c/knowledge/contents")).status).toBe(200);
    expect((await api("GET", `/orgs/c/assistants/${a}/integrations`)).status).toBe(429);
  });
});

describe("control surface for the new kinds", () => {
  it("seeds, edits and deletes each kind out of band; drift shows through the API", async () => {
    const a = (await emu.control.seedAssistant(AGENCY_ORG_ID, { name: "Dashboard bot" })).id;
    const action = await emu.control.seedAction(AGENCY_ORG_ID, { assistant_id: a, name: "Seeded" });
    expect(action).toMatchObject({
      assistant_id: a,
      action_id: "TOOLS:WEB_SEARCH",
      position: 100,
      name: "Seeded",
    });
    const channel = await emu.control.seedChannel(AGENCY_ORG_ID, {
      assistant_id: a,
      integration_id: "slack_bot",
    });
    const content = await emu.control.seedKnowledgeContent(AGENCY_ORG_ID, { title: "Old doc" });
    expect(content).toMatchObject({ status: "PROCESSED", processing: null, chunks_count: 1 });
    const pending = await emu.control.seedKnowledgeContent(AGENCY_ORG_ID, { status: "PENDING" });
    const link = await emu.control.linkKnowledge(AGENCY_ORG_ID, a, content.id);
    expect(await emu.control.writes()).toBe(0);

    const got = (await api("GET", `/orgs/c/assistants/${a}`)).json;
    expect(ids(got.actions)).toEqual([action.id]);
    expect(got.integrations).toEqual([
      expect.objectContaining({ id: channel.id, integration_id: "slack_bot" }),
    ]);
    const listed = (await api("GET", `/orgs/c/assistants/${a}/knowledge/contents`)).json;
    expect(listed.map((c: { id: string; linked: boolean }) => [c.id, c.linked])).toEqual([
      [content.id, true],
      [pending.id, false],
    ]);
    now += 60_000; // a seeded status stays put
    expect((await api("GET", `/orgs/c/knowledge/contents/${pending.id}`)).json.status).toBe("PENDING");

    const edited = await emu.control.editAction(AGENCY_ORG_ID, action.id, { enabled: false });
    expect(edited.updated_at).not.toBe(action.updated_at);
    expect((await api("GET", `/orgs/c/assistants/${a}/actions/${action.id}`)).json.enabled).toBe(false);
    await emu.control.editChannel(AGENCY_ORG_ID, channel.id, { error: "Slack token revoked" });
    expect((await api("GET", `/orgs/c/assistants/${a}/integrations/${channel.id}`)).json.error).toBe(
      "Slack token revoked",
    );
    await emu.control.editKnowledgeContent(AGENCY_ORG_ID, pending.id, { status: "FAILED", error: "gone" });
    expect((await api("GET", `/orgs/c/knowledge/contents/${pending.id}`)).json).toMatchObject({
      status: "FAILED",
      error: "gone",
    });

    await emu.control.deleteKnowledgeLink(AGENCY_ORG_ID, link.id);
    expect(await emu.control.knowledgeLinks()).toEqual([]);
    await emu.control.deleteChannel(AGENCY_ORG_ID, channel.id);
    await emu.control.deleteAction(AGENCY_ORG_ID, action.id);
    expect((await api("GET", `/orgs/c/assistants/${a}`)).json).toMatchObject({
      actions: [],
      integrations: [],
    });
    await emu.control.deleteKnowledgeContent(AGENCY_ORG_ID, content.id);
    await expect(emu.control.deleteKnowledgeContent(AGENCY_ORG_ID, content.id)).rejects.toThrow(/404/);
  });

  it("refuses seeds without a parent in the org, and edits of id or org", async () => {
    const a = (await emu.control.seedAssistant(AGENCY_ORG_ID)).id;
    await expect(emu.control.seedAction(AGENCY_ORG_ID, {})).rejects.toThrow(
      /assistant_id must name an existing/,
    );
    await expect(emu.control.seedChannel(SUB_ORG_ID, { assistant_id: a })).rejects.toThrow(/400/);
    await expect(emu.control.linkKnowledge(AGENCY_ORG_ID, a, "kc_nope")).rejects.toThrow(/content_id/);
    const action = await emu.control.seedAction(AGENCY_ORG_ID, { assistant_id: a });
    await expect(emu.control.editAction(AGENCY_ORG_ID, action.id, { id: "act_x" })).rejects.toThrow(/400/);
    await expect(emu.control.editAction(SUB_ORG_ID, action.id, { enabled: false })).rejects.toThrow(/404/);
  });

  it("state and the generic calls show every kind; reset clears them", async () => {
    const a = (await emu.control.seedAssistant(AGENCY_ORG_ID)).id;
    await emu.control.seed("actions", AGENCY_ORG_ID, { assistant_id: a });
    await emu.control.seed("channels", AGENCY_ORG_ID, { assistant_id: a });
    const k = await emu.control.seed("knowledgeContents", SUB_ORG_ID, { title: "sub" });
    const state = await emu.control.state();
    expect(state.actions).toHaveLength(1);
    expect(state.channels).toHaveLength(1);
    expect(state.knowledgeContents).toEqual([expect.objectContaining({ id: k.id, org_id: SUB_ORG_ID })]);
    expect(state.knowledgeLinks).toEqual([]);
    expect(await emu.control.objects("knowledgeContents", AGENCY_ORG_ID)).toEqual([]);
    expect(await emu.control.objects("knowledgeContents", SUB_ORG_ID)).toHaveLength(1);
    const direct = await fetch(`${emu.url}/_emulator/orgs/${SUB_ORG_ID}/knowledgeContents/${k.id}`);
    expect(await direct.json()).toMatchObject({ id: k.id, title: "sub" });
    expect(state.settings).toMatchObject({
      channelGetById: true,
      knowledgeProcessingMs: 1000,
      knowledgeFailNext: 0,
      knowledgeFailReason: KNOWLEDGE_DEFAULT_FAILURE_REASON,
    });

    await emu.control.settings({ channelGetById: false, knowledgeProcessingMs: 5 });
    await emu.control.reset();
    const after = await emu.control.state();
    expect([after.actions, after.channels, after.knowledgeContents, after.knowledgeLinks]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    expect(after.settings).toMatchObject({ channelGetById: true, knowledgeProcessingMs: 1000 });
  });

  it("refuses bad settings for the new kinds", async () => {
    const res = await fetch(`${emu.url}/_emulator/settings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        channelGetById: "no",
        knowledgeProcessingMs: -1,
        knowledgeFailNext: 1.5,
        knowledgeFailReason: "",
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string[] }).message).toEqual([
      "channelGetById must be a boolean",
      "knowledgeProcessingMs must be an integer >= 0",
      "knowledgeFailNext must be an integer >= 0",
      "knowledgeFailReason must be a non-empty string",
    ]);
    const finish = await fetch(`${emu.url}/_emulator/knowledge/finish`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "PROCESSED" }),
    });
    expect(finish.status).toBe(400);
  });
});

describe("boards and contacts (from their descriptors)", () => {
  it("an assistant's boards name boards of the org, are replaced whole, and answer their segment in either shape", async () => {
    const a = await assistant();
    const board = await emu.control.seed("boards", AGENCY_ORG_ID, { name: "Sales pipeline" });
    await expect400(
      api("PATCH", `/orgs/c/assistants/${a}`, { body: { boards: [{ board_id: "brd_missing" }] } }),
      "boards[0].board_id must name an existing board",
    );
    await expect400(
      api("POST", "/orgs/c/assistants", { body: { name: "x", boards: [] } }),
      "property boards should not exist",
    );
    const set = await api("PATCH", `/orgs/c/assistants/${a}`, {
      body: { boards: [{ board_id: board.id, initial_segment_id: "seg_new" }] },
    });
    expect(set.json.boards).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(ID("abd_")),
        board_id: board.id,
        board_name: "Sales pipeline",
        initial_segment: { id: "seg_new", name: null },
      }),
    ]);
    await emu.control.settings({ boardsShape: "flat" });
    const flat = await api("GET", `/orgs/c/assistants/${a}`);
    expect(flat.json.boards[0]).toMatchObject({ initial_segment_id: "seg_new" });
    expect(flat.json.boards[0]).not.toHaveProperty("initial_segment");
    const cleared = await api("PATCH", `/orgs/c/assistants/${a}`, { body: { boards: [] } });
    expect(cleared.json.boards).toEqual([]);
    expect(API_ROUTES.filter((r) => r.includes("/boards"))).toEqual([]); // no board endpoint
  });

  it("contacts: create (email or phone), list with the documented filters and pages, get, update; no delete", async () => {
    const made = await api("POST", "/orgs/c/contacts", {
      body: { channel: { name: "Ann", email: "ann@example.com" }, segment_ids: ["seg_vip"] },
    });
    expect(made.json).toMatchObject({
      id: expect.stringMatching(ID("ctc_")),
      name: "Ann",
      blocked: false,
      unsubscribed: false,
      segments: [{ id: "seg_vip" }],
      channels: [expect.objectContaining({ email: "ann@example.com", type: "custom" })],
    });
    expect(made.json).not.toHaveProperty("ai_replies_disabled");
    await expect400(
      api("POST", "/orgs/c/contacts", { body: { channel: { name: "x" } } }),
      "channel.email or channel.phone is required",
    );
    for (let i = 0; i < 4; i++)
      await emu.control.seed("contacts", AGENCY_ORG_ID, {
        name: `Bob ${i}`,
        blocked: i === 0,
        unsubscribed: i === 1,
        ai_replies_disabled: i === 2,
      });
    const names = async (query: string) =>
      ((await api("GET", `/orgs/c/contacts?${query}`)).json as { name: string }[]).map((c) => c.name);
    expect(await names("status=ALL")).toEqual(["Ann", "Bob 0", "Bob 1", "Bob 2", "Bob 3"]);
    expect(await names("status=SUBSCRIBED")).toEqual(["Ann", "Bob 2", "Bob 3"]);
    expect(await names("status=BLOCKED")).toEqual(["Bob 0"]);
    expect(await names("status=UNSUBSCRIBED")).toEqual(["Bob 1"]);
    expect(await names("status=AI_REPLIES_DISABLED")).toEqual(["Bob 2"]);
    expect(await names("search=ANN%40")).toEqual(["Ann"]);
    expect(await names("segment_id=seg_vip")).toEqual(["Ann"]);
    expect(await names("take=2&page=3")).toEqual(["Bob 3"]);
    await expect400(
      api("GET", "/orgs/c/contacts?status=VIP"),
      "status must be one of the following values: ALL, SUBSCRIBED, UNSUBSCRIBED, BLOCKED, AI_REPLIES_DISABLED",
    );
    const board = await emu.control.seed("boards", AGENCY_ORG_ID, { column_ids: ["seg_vip"] });
    expect(await names(`exclude_board_id=${board.id}`)).not.toContain("Ann");
    const got = await api("GET", `/orgs/c/contacts/${made.json.id}`);
    expect(got.json.name).toBe("Ann");
    const blocked = await api("PATCH", `/orgs/c/contacts/${made.json.id}`, { body: { blocked: true } });
    expect(blocked.json).toMatchObject({ blocked: true, blocked_at: expect.any(String) });
    expect((await api("DELETE", `/orgs/c/contacts/${made.json.id}`)).status).toBe(404);
    await emu.control.settings({ contactGetById: false });
    expect((await api("GET", `/orgs/c/contacts/${made.json.id}`)).status).toBe(404);
  });

  it("ignoredBodyFields: a valid body whose named field the server silently drops; bad values refused", async () => {
    await emu.control.settings({ ignoredBodyFields: ["assistants.config.instructions"] });
    const res = await api("POST", "/orgs/c/assistants", {
      body: { name: "x", config: { instructions: "Hi" } },
    });
    expect(res.json.config.instructions).toBe("");
    const bad = await fetch(`${emu.url}/_emulator/settings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ignoredBodyFields: ["widgets.name"] }),
    });
    expect(bad.status).toBe(400);
  });
});
