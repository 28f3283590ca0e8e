/** The emulator itself, exercised over real HTTP on loopback. */
import { request } from "node:http";
import {
  AGENCY_KEY,
  AGENCY_ORG_ID,
  OTHER_ORG_ID,
  OTHER_ORG_KEY,
  SUB_ORG_ID,
  SUB_ORG_KEY,
  startEmulator,
  type RunningEmulator,
} from "./server";
import { emulatorApi, type Res } from "./test-api";
import { DEFAULT_ASSISTANT_CONFIG, DRIFT_CONVERSATION_FIELD, DRIFT_TOP_LEVEL_FIELD } from "./assumptions";

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

const createAssistant = (body: Record<string, unknown> = { name: "Support" }, org = "c", key = AGENCY_KEY) =>
  api("POST", `/orgs/${org}/assistants`, { key, body });

const NO_FAULTS = { "429": 0, "5xx-before": 0, "5xx-after": 0, "reset-before": 0, "reset-after": 0 };

const ID = (prefix: string) => new RegExp(`^${prefix}[0-9A-Za-z]{22}$`);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("auth", () => {
  it("answers 401 without a key, with an unknown key and with a non-Bearer scheme", async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: "Bearer inv_test_nope" },
      { authorization: `Basic ${AGENCY_KEY}` },
    ];
    for (const headers of variants) {
      const res = await fetch(`${emu.url}/orgs/c/assistants`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ statusCode: 401, message: "Unauthorized", error: "Unauthorized" });
    }
  });
});

describe("Date header", () => {
  it("every answer carries Date from the emulator clock: API, errors, injected faults, control", async () => {
    // Clients read the server's time from Date, so it must agree with created_at under a fake clock.
    now = T0 + 90_500;
    const expected = "Wed, 01 May 2024 12:01:30 GMT";
    const created = await createAssistant();
    expect(created.headers.get("date")).toBe(expected);
    expect(created.json.created_at).toBe("2024-05-01T12:01:30Z");
    expect((await api("GET", "/orgs/c/assistants", { key: null })).headers.get("date")).toBe(expected);
    expect((await api("GET", "/orgs/c/widgets")).headers.get("date")).toBe(expected);
    await emu.control.failNext({ status: 503 });
    const injected = await api("GET", "/orgs/c/assistants");
    expect(injected.status).toBe(503);
    expect(injected.headers.get("date")).toBe(expected);
    expect((await fetch(`${emu.url}/_emulator/state`)).headers.get("date")).toBe(expected);
    // Exactly one Date header (node:http adds its own only when none is set).
    const raw = await new Promise<string[]>((resolve, reject) => {
      request(
        `${emu.url}/orgs/c/assistants`,
        { headers: { authorization: `Bearer ${AGENCY_KEY}` } },
        (res) => {
          res.resume();
          resolve(res.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "date"));
        },
      )
        .on("error", reject)
        .end();
    });
    expect(raw).toHaveLength(1);
  });

  it("follows the real clock by default", async () => {
    const real = await startEmulator();
    try {
      const res = await fetch(`${real.url}/orgs/c/assistants`, {
        headers: { authorization: `Bearer ${AGENCY_KEY}` },
      });
      expect(Math.abs(Date.parse(res.headers.get("date") ?? "") - Date.now())).toBeLessThan(5_000);
    } finally {
      await real.stop();
    }
  });
});

