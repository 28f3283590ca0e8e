import { rejection } from "../support/rejection";
import { MockAgent } from "undici";
import { InventClient } from "../../provider/client";
import { AuthenticationError, NotFoundError, ServerError, ValidationError } from "../../provider/errors";
import { withSettingsHint } from "../../provider/config";
import { Logger } from "../../provider/log";

const BASE = "https://api.invent.test";
const KEY = "inv_test_key_that_must_never_leak_0001";

function setup(extra: Partial<ConstructorParameters<typeof InventClient>[0]> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: () => {} };
  const client = new InventClient({
    apiKey: KEY,
    baseUrl: BASE,
    dispatcher: agent,
    logger,
    minRetryDelayMs: 1,
    maxRetryDelayMs: 20,
    ...extra,
  });
  return { agent, pool: agent.get(BASE), client, lines };
}

describe("InventClient (MockAgent)", () => {
  test("sends bearer auth and JSON to the org path; parses JSON", async () => {
    const { pool, client } = setup({ orgId: "org_abc" });
    pool
      .intercept({
        path: "/orgs/org_abc/assistants",
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "x" }),
      })
      .reply(200, { id: "ast_1", name: "x" });
    await expect(client.post("/assistants", { name: "x" })).resolves.toEqual({ id: "ast_1", name: "x" });
  });

  test("a per-call org overrides the client's", async () => {
    const { pool, client } = setup();
    pool.intercept({ path: "/orgs/org_sub/assistants/ast_1", method: "GET" }).reply(200, { id: "ast_1" });
    await expect(client.get("/assistants/ast_1", { org: "org_sub" })).resolves.toEqual({ id: "ast_1" });
  });

  test("5xx on POST is not retried: the API has no idempotency key", async () => {
    const { pool, client, lines } = setup();
    pool
      .intercept({ path: "/orgs/c/assistants", method: "POST" })
      .reply(500, { statusCode: 500, message: "boom" });
    await expect(client.post("/assistants", {})).rejects.toBeInstanceOf(ServerError);
    expect(lines).toHaveLength(0);
  });

  test.each([
    [
      400,
      {
        statusCode: 400,
        message: ["name must be shorter than or equal to 1024 characters"],
        error: "Bad Request",
      },
      ValidationError,
      "name must be shorter",
    ],
    [
      401,
      { statusCode: 401, message: "Unauthorized" },
      AuthenticationError,
      "Check the API key: it may be wrong or revoked",
    ],
    [404, { statusCode: 404, message: "Not Found" }, NotFoundError, "check orgId"],
    [418, "<html><title>I am a teapot</title><body>…</body></html>", Error, ": I am a teapot ("],
    [400, { error: { status: 400, message: "name is too long" } }, ValidationError, ": name is too long ("],
  ])(
    "status %d becomes a typed error naming method, path, status and the fix",
    async (status, body, type, words) => {
      const { pool, client } = setup();
      pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(status, body as object);
      const err = await rejection(client.get("/assistants"));
      expect(err).toBeInstanceOf(type);
      expect(err.message).toContain(`GET /orgs/c/assistants failed with ${status}`);
      expect(err.message).toContain(words);
      expect(err.status).toBe(status);
    },
  );

  test("the API key never appears in an error, even when the server echoes it", async () => {
    const { pool, client } = setup();
    pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(401, { message: `bad key ${KEY}` });
    const err = await rejection(client.get("/assistants"));
    expect(err.message).not.toContain(KEY);
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect(err.message).toContain("[redacted]");
  });

  test("pagination walks pages of take=100 until pagination-count", async () => {
    const { pool, client } = setup();
    const page = (n: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `ast_${n}_${i}` }));
    const headers = { "pagination-count": "230" };
    pool
      .intercept({ path: "/orgs/c/assistants?page=1&take=100", method: "GET" })
      .reply(200, page(1, 100), { headers });
    pool
      .intercept({ path: "/orgs/c/assistants?page=2&take=100", method: "GET" })
      .reply(200, page(2, 100), { headers });
    pool
      .intercept({ path: "/orgs/c/assistants?page=3&take=100", method: "GET" })
      .reply(200, page(3, 30), { headers });
    const all = await client.listAll<{ id: string }>("/assistants");
    expect(all).toHaveLength(230);
    expect(all[229].id).toBe("ast_3_29");
  });

  test("pagination without headers reads on to an empty page: one page alone proves nothing", async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: "/orgs/c/connections?page=1&take=100", method: "GET" })
      .reply(200, [{ id: "con_1" }]);
    pool.intercept({ path: "/orgs/c/connections?page=2&take=100", method: "GET" }).reply(200, []);
    await expect(client.listAll("/connections")).resolves.toEqual([{ id: "con_1" }]);
  });

  test("a server that pages by 20 without saying so is read to the end, not stopped after 20", async () => {
    const { pool, client } = setup();
    const page = (n: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `con_${n}_${i}` }));
    for (const [n, count] of [
      [1, 20],
      [2, 20],
      [3, 7],
    ])
      pool
        .intercept({ path: `/orgs/c/connections?page=${n}&take=100`, method: "GET" })
        .reply(200, page(n, count));
    // Page 3 is shorter than a page the server gave: the last one, with no fourth call.
    await expect(client.listAll("/connections")).resolves.toHaveLength(47);
  });

  test("pagination-take, when the server states it, ends the listing at its first short page", async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: "/orgs/c/connections?page=1&take=100", method: "GET" })
      .reply(200, [{ id: "con_1" }], { headers: { "pagination-take": "50" } });
    await expect(client.listAll("/connections")).resolves.toEqual([{ id: "con_1" }]);
  });

  test("an envelope {data: [...]} is read as the list; a body that is no list is an error, never empty", async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: "/orgs/c/connections?page=1&take=100", method: "GET" })
      .reply(200, { data: [{ id: "con_1" }] }, { headers: { "pagination-count": "1" } });
    await expect(client.listAll("/connections")).resolves.toEqual([{ id: "con_1" }]);
    pool.intercept({ path: "/orgs/c/connections?page=1&take=100", method: "GET" }).reply(200, { total: 3 });
    const err = await rejection(client.listAll("/connections"));
    expect(err.message).toContain("answered no list (a JSON object with keys total)");
  });

  test("a server that ignores `page` (the same items again) fails the listing instead of looping", async () => {
    const { pool, client } = setup();
    const same = Array.from({ length: 100 }, (_, i) => ({ id: `con_${i}` }));
    pool.intercept({ path: "/orgs/c/connections?page=1&take=100", method: "GET" }).reply(200, same);
    pool.intercept({ path: "/orgs/c/connections?page=2&take=100", method: "GET" }).reply(200, same);
    const err = await rejection(client.listAll("/connections"));
    expect(err.message).toContain("answered page 2 with the items of page 1");
  });
});

