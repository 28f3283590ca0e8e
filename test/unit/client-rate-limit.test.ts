/**
 * Rate limiting on a fake clock: the server's per-minute limit is waited out (shared by every request), the
 * hourly creation limit fails fast, waits are reported once per period, and the client's own window never
 * lets the server see more than the ceiling.
 */
import { MockAgent } from "undici";
import { ASSUMPTIONS } from "../../provider/assumptions";
import { InventClient, RequestRateLimiter } from "../../provider/client";
import { RateLimitedError } from "../../provider/errors";
import { Logger } from "../../provider/log";
import { FakeClock, settle } from "../support/fake-clock";
import { rejection } from "../support/rejection";

const BASE = "https://api.invent.test";

function setup(extra: Partial<ConstructorParameters<typeof InventClient>[0]> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const clock = new FakeClock();
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: () => {} };
  const client = new InventClient({
    apiKey: "inv_test_k",
    baseUrl: BASE,
    dispatcher: agent,
    logger,
    clock,
    ...extra,
  });
  return { pool: agent.get(BASE), client, clock, lines };
}

/** Whether `p` has settled yet, without waiting for it. */
function tracked<T>(p: Promise<T>) {
  const state = { settled: false };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

const tooMany = { statusCode: 429, message: "ThrottlerException: Too Many Requests" };

describe("the per-minute limit is waited out", () => {
  test("a 429 with a 50 s Retry-After on a GET is waited out (beyond the 30 s per-wait cap) and succeeds", async () => {
    const { pool, client, clock, lines } = setup({ retryBudgetMs: 1_000 });
    const path = "/orgs/c/assistants/ast_1";
    pool.intercept({ path, method: "GET" }).reply(429, tooMany, { headers: { "retry-after": "50" } });
    pool.intercept({ path, method: "GET" }).reply(200, { id: "ast_1" });
    const p = client.get("/assistants/ast_1");
    const state = tracked(p);
    await clock.advance(49_900);
    expect(state.settled).toBe(false);
    await clock.advance(500);
    await expect(p).resolves.toEqual({ id: "ast_1" });
    expect(lines).toEqual([
      expect.stringMatching(
        /^GET \/orgs\/c\/assistants\/ast_1 answered 429; retry 1\/5 in 50\.\ds \(server asked via Retry-After\)/,
      ),
    ]);
  });

  test("per-minute waits do not spend the ordinary retry budget: a 503 after them is still retried", async () => {
    const { pool, client, clock } = setup({ maxRetries: 1, retryBudgetMs: 1_000, minRetryDelayMs: 10 });
    const path = "/orgs/c/assistants";
    pool.intercept({ path, method: "GET" }).reply(429, tooMany, { headers: { "retry-after": "40" } });
    pool.intercept({ path, method: "GET" }).reply(429, tooMany, { headers: { "retry-after": "40" } });
    pool.intercept({ path, method: "GET" }).reply(503, "down");
    pool.intercept({ path, method: "GET" }).reply(200, []);
    const p = client.get("/assistants");
    await clock.advance(100_000);
    await expect(p).resolves.toEqual([]);
  });

  test("a 429 without Retry-After on a GET backs off and succeeds; after maxRateLimitRetries it fails", async () => {
    const ok = setup();
    ok.pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(429, tooMany).times(3);
    ok.pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(200, []);
    const p = ok.client.get("/assistants");
    await ok.clock.advance(60_000);
    await expect(p).resolves.toEqual([]);
    expect(ok.lines.join("\n")).toContain("no Retry-After; backing off");

    const bad = setup({ maxRateLimitRetries: 2 });
    bad.pool.intercept({ path: "/orgs/c/assistants", method: "GET" }).reply(429, tooMany).times(3);
    const q = rejection(bad.client.get("/assistants"));
    await bad.clock.advance(60_000);
    const err = await q;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.limit).toBe("requests-per-minute");
  });

  test("a Retry-After given as an HTTP date is read against the server's Date header", async () => {
    const { pool, client, clock } = setup();
    const path = "/orgs/c/connections";
    const serverNow = clock.now() - 3_600_000; // the server's clock is an hour behind ours
    const headers = {
      date: new Date(serverNow).toUTCString(),
      "retry-after": new Date(serverNow + 20_000).toUTCString(),
    };
    pool.intercept({ path, method: "GET" }).reply(429, tooMany, { headers });
    pool.intercept({ path, method: "GET" }).reply(200, []);
    const state = tracked(client.get("/connections"));
    await clock.advance(19_000);
    expect(state.settled).toBe(false);
    await clock.advance(1_500);
    expect(state.settled).toBe(true);
  });
});