describe("org scoping", () => {
  it("`c` is the key's own org, and an agency key reaches its sub-org by id", async () => {
    const own = await createAssistant({ name: "Agency bot" });
    const sub = await createAssistant({ name: "Client bot" }, SUB_ORG_ID);
    expect([own.status, sub.status]).toEqual([200, 200]);

    const stored = await emu.control.assistants();
    expect(stored.find((a) => a.id === own.json.id)?.org_id).toBe(AGENCY_ORG_ID);
    expect(stored.find((a) => a.id === sub.json.id)?.org_id).toBe(SUB_ORG_ID);

    // The agency's `c` never means the sub-org.
    expect((await api("GET", "/orgs/c/assistants")).json.map((a: { id: string }) => a.id)).toEqual([
      own.json.id,
    ]);
    expect((await api("GET", `/orgs/c/assistants/${sub.json.id}`)).status).toBe(404);
    expect((await api("GET", `/orgs/${SUB_ORG_ID}/assistants/${sub.json.id}`)).json.name).toBe("Client bot");
    expect((await api("GET", `/orgs/${AGENCY_ORG_ID}/assistants/${own.json.id}`)).status).toBe(200);
  });

  it("a sub-org key reaches only its sub-org; other orgs and unknown orgs answer 404", async () => {
    const sub = await createAssistant({ name: "Client bot" }, SUB_ORG_ID);
    const viaC = await api("GET", "/orgs/c/assistants", { key: SUB_ORG_KEY });
    expect(viaC.json.map((a: { id: string }) => a.id)).toEqual([sub.json.id]);
    expect(
      (await api("GET", `/orgs/${SUB_ORG_ID}/assistants/${sub.json.id}`, { key: SUB_ORG_KEY })).status,
    ).toBe(200);

    const denied = await api("GET", `/orgs/${AGENCY_ORG_ID}/assistants`, { key: SUB_ORG_KEY });
    expect(denied.status).toBe(404);
    expect(denied.json).toMatchObject({ statusCode: 404, error: "Not Found" });
    expect((await api("GET", `/orgs/${SUB_ORG_ID}/assistants`, { key: OTHER_ORG_KEY })).status).toBe(404);
    expect((await api("GET", `/orgs/${OTHER_ORG_ID}/assistants`)).status).toBe(404);
    expect((await api("POST", `/orgs/${OTHER_ORG_ID}/assistants`, { body: { name: "x" } })).status).toBe(404);
    expect((await api("GET", "/orgs/org_0000000000000000000000/assistants")).status).toBe(404);
    expect(await emu.control.assistants(OTHER_ORG_ID)).toEqual([]);
  });
});