describe("exchange: the same retries, and the final answer whatever its status", () => {
  test("a 429 is waited out, then the 404 and its body are returned, not thrown", async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: "/orgs/c/assistants/ast_x", method: "GET" })
      .reply(429, { message: "slow down" }, { headers: { "retry-after": "0" } });
    pool
      .intercept({ path: "/orgs/c/assistants/ast_x", method: "GET" })
      .reply(404, { error: { message: "no such assistant" } });
    const answer = await client.exchange("GET", "/assistants/ast_x");
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { message: "no such assistant" } });
    expect(answer.text).toContain("no such assistant");
  });
});

describe("errors carry the request id and leave Pulumi settings to the provider layer", () => {
  test("the id sent as x-request-id is on the error and in its message; the server's own wins", async () => {
    const { pool, client } = setup();
    let sent: string | undefined;
    pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(404, (opts) => {
      sent = (opts.headers as Record<string, string>)["x-request-id"];
      return { statusCode: 404, message: "Not Found" };
    });
    const err = await rejection(client.get("/assistants"));
    expect(err.requestId).toBe(sent);
    expect(err.message).toContain(`(request id ${sent})`);
    pool
      .intercept({ path: "/orgs/c/assistants", method: "GET" })
      .reply(404, { statusCode: 404 }, { headers: { "x-request-id": "srv-123" } });
    expect((await rejection(client.get("/assistants"))).requestId).toBe("srv-123");
  });

  test("the provider layer names where the key comes from; the client does not", async () => {
    const { pool, client } = setup();
    pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(401, { statusCode: 401 });
    const err = await rejection(client.get("/assistants"));
    expect(err.message).not.toContain("invent:apiKey");
    expect((withSettingsHint(err) as Error).message).toContain(
      "invent:apiKey (stack config) or INVENT_API_KEY",
    );
  });
});
