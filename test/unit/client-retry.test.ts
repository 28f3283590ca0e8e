import { rejection } from "../support/rejection";
import { InventClient } from "../../provider/client";
import { ConnectionError, RateLimitedError, ServerError } from "../../provider/errors";
import { Logger } from "../../provider/log";
import { FakeClock } from "../support/fake-clock";
import { scriptedServer, ScriptedReply } from "../support/scripted-server";

/** Retries over real sockets (a scripted loopback server), where undici's RetryAgent really pauses bodies. */
async function setup(
  script: ScriptedReply[],
  extra: Partial<ConstructorParameters<typeof InventClient>[0]> = {},
) {
  const server = await scriptedServer(script);
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: () => {} };
  const client = new InventClient({
    apiKey: "inv_test_k",
    baseUrl: server.url,
    logger,
    minRetryDelayMs: 1,
    maxRetryDelayMs: 50,
    ...extra,
  });
  return { server, client, lines, done: async () => (await client.close(), await server.close()) };
}

describe("InventClient retries (real sockets)", () => {
  test("429 is retried, even for POST, after Retry-After; the wait is reported", async () => {
    const t = await setup([
      { status: 429, body: { statusCode: 429, message: "slow" }, headers: { "retry-after": "0" } },
      { body: { id: "ast_2" } },
    ]);
    await expect(t.client.post("/assistants", { name: "x" })).resolves.toEqual({ id: "ast_2" });
    expect(t.server.received.map((r) => r.body)).toEqual(['{"name":"x"}', '{"name":"x"}']);
    expect(t.lines.join("\n")).toMatch(
      /POST \/orgs\/c\/assistants answered 429; retry 1\/5 in .*Retry-After/,
    );
    await t.done();
  });

  test("5xx on GET is retried with backoff and gives up with a ServerError after maxRetries", async () => {
    const t = await setup([{ status: 503, body: "upstream down" }], { maxRetries: 2 });
    const err = await rejection(t.client.get("/assistants/ast_1"));
    expect(err).toBeInstanceOf(ServerError);
    expect(err.message).toContain("GET /orgs/c/assistants/ast_1 failed with 503: upstream down");
    expect(t.server.received).toHaveLength(3);
    expect(t.lines).toHaveLength(2);
    await t.done();
  });

  test("5xx on POST is sent once: the API has no idempotency key", async () => {
    const t = await setup([{ status: 500, body: { message: "boom" } }, { body: { id: "x" } }]);
    await expect(t.client.post("/assistants", {})).rejects.toBeInstanceOf(ServerError);
    expect(t.server.received).toHaveLength(1);
    await t.done();
  });

  test("PATCH and DELETE are idempotent and retried on 5xx", async () => {
    const t = await setup([{ status: 502 }, { body: { id: "ast_1" } }]);
    await expect(t.client.patch("/assistants/ast_1", { name: "y" })).resolves.toEqual({ id: "ast_1" });
    expect(t.server.received.map((r) => r.method)).toEqual(["PATCH", "PATCH"]);
    await t.done();
  });

  test("a per-minute 429 is waited out beyond the per-wait cap and wait budget; the last one surfaces with the hint", async () => {
    const clock = new FakeClock();
    const t = await setup([{ status: 429, headers: { "retry-after": "50" } }], {
      retryBudgetMs: 1500,
      maxRetryDelayMs: 5000,
      maxRateLimitRetries: 3,
      clock,
    });
    const err = await clock.run(rejection(t.client.get("/x")));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterSeconds).toBe(50);
    expect(err.message).toMatch(
      /Rate limited; the server asks to wait 50s\. The API allows 500 requests per minute/,
    );
    expect(t.server.received).toHaveLength(4); // three waits of 50 s, then the error
    expect(clock.now() - Date.UTC(2025, 5, 1, 12)).toBeGreaterThanOrEqual(150_000);
    await t.done();
  });

  test("a 429 with a 50 s Retry-After on a GET is waited out and succeeds (real sockets, fake clock)", async () => {
    const clock = new FakeClock();
    const t = await setup([{ status: 429, headers: { "retry-after": "50" } }, { body: { id: "ast_1" } }], {
      clock,
    });
    await expect(clock.run(t.client.get("/assistants/ast_1"))).resolves.toEqual({ id: "ast_1" });
    expect(t.server.received).toHaveLength(2);
    expect(t.lines).toEqual([
      expect.stringMatching(/answered 429; retry 1\/5 in 50\.\ds \(server asked via Retry-After\)/),
    ]);
    await t.done();
  });

  test("an hour-long Retry-After on POST /assistants fails at once, naming the creation limit and the time", async () => {
    const clock = new FakeClock();
    const t = await setup([{ status: 429, headers: { "retry-after": "3600" } }], { clock });
    const err = await rejection(t.client.post("/assistants", { name: "x" }));
    expect(err.message).toMatch(
      /POST \/orgs\/c\/assistants failed with 429.*wait 3600s.*limited to 10 per hour per org; the next one can be created after 2025-06-01 13:00:00 UTC/,
    );
    expect(t.server.received).toHaveLength(1);
    await t.done();
  });

  test("a dropped connection on GET is retried; on POST it is reported as possibly applied", async () => {
    const t = await setup([{ destroy: true }, { body: { ok: 1 } }]);
    await expect(t.client.get("/x")).resolves.toEqual({ ok: 1 });
    await t.done();
    const p = await setup([{ destroy: true }, { body: { ok: 1 } }]);
    const err = await rejection(p.client.post("/x", {}));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain("may or may not have taken effect");
    expect(p.server.received).toHaveLength(1);
    await p.done();
  });

  test("a refused connection is safe to retry and names the base URL when it gives up", async () => {
    const client = new InventClient({
      apiKey: "k",
      baseUrl: "http://127.0.0.1:9",
      maxRetries: 1,
      minRetryDelayMs: 1,
    });
    const err = await rejection(client.post("/x", {}));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain("http://127.0.0.1:9");
    expect(err.message).not.toContain("may or may not");
    await client.close();
  });
});