describe("assistants", () => {
  it("creates with the documented shape and every config default filled", async () => {
    const res = await createAssistant({ name: "Support", config: { instructions: "Be kind." } });
    expect(res.status).toBe(200);
    const a = res.json;
    expect(a.id).toMatch(ID("ast_"));
    expect(a).toMatchObject({
      name: "Support",
      enabled: true,
      deleted: false,
      secret_key: null,
      avatar_url: null,
      integrations: [],
      actions: [],
      boards: [],
      created_at: "2024-05-01T12:00:00Z",
      updated_at: "2024-05-01T12:00:00Z",
      [DRIFT_TOP_LEVEL_FIELD]: 0,
    });
    expect(a.created_at).toMatch(TIMESTAMP);
    expect(a.config).toEqual({
      ...DEFAULT_ASSISTANT_CONFIG,
      instructions: "Be kind.",
      conversation: { ...DEFAULT_ASSISTANT_CONFIG.conversation, [DRIFT_CONVERSATION_FIELD]: false },
    });
    expect(a.config).toMatchObject({
      language: "auto",
      knowledge_scope: "all",
      timezone: "UTC",
      conversation: { thread_mode: "new" },
    });
    expect(typeof a.config.stt.model).toBe("string");
    expect(typeof a.config.tts.voice_id).toBe("string");
    // avatar_id is write-only
    expect(a).not.toHaveProperty("avatar_id");
  });

  it("mints a secret_key on request and derives avatar_url from avatar_id", async () => {
    const a = (
      await createAssistant({ name: "S", generate_secret_key: true, avatar_id: "av1", enabled: false })
    ).json;
    expect(a.secret_key).toEqual(expect.any(String));
    expect(a.secret_key).toMatch(/^ask_/); // the emulator's own prefix, never a live Stripe-style key
    expect(a.avatar_url).toContain("av1");
    expect(a.enabled).toBe(false);
    const [stored] = await emu.control.assistants();
    expect(stored.secret_key).toBe(a.secret_key);
    expect(stored.avatar_id).toBe("av1");
  });

  it("omits drift fields when extraResponseFields is off, and rejects the drift config key then", async () => {
    await emu.control.settings({ extraResponseFields: false });
    const a = (await createAssistant()).json;
    expect(a).not.toHaveProperty(DRIFT_TOP_LEVEL_FIELD);
    expect(a.config.conversation).not.toHaveProperty(DRIFT_CONVERSATION_FIELD);
    const res = await api("PATCH", `/orgs/c/assistants/${a.id}`, {
      body: { config: { conversation: { [DRIFT_CONVERSATION_FIELD]: true } } },
    });
    expect(res.status).toBe(400);
  });

  it("PATCH deep-merges config, replaces arrays and bumps updated_at on every write", async () => {
    const a = (
      await createAssistant({
        name: "Support",
        config: {
          language: "en",
          conversation: { welcome_banner: "Hi", suggested_messages: ["a", "b"], enable_memories: false },
        },
      })
    ).json;

    const p1 = await api("PATCH", `/orgs/c/assistants/${a.id}`, {
      body: { config: { conversation: { enable_memories: true, suggested_messages: ["c"] } } },
    });
    expect(p1.status).toBe(200);
    expect(p1.json.name).toBe("Support");
    expect(p1.json.config.language).toBe("en");
    expect(p1.json.config.conversation).toMatchObject({
      welcome_banner: "Hi",
      enable_memories: true,
      suggested_messages: ["c"],
      thread_mode: "new",
    });
    // The clock is frozen, yet updated_at still moves forward on each write.
    expect(p1.json.updated_at).not.toBe(a.updated_at);
    expect(p1.json.created_at).toBe(a.created_at);

    const p2 = await api("PATCH", `/orgs/c/assistants/${a.id}`, { body: {} });
    expect(p2.status).toBe(200);
    expect(Date.parse(p2.json.updated_at)).toBeGreaterThan(Date.parse(p1.json.updated_at));
    expect(p2.json.updated_at).toMatch(TIMESTAMP);

    const got = await api("GET", `/orgs/c/assistants/${a.id}`);
    expect(got.json).toEqual(p2.json);
  });

  it("rotate-secret-key returns the assistant with a new secret", async () => {
    const a = (await createAssistant({ name: "S", generate_secret_key: true })).json;
    const r = await api("POST", `/orgs/c/assistants/${a.id}/rotate-secret-key`);
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(a.id);
    expect(r.json.secret_key).toEqual(expect.any(String));
    expect(r.json.secret_key).not.toBe(a.secret_key);
    expect(r.json.updated_at).not.toBe(a.updated_at);
    expect((await emu.control.assistants())[0].secret_key).toBe(r.json.secret_key);
  });

  it("soft delete: GET answers deleted:true, lists omit it, further writes answer 404", async () => {
    const a = (await createAssistant()).json;
    const del = await api("DELETE", `/orgs/c/assistants/${a.id}`);
    expect(del.status).toBe(200);
    expect(del.json.deleted).toBe(true);

    const got = await api("GET", `/orgs/c/assistants/${a.id}`);
    expect(got.status).toBe(200);
    expect(got.json.deleted).toBe(true);
    expect((await api("GET", "/orgs/c/assistants")).json).toEqual([]);
    expect((await api("PATCH", `/orgs/c/assistants/${a.id}`, { body: { name: "x" } })).status).toBe(404);
    expect((await api("DELETE", `/orgs/c/assistants/${a.id}`)).status).toBe(404);
    expect((await emu.control.assistants())[0]).toMatchObject({ id: a.id, deleted: true });
  });

  it("hard delete (softDelete: false): GET answers 404 and the object is gone", async () => {
    await emu.control.settings({ softDelete: false });
    const a = (await createAssistant()).json;
    expect((await api("DELETE", `/orgs/c/assistants/${a.id}`)).status).toBe(200);
    const got = await api("GET", `/orgs/c/assistants/${a.id}`);
    expect(got.status).toBe(404);
    expect(got.json).toEqual({ statusCode: 404, message: "Assistant not found", error: "Not Found" });
    expect(await emu.control.assistants()).toEqual([]);
  });

  it("unknown ids, unknown routes and wrong methods answer JSON 404", async () => {
    expect((await api("GET", "/orgs/c/assistants/ast_0000000000000000000000")).status).toBe(404);
    const route = await api("GET", "/orgs/c/widgets");
    expect(route.status).toBe(404);
    expect(route.json).toMatchObject({ statusCode: 404, error: "Not Found" });
    expect((await api("PUT", "/orgs/c/assistants/ast_0000000000000000000000", { body: {} })).status).toBe(
      404,
    );
  });
});

