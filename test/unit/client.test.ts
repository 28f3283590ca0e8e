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
    [418, "<html>teapot</html>", Error, "<html>teapot</html>"],
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

  test("pagination without headers stops at the first short page", async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: "/orgs/c/connections?page=1&take=100", method: "GET" })
      .reply(200, [{ id: "con_1" }]);
    await expect(client.listAll("/connections")).resolves.toEqual([{ id: "con_1" }]);
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