describe("the hourly creation limit fails fast and is named only for creation", () => {
  test("a 429 with a 3600 s Retry-After on POST /assistants fails at once, naming the limit and the time", async () => {
    const { pool, client, clock, lines } = setup();
    pool
      .intercept({ path: "/orgs/c/assistants", method: "POST" })
      .reply(429, tooMany, { headers: { "retry-after": "3600" } });
    const started = clock.now();
    const err = await rejection(client.post("/assistants", { name: "x" }));
    expect(clock.now()).toBe(started); // nothing waited
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toContain("POST /orgs/c/assistants failed with 429");
    expect(err.message).toContain("the server asks to wait 3600s");
    expect(err.message).toContain(
      `Assistant creation is limited to ${ASSUMPTIONS.assistantCreatesPerHour} per hour per org`,
    );
    expect(err.message).toContain("the next one can be created after 2025-06-01 13:00:00 UTC");
    expect(err.limit).toBe("assistant-creation");
    expect(err.retryAt?.toISOString()).toBe("2025-06-01T13:00:00.000Z");
    expect(lines).toEqual([]);
  });

  test.each([
    ["GET", "/assistants", "/orgs/c/assistants"],
    ["POST", "/connections", "/orgs/c/connections"],
    ["POST", "/assistants/ast_1/rotate-secret-key", "/orgs/c/assistants/ast_1/rotate-secret-key"],
    ["PATCH", "/assistants/ast_1", "/orgs/c/assistants/ast_1"],
  ])("a 429 on %s %s names the per-minute request limit, not creation", async (method, path, full) => {
    const { pool, client } = setup();
    pool.intercept({ path: full, method }).reply(429, tooMany, { headers: { "retry-after": "7200" } });
    const err = await rejection(client.request(method, path, { body: method === "GET" ? undefined : {} }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.limit).toBe("requests-per-minute");
    expect(err.message).toContain(`${ASSUMPTIONS.requestsPerMinute} requests per minute per client IP`);
    expect(err.message).not.toMatch(/creat|per hour/i);
  });

  test("a short Retry-After on a creation is waited out for that request only", async () => {
    const { pool, client, clock } = setup();
    pool
      .intercept({ path: "/orgs/c/assistants", method: "POST" })
      .reply(429, tooMany, { headers: { "retry-after": "30" } });
    pool.intercept({ path: "/orgs/c/assistants", method: "POST" }).reply(200, { id: "ast_9" });
    pool.intercept({ path: "/orgs/c/connections", method: "GET" }).reply(200, []);
    const create = client.post("/assistants", { name: "x" });
    await clock.advance(1_000);
    // The org's creation limit holds creations, not the other requests of the process.
    await expect(client.get("/connections")).resolves.toEqual([]);
    await clock.advance(30_000);
    await expect(create).resolves.toEqual({ id: "ast_9" });
  });
});

describe("waits are reported once per period and shared by the process", () => {
  test("50 concurrent requests hitting a 429 produce one line with the count, and all wait it out", async () => {
    const { pool, client, clock, lines } = setup();
    const path = (p: string) => p.startsWith("/orgs/c/assistants/ast_");
    pool
      .intercept({ path, method: "GET" })
      .reply(429, tooMany, { headers: { "retry-after": "42" } })
      .times(50);
    pool.intercept({ path, method: "GET" }).reply(200, { ok: true }).times(51);
    const calls = Array.from({ length: 50 }, (_, i) => client.get(`/assistants/ast_${i}`));
    await clock.advance(1_000);
    expect(lines).toEqual(["rate limited: 50 requests waiting 42s (server asked via Retry-After)"]);

    // The pause is the process's: a request started now waits for it too, though it never saw a 429.
    const late = tracked(client.get("/assistants/ast_late"));
    await clock.advance(40_000);
    expect(late.settled).toBe(false);
    await clock.advance(1_500);
    expect(late.settled).toBe(true);
    await expect(Promise.all(calls)).resolves.toHaveLength(50);
    expect(lines).toHaveLength(1);
  });

  test("the client's own waits are one line per window, not one per request", async () => {
    const { pool, client, clock, lines } = setup({ requestsPerMinute: 10 });
    pool
      .intercept({ path: () => true, method: "GET" })
      .reply(200, {})
      .persist();
    const calls = Array.from({ length: 30 }, (_, i) => client.get(`/assistants/ast_${i}`));
    await clock.advance(4 * 61_000);
    await expect(Promise.all(calls)).resolves.toHaveLength(30);
    // 9 per window (10 less the margin): 21, then 12, then 3 waiting; one line for each window.
    expect(lines).toEqual([
      "rate limit: 21 requests waiting to stay under 10 requests/minute; the next starts in 61s",
      expect.stringMatching(
        /^rate limit: 12 requests waiting to stay under 10 requests\/minute; the next starts in 6\ds$/,
      ),
      expect.stringMatching(/^rate limit: 3 requests waiting .*the next starts in 6\ds$/),
    ]);
  });

  test("a single wait names its request", async () => {
    const { pool, client, clock, lines } = setup({ requestsPerMinute: 1 });
    pool
      .intercept({ path: () => true, method: "GET" })
      .reply(200, {})
      .persist();
    const calls = [client.get("/a"), client.get("/b")];
    await clock.advance(62_000);
    await Promise.all(calls);
    expect(lines).toEqual(["GET /orgs/c/b: waiting 61s to stay under 1 requests/minute"]);
  });
});

describe("RequestRateLimiter", () => {
  test("the client keeps the documented margin under the ceiling", () => {
    const client = new InventClient({ apiKey: "k", dispatcher: new MockAgent() });
    expect(client.limiter.perMinute).toBe(495);
    expect(client.limiter.perMinute).toBeLessThan(ASSUMPTIONS.requestsPerMinute);
  });

  /** A small seeded generator, so a failure can be replayed. */
  function random(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "never lets more than the limit arrive in any 60 s window (seed %d)",
    async (seed) => {
      const rnd = random(seed);
      const clock = new FakeClock();
      const limit = 5 + Math.floor(rnd() * 20);
      const limiter = new RequestRateLimiter(limit, clock.now, { sleep: clock.sleep });
      const arrivals: number[] = [];
      let answered = 0;
      const total = limit * 4 + Math.floor(rnd() * limit);
      // Requests start at random times; each arrives somewhere between admission and its answer, which may
      // come late (a slow server, a queue for a connection): the server counts at arrival.
      for (let i = 0; i < total; i++) {
        void clock.sleep(rnd() * 150_000).then(async () => {
          const slot = await limiter.acquire(`r${i}`, rnd() < 0.2);
          const latency = rnd() < 0.1 ? rnd() * 40_000 : rnd() * 2_000;
          const arrival = clock.now() + rnd() * latency;
          void clock.sleep(arrival - clock.now()).then(() => arrivals.push(clock.now()));
          await clock.sleep(latency);
          slot.release();
          answered++;
        });
      }
      // Now and then the server says to pause everyone.
      void clock
        .sleep(rnd() * 100_000)
        .then(() => limiter.pause(clock.now() + rnd() * 30_000, { line: "", why: "test" }));
      for (let t = 0; t < 20 && answered < total; t++) await clock.advance(60_000);
      expect(answered).toBe(total);
      arrivals.sort((a, b) => a - b);
      for (let i = 0; i < arrivals.length; i++) {
        const inWindow = arrivals.filter((a) => a >= arrivals[i] && a < arrivals[i] + 60_000).length;
        expect(inWindow).toBeLessThanOrEqual(limit);
      }
    },
  );

  test("tryAcquire still answers how long to wait when the window is full", async () => {
    const clock = new FakeClock();
    const limiter = new RequestRateLimiter(2, clock.now, { sleep: clock.sleep });
    expect([limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([0, 0]);
    expect(limiter.tryAcquire()).toBe(60_000);
    limiter.pause(clock.now() + 90_000, { line: "", why: "test" });
    await clock.advance(60_000);
    expect(limiter.tryAcquire()).toBe(30_000); // the server's pause outlasts the window
    await settle();
  });
});