describe("validation", () => {
  async function expect400(res: Promise<Res>, ...fragments: string[]): Promise<string[]> {
    const { status, json } = await res;
    expect(status).toBe(400);
    expect(json).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(Array.isArray(json.message)).toBe(true);
    for (const fragment of fragments)
      expect(json.message.some((m: string) => m.includes(fragment))).toBe(true);
    return json.message;
  }

  it("requires a name of 1..1024 chars", async () => {
    expect(await expect400(createAssistant({}))).toEqual(["name should not be empty"]);
    await expect400(createAssistant({ name: "" }), "name must be longer than or equal to 1");
    await expect400(
      createAssistant({ name: "x".repeat(1025) }),
      "name must be shorter than or equal to 1024",
    );
    await expect400(createAssistant({ name: 7 }), "name must be a string");
    expect((await createAssistant({ name: "x".repeat(1024) })).status).toBe(200);
  });

  it("rejects unknown and read-only keys at top level and in config", async () => {
    const messages = await expect400(
      createAssistant({
        name: "x",
        id: "ast_x",
        color: "red",
        config: { foo: 1, conversation: { bar: true } },
      }),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        "property id should not exist",
        "property color should not exist",
        "property config.foo should not exist",
        "property config.conversation.bar should not exist",
      ]),
    );
  });

  it("checks types and enums, naming the field", async () => {
    await expect400(
      createAssistant({
        name: "x",
        enabled: "yes",
        config: {
          language: "English",
          knowledge_scope: "some",
          timezone: "Mars/Olympus",
          instructions: "x".repeat(100_001),
          stt: "whisper",
          conversation: { thread_mode: "forever", suggested_messages: ["ok", 3], enable_auto_csat: 1 },
        },
      }),
      "enabled must be a boolean",
      "config.language must be",
      "config.knowledge_scope must be one of the following values: all, selected",
      "config.timezone must be a valid IANA time zone",
      "config.instructions must be shorter than or equal to 100000",
      "config.stt must be an object",
      "config.conversation.thread_mode must be one of the following values: new, continue",
      "config.conversation.suggested_messages[1] must be a string",
      "config.conversation.enable_auto_csat must be a boolean",
    );
    const ok = await createAssistant({
      name: "x",
      config: { language: "pt-BR", knowledge_scope: "selected", timezone: "Europe/Paris" },
    });
    expect(ok.status).toBe(200);
    expect(await emu.control.assistants()).toHaveLength(1);
  });

  it("PATCH validates too, and generate_secret_key is create-only", async () => {
    const a = (await createAssistant()).json;
    await expect400(
      api("PATCH", `/orgs/c/assistants/${a.id}`, { body: { name: "", generate_secret_key: true } }),
      "name must be longer than or equal to 1",
      "property generate_secret_key should not exist",
    );
    expect((await api("GET", `/orgs/c/assistants/${a.id}`)).json.updated_at).toBe(a.updated_at);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await api("POST", "/orgs/c/assistants", { raw: "{not json" });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(typeof res.json.message).toBe("string");
    await expect400(api("POST", "/orgs/c/assistants", { raw: "[1]" }), "body must be an object");
  });
});

describe("pagination", () => {
  it("pages in creation order with pagination headers", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await emu.control.seedAssistant(AGENCY_ORG_ID, { name: `a${i}` })).id);

    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await api("GET", `/orgs/c/assistants?page=${page}&take=10`);
      expect(res.status).toBe(200);
      expect(res.headers.get("pagination-count")).toBe("25");
      expect(res.headers.get("pagination-page")).toBe(String(page));
      expect(res.headers.get("pagination-take")).toBe("10");
      pages.push(res.json.map((a: { id: string }) => a.id));
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(ids);

    const dflt = await api("GET", "/orgs/c/assistants");
    expect(dflt.json).toHaveLength(20);
    expect(dflt.headers.get("pagination-take")).toBe("20");
    expect(dflt.headers.get("pagination-page")).toBe("1");
    expect((await api("GET", "/orgs/c/assistants?page=4&take=10")).json).toEqual([]);
  });

  it("rejects take > 100 and malformed page/take with 400", async () => {
    const res = await api("GET", "/orgs/c/assistants?take=101");
    expect(res.status).toBe(400);
    expect(res.json.message).toEqual(["take must not be greater than 100"]);
    expect((await api("GET", "/orgs/c/assistants?take=100")).status).toBe(200);
    expect((await api("GET", "/orgs/c/connections?take=0")).status).toBe(400);
    expect((await api("GET", "/orgs/c/connections?page=abc")).json.message).toEqual([
      "page must be an integer number",
    ]);
  });

  it("paginates connections the same way", async () => {
    for (let i = 0; i < 3; i++)
      await api("POST", "/orgs/c/connections", {
        body: { type: "MCP", name: `m${i}`, config: { url: "u" } },
      });
    const res = await api("GET", "/orgs/c/connections?page=2&take=2");
    expect(res.json.map((c: { name: string }) => c.name)).toEqual(["m2"]);
    expect(res.headers.get("pagination-count")).toBe("3");
  });
});

describe("rate limits", () => {
  it("allows 10 assistant creations per org per hour, then 429 with Retry-After", async () => {
    for (let i = 0; i < 10; i++) {
      now = T0 + i * 60_000;
      expect((await createAssistant({ name: `a${i}` })).status).toBe(200);
    }
    // Failed creations do not use the quota; this one is refused by the limit before validation.
    now = T0 + 30 * 60_000;
    const limited = await createAssistant({ name: "one too many" });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
    // The oldest creation (T0) leaves the hour window at T0 + 60 min: 30 minutes from now.
    expect(limited.headers.get("retry-after")).toBe("1800");

    // Per org: the sub-org still has its own quota.
    expect((await createAssistant({ name: "client" }, SUB_ORG_ID)).status).toBe(200);

    now = T0 + 60 * 60_000 + 1;
    expect((await createAssistant({ name: "later" })).status).toBe(200);
    expect((await createAssistant({ name: "again" })).status).toBe(429);
  });

  it("does not count invalid creations toward the hourly quota", async () => {
    await emu.control.settings({ assistantCreatesPerHour: 1 });
    expect((await createAssistant({})).status).toBe(400);
    expect((await createAssistant({ name: "ok" })).status).toBe(200);
    expect((await createAssistant({ name: "no" })).status).toBe(429);
  });

  it("limits requests per minute per client IP across routes, 401s included", async () => {
    await emu.control.settings({ requestsPerMinute: 5 });
    expect((await api("GET", "/orgs/c/assistants", { key: null })).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await api("GET", "/orgs/c/assistants")).status).toBe(200);
    now += 20_000;
    expect((await api("GET", "/orgs/c/connections")).status).toBe(200);

    const limited = await api("GET", "/orgs/c/connections");
    expect(limited.status).toBe(429);
    expect(limited.json.statusCode).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("40");

    await emu.control.settings({ retryAfterSeconds: false });
    const bare = await api("GET", "/orgs/c/assistants");
    expect(bare.status).toBe(429);
    expect(bare.headers.get("retry-after")).toBeNull();

    now = T0 + 60_001;
    expect((await api("GET", "/orgs/c/assistants")).status).toBe(200);
  });
});

describe("connections", () => {
  const telegram = {
    type: "TELEGRAM",
    name: "Support bot",
    config: { bot_token: "123456:ABCDEFsecretTAIL", chat: { api_key: "key_abcdefgh1234" }, region: "eu" },
  };

  it("creates with defaults and masks credentials in every response, storing the real value", async () => {
    const res = await api("POST", "/orgs/c/connections", { body: telegram });
    expect(res.status).toBe(200);
    const c = res.json;
    expect(c.id).toMatch(ID("con_"));
    expect(c).toMatchObject({
      type: "TELEGRAM",
      name: "Support bot",
      external_name: null,
      external_id: null,
      status: "ACTIVE",
      status_error: null,
      config: { auth_method: "MANUAL", bot_token: "****TAIL", chat: { api_key: "****1234" }, region: "eu" },
    });
    expect(c.created_at).toMatch(TIMESTAMP);
    expect((await api("GET", `/orgs/c/connections/${c.id}`)).json.config.bot_token).toBe("****TAIL");
    expect((await api("GET", "/orgs/c/connections")).json[0].config.chat.api_key).toBe("****1234");
    const [stored] = await emu.control.connections(AGENCY_ORG_ID);
    expect(stored.config).toEqual({ ...telegram.config, auth_method: "MANUAL" });
  });

  it("PATCH merges config, keeps write-only secrets, and refuses type", async () => {
    const c = (await api("POST", "/orgs/c/connections", { body: telegram })).json;
    const bad = await api("PATCH", `/orgs/c/connections/${c.id}`, { body: { type: "MCP" } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toEqual(["property type should not exist"]);

    const ok = await api("PATCH", `/orgs/c/connections/${c.id}`, {
      body: { name: null, config: { region: "us" } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.name).toBeNull();
    expect(ok.json.config).toMatchObject({ region: "us", bot_token: "****TAIL" });
    expect(ok.json.updated_at).not.toBe(c.updated_at);
    expect((await emu.control.connections())[0].config.bot_token).toBe(telegram.config.bot_token);
  });

  it("validates type and config, and refuses browser-consent types", async () => {
    const bad = await api("POST", "/orgs/c/connections", { body: { type: "FAX", config: {} } });
    expect(bad.status).toBe(400);
    expect(bad.json.message[0]).toMatch(/^type must be one of the following values: SCHEDULER, /);
    const missing = await api("POST", "/orgs/c/connections", { body: { name: "x" } });
    expect(missing.json.message).toEqual(["type should not be empty", "config should not be empty"]);
    const gmail = await api("POST", "/orgs/c/connections", { body: { type: "GMAIL", config: {} } });
    expect(gmail.status).toBe(400);
    expect(gmail.json.message[0]).toContain("browser");
    expect(await emu.control.connections()).toEqual([]);
  });

  it("DELETE is hard: GET answers 404 afterwards", async () => {
    const c = (await api("POST", "/orgs/c/connections", { body: { type: "MCP", config: { url: "x" } } }))
      .json;
    expect((await api("DELETE", `/orgs/c/connections/${c.id}`)).status).toBe(200);
    expect((await api("GET", `/orgs/c/connections/${c.id}`)).status).toBe(404);
    expect((await api("DELETE", `/orgs/c/connections/${c.id}`)).status).toBe(404);
  });
});

describe("control surface", () => {
  it("counts API requests by route template and logs them; control calls are not counted", async () => {
    const a = (await createAssistant()).json;
    await api("PATCH", `/orgs/c/assistants/${a.id}`, { body: { name: "n" } });
    await api("PATCH", `/orgs/c/assistants/${a.id}`, { body: { name: "" } });
    await api("GET", `/orgs/c/assistants/${a.id}`);
    await api("DELETE", `/orgs/c/assistants/${a.id}`);
    await emu.control.state();

    expect(await emu.control.requestCounts()).toEqual({
      "POST /orgs/:org_id/assistants": 1,
      "PATCH /orgs/:org_id/assistants/:id": 2,
      "GET /orgs/:org_id/assistants/:id": 1,
      "DELETE /orgs/:org_id/assistants/:id": 1,
    });
    expect(await emu.control.count("PATCH /orgs/:org_id/assistants/:id")).toBe(2);
    expect(await emu.control.writes()).toBe(4);
    const log = await emu.control.requestLog();
    expect(log.map((e) => e.status)).toEqual([200, 200, 400, 200, 200]);
    expect(log[1]).toMatchObject({
      method: "PATCH",
      route: "PATCH /orgs/:org_id/assistants/:id",
      path: `/orgs/c/assistants/${a.id}`,
      at: new Date(T0).toISOString(),
    });

    await emu.control.resetRequests();
    expect(await emu.control.requests()).toEqual({ counts: {}, log: [], faults: NO_FAULTS });
  });

  it("state shows orgs, keys, soft-deleted assistants and unmasked connections", async () => {
    const a = (await createAssistant({ name: "gone" })).json;
    await api("DELETE", `/orgs/c/assistants/${a.id}`);
    await api("POST", "/orgs/c/connections", {
      body: { type: "STRIPE", config: { api_key: "rk_test_abcdef123456" } },
    });
    const state = await emu.control.state();
    expect(state.orgs.map((o) => o.id)).toEqual([AGENCY_ORG_ID, SUB_ORG_ID, OTHER_ORG_ID]);
    expect(state.orgs[1].parentId).toBe(AGENCY_ORG_ID);
    expect(state.keys).toHaveLength(3);
    expect(state.assistants).toEqual([
      expect.objectContaining({ id: a.id, deleted: true, org_id: AGENCY_ORG_ID }),
    ]);
    expect(state.connections[0].config.api_key).toBe("rk_test_abcdef123456");
    expect(state.settings.softDelete).toBe(true);
  });

  it("out-of-band edits and deletes show up through the API", async () => {
    const a = (await createAssistant({ name: "orig", config: { language: "en" } })).json;
    const edited = await emu.control.editAssistant(AGENCY_ORG_ID, a.id, {
      name: "changed in dashboard",
      config: { conversation: { welcome_banner: "drift" } },
    });
    expect(edited.updated_at).not.toBe(a.updated_at);
    const got = (await api("GET", `/orgs/c/assistants/${a.id}`)).json;
    expect(got.name).toBe("changed in dashboard");
    expect(got.config.language).toBe("en");
    expect(got.config.conversation.welcome_banner).toBe("drift");
    expect(got.updated_at).toBe(edited.updated_at);

    await emu.control.deleteAssistant(AGENCY_ORG_ID, a.id);
    expect((await api("GET", `/orgs/c/assistants/${a.id}`)).status).toBe(404);

    const c = (await api("POST", "/orgs/c/connections", { body: { type: "MCP", config: { url: "a" } } }))
      .json;
    await emu.control.editConnection(AGENCY_ORG_ID, c.id, { status: "INACTIVE", status_error: "revoked" });
    expect((await api("GET", `/orgs/c/connections/${c.id}`)).json).toMatchObject({
      status: "INACTIVE",
      status_error: "revoked",
    });
    await emu.control.deleteConnection(AGENCY_ORG_ID, c.id);
    expect((await api("GET", `/orgs/c/connections/${c.id}`)).status).toBe(404);
    await expect(emu.control.deleteConnection(AGENCY_ORG_ID, c.id)).rejects.toThrow(/404/);
  });

  it("seeds browser-only connections for adoption", async () => {
    const seeded = await emu.control.seedConnection(SUB_ORG_ID, {
      type: "GMAIL",
      external_name: "me@x.test",
    });
    const got = await api("GET", `/orgs/${SUB_ORG_ID}/connections/${seeded.id}`);
    expect(got.json).toMatchObject({
      type: "GMAIL",
      external_name: "me@x.test",
      config: { auth_method: "MANUAL" },
    });
    expect(await emu.control.writes()).toBe(0);
  });

  it("failNext fails matching requests before touching state", async () => {
    await emu.control.failNext({ count: 2, status: 503, route: "POST /orgs/:org_id/assistants" });
    expect((await api("GET", "/orgs/c/assistants")).status).toBe(200); // other route unaffected
    const first = await createAssistant();
    expect(first.status).toBe(503);
    expect(first.json).toMatchObject({ statusCode: 503 });
    expect((await createAssistant()).status).toBe(503);
    expect(await emu.control.assistants()).toEqual([]);
    expect((await createAssistant()).status).toBe(200);
    expect(await emu.control.assistants()).toHaveLength(1);
    expect((await emu.control.requestLog()).filter((e) => e.injected)).toHaveLength(2);
  });

  it("failNext skip lets the first matching requests through", async () => {
    await emu.control.failNext({ route: "GET /orgs/:org_id/assistants", status: 500, skip: 1, count: 2 });
    expect((await api("GET", "/orgs/c/assistants")).status).toBe(200);
    expect((await api("GET", "/orgs/c/assistants")).status).toBe(500);
    expect((await api("GET", "/orgs/c/assistants")).status).toBe(500);
    expect((await api("GET", "/orgs/c/assistants")).status).toBe(200);
    await expect(emu.control.failNext({ skip: -1 })).rejects.toThrow(/skip must be an integer/);
  });

  it("failNext afterCommit loses the response but keeps the change", async () => {
    await emu.control.failNext({ status: 500, afterCommit: true });
    const res = await createAssistant({ name: "ghost" });
    expect(res.status).toBe(500);
    expect((await emu.control.assistants()).map((a) => a.name)).toEqual(["ghost"]);
  });

  it("failNext can drop the connection, before or after commit", async () => {
    await emu.control.failNext({ route: "POST /orgs/:org_id/assistants", dropConnection: true });
    await expect(createAssistant({ name: "never" })).rejects.toThrow();
    expect(await emu.control.assistants()).toEqual([]);

    await emu.control.failNext({ dropConnection: true, afterCommit: true });
    await expect(createAssistant({ name: "committed" })).rejects.toThrow();
    expect((await emu.control.assistants()).map((a) => a.name)).toEqual(["committed"]);
    expect((await emu.control.requestLog()).map((e) => e.status)).toEqual([0, 0]);
  });

  it("injected 429s carry Retry-After; bad fault specs are refused", async () => {
    await emu.control.failNext({ status: 429, retryAfter: 7 });
    const res = await api("GET", "/orgs/c/assistants");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    await expect(emu.control.failNext({ route: "POST /orgs/:org_id/widgets" })).rejects.toThrow(/400/);
    expect(await emu.control.pendingFaults()).toEqual([]);
  });

  it("reset wipes objects, counters, limiter windows, faults and restores settings", async () => {
    await emu.control.settings({ softDelete: false, requestsPerMinute: 2 });
    await createAssistant();
    await createAssistant();
    await emu.control.failNext({ count: 5 });
    await emu.control.reset();
    const state = await emu.control.state();
    expect(state.assistants).toEqual([]);
    expect(state.settings).toMatchObject({ softDelete: true, requestsPerMinute: 500 });
    expect(await emu.control.requests()).toEqual({ counts: {}, log: [], faults: NO_FAULTS });
    expect(await emu.control.pendingFaults()).toEqual([]);
    expect((await createAssistant()).status).toBe(200);
  });
});

describe("the other shapes: every response shape the docs leave open is a switch", () => {
  const TEXT = "Q: Do you ship abroad?\nA: Yes.";
  const makeContent = () =>
    api("POST", "/orgs/c/knowledge/contents", {
      body: { title: "FAQ", content: { type: "TEXT", text: TEXT } },
    });

  it("knowledgeTextAt: the text in content.text, at the top level, or nowhere; list items per listItemsWhole", async () => {
    const made = await makeContent();
    expect(made.json.content).toEqual({ type: "TEXT", text: TEXT });
    await emu.control.settings({ knowledgeTextAt: "top-level" });
    const top = await api("GET", `/orgs/c/knowledge/contents/${made.json.id}`);
    expect([top.json.text, top.json.content]).toEqual([TEXT, { type: "TEXT" }]);
    await emu.control.settings({ knowledgeTextAt: "none", listItemsWhole: false });
    const none = await api("GET", `/orgs/c/knowledge/contents/${made.json.id}`);
    expect([none.json.text, none.json.content]).toEqual([undefined, { type: "TEXT" }]);
    await emu.control.settings({ knowledgeTextAt: "top-level" });
    const [item] = (await api("GET", "/orgs/c/knowledge/contents")).json;
    expect([item.text, item.content]).toEqual([undefined, { type: "TEXT" }]); // a summary listing
  });

  it.each([
    ["nested", { error: { status: 404, message: "Assistant not found" } }],
    ["errors", { errors: [{ message: "Assistant not found" }] }],
    ["problem", { type: "about:blank", title: "Not Found", status: 404, detail: "Assistant not found" }],
  ] as const)("errorBody %s", async (style, body) => {
    await emu.control.settings({ errorBody: style });
    const res = await api("GET", "/orgs/c/assistants/ast_0000000000000000000000");
    expect([res.status, res.json]).toEqual([404, body]);
  });

  it("pages: no pagination headers, a silent cap on take, a {data} envelope", async () => {
    for (let i = 0; i < 5; i++) await createAssistant({ name: `A${i}` });
    await emu.control.settings({ paginationHeaders: false, pageSizeCap: 2, listEnvelope: "data" });
    const res = await api("GET", "/orgs/c/assistants?page=3&take=100");
    expect(res.json.data.map((a: { name: string }) => a.name)).toEqual(["A4"]);
    expect(res.headers.get("pagination-count")).toBeNull();
  });

  it("deleted objects in lists, 204 deletes, 201 creates", async () => {
    await emu.control.settings({ listIncludesDeleted: true, deleteAnswer: "empty", createStatus: 201 });
    const made = await createAssistant();
    expect(made.status).toBe(201);
    const gone = await api("DELETE", `/orgs/c/assistants/${made.json.id}`);
    expect([gone.status, gone.json]).toEqual([204, undefined]);
    const [item] = (await api("GET", "/orgs/c/assistants")).json;
    expect(item).toMatchObject({ id: made.json.id, deleted: true });
  });

  it("credentials omitted instead of masked; the link list holds only linked contents, without a flag", async () => {
    await emu.control.settings({ credentialsInResponses: "omitted", linkListing: "linked-only" });
    const con = await api("POST", "/orgs/c/connections", {
      body: { type: "STRIPE", config: { api_key: "sk_test_omitted_0001", region: "eu" } },
    });
    expect(con.json.config).not.toHaveProperty("api_key");
    expect(con.json.config.region).toBe("eu");
    const a = await createAssistant();
    const linked = await makeContent();
    await makeContent();
    await api("PUT", `/orgs/c/assistants/${a.json.id}/knowledge/contents/${linked.json.id}`);
    const list = (await api("GET", `/orgs/c/assistants/${a.json.id}/knowledge/contents`)).json;
    expect(list.map((c: { id: string; linked?: boolean }) => [c.id, c.linked])).toEqual([
      [linked.json.id, undefined],
    ]);
  });

  it("a setting with a wrong value is refused naming its rule", async () => {
    await expect(emu.control.settings({ pageSizeCap: -1 })).rejects.toThrow(
      /pageSizeCap must be an integer >= 0/,
    );
    await expect(emu.control.settings({ errorBody: "xml" as unknown as "nest" })).rejects.toThrow(
      /errorBody must be \\"nest\\" or \\"plain\\" or \\"nested\\" or \\"errors\\" or \\"problem\\"/,
    );
  });
});
