/**
 * Exactly-once creation against the emulator over real HTTP, with its fault injection: a lost answer is
 * recovered as the one object the request made, an object that existed before the request is never taken,
 * and an outcome that stays unknown is recorded (a placeholder id) instead of forgotten, then resolved by a
 * refresh or a delete.
 */
import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { InventClient } from "../../provider/client";
import { RateLimitedError } from "../../provider/errors";
import {
  CREATE_ATTEMPT_KEY,
  createExactlyOnce,
  UNKNOWN_OUTCOME_PREFIX,
  UnknownOutcomeError,
} from "../../provider/schema/create";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness();

const POST = "POST /orgs/:org_id/assistants";
const LIST = "GET /orgs/:org_id/assistants";
const support = { name: "Support", instructions: "Answer shipping questions." };
const live = async () => (await h.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);
const provider = () => h.provider(assistantSpec);

describe("a lost answer is recovered as the object the request made, and only that one", () => {
  test("500 after commit: the object is adopted, exactly one exists", async () => {
    await h.control.failNext({ route: POST, status: 500, afterCommit: true });
    const { id } = await provider().create({ ...support });
    expect((await live()).map((a) => a.id)).toEqual([id]);
    expect(h.logs.join("\n")).toMatch(/the failed request did create ast_\w+; using it/);
  });

  test("a dropped connection after commit: adopted, exactly one exists", async () => {
    await h.control.failNext({ route: POST, dropConnection: true, afterCommit: true });
    const { id } = await provider().create({ ...support });
    expect((await live()).map((a) => a.id)).toEqual([id]);
  });

  test("a lost answer with a same-named object made by hand a minute before: ours is adopted, theirs untouched", async () => {
    const theirs = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
    await h.control.failNext({ route: POST, status: 502, afterCommit: true });
    const { id } = await provider().create({ ...support });
    expect(id).not.toBe(theirs.id);
    expect((await live()).map((a) => a.id).sort()).toEqual([theirs.id, id].sort());
    const stored = (await live()).find((a) => a.id === theirs.id)!;
    expect(stored.config.instructions).toBe(theirs.config.instructions);
  });

  test("a lost answer where an identical object already existed: the existing one is never taken", async () => {
    const first = await provider().create({ ...support });
    await h.control.failNext({ route: POST, status: 503, afterCommit: true });
    const second = await provider().create({ ...support });
    expect(second.id).not.toBe(first.id);
    expect(await live()).toHaveLength(2);
  });

  test("the re-sent POST also loses its answer: still exactly one object", async () => {
    await h.control.failNext({ route: POST, status: 503 });
    await h.control.failNext({ route: POST, status: 502, afterCommit: true });
    const { id } = await provider().create({ ...support });
    expect((await live()).map((a) => a.id)).toEqual([id]);
    expect(await h.control.count(POST)).toBe(2);
  });
});

test("the creates of one run share the listing taken before them; a lost answer is still recovered", async () => {
  const p = provider();
  await Promise.all(["A", "B", "C"].map((n) => p.create({ name: n })));
  await h.control.failNext({ route: POST, status: 502, afterCommit: true });
  const d = await p.create({ name: "D" });
  expect(await h.control.count(LIST)).toBe(2); // one shared listing, one check after the lost answer
  expect(await h.control.count(POST)).toBe(4);
  expect((await live()).map((a) => a.name).sort()).toEqual(["A", "B", "C", "D"]);
  expect((await live()).find((a) => a.name === "D")!.id).toBe(d.id);
});

describe("a failure before the server acted makes a new object, whatever else exists", () => {
  test("503 before commit with a same-named object present: a new object is created", async () => {
    const theirs = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
    await h.control.failNext({ route: POST, status: 503 });
    const { id } = await provider().create({ ...support });
    expect(id).not.toBe(theirs.id);
    expect(await live()).toHaveLength(2);
    expect(h.logs.join("\n")).toMatch(/already has an object with this name \(ast_\w+/);
    expect(h.logs.join("\n")).toMatch(/the failed request made nothing; sending it again \(attempt 2\/3\)/);
  });

  test("two same-named resources of one stack, a 503 on the second: two objects, two ids", async () => {
    const a = await provider().create({ name: "Support", instructions: "Twin A" });
    await h.control.failNext({ route: POST, status: 503 });
    const b = await provider().create({ name: "Support", instructions: "Twin B" });
    expect(b.id).not.toBe(a.id);
    expect((await live()).map((x) => x.config.instructions).sort()).toEqual(["Twin A", "Twin B"]);
  });

  test("two same-named connections (test and live keys), a 503 on the second: two connections", async () => {
    const p = h.provider(connectionSpec);
    const a = await p.create({ type: "STRIPE", name: "Billing", config: { apiKey: "sk_test_aaaa1111" } });
    await h.control.failNext({ route: "POST /orgs/:org_id/connections", status: 503 });
    const b = await p.create({ type: "STRIPE", name: "Billing", config: { apiKey: "sk_test_bbbb2222" } });
    expect(b.id).not.toBe(a.id);
    expect(await h.control.connections(AGENCY_ORG_ID)).toHaveLength(2);
  });

  test("three failures before commit: a plain error saying nothing was made, and nothing exists", async () => {
    await h.control.failNext({ route: POST, status: 503, count: 3 });
    const err = await rejection(provider().create({ ...support }));
    expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    expect(err.message).toMatch(/failed 3 times and made nothing/);
    expect(await live()).toEqual([]);
  });

  test("a 4xx is not retried and makes nothing", async () => {
    await h.control.failNext({ route: POST, status: 400 });
    const err = await rejection(provider().create({ ...support }));
    expect(err.message).toMatch(/failed with 400/);
    expect(await h.control.count(POST)).toBe(1);
  });
});

describe("an outcome that stays unknown is recorded, never forgotten and never duplicated", () => {
  async function unknownCreate() {
    await h.control.failNext({ route: POST, status: 502, afterCommit: true });
    // The verifying listing fails too (1 attempt + 5 retries of the client); the listing before the POST does not.
    await h.control.failNext({ route: LIST, status: 500, count: 6, skip: 1 });
    return rejection<UnknownOutcomeError>(provider().create({ ...support }));
  }

  test("the error says the outcome is unknown, what to look for, and carries a placeholder id", async () => {
    const err = await unknownCreate();
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(err.message).toMatch(/Assistant "Support": the outcome of the create is unknown/);
    expect(err.message).toMatch(/created at or after \d{4}-\d\d-\d\dT[\d:.]+Z \(server time\)/);
    expect(err.message).toMatch(/run `pulumi refresh`/);
    expect(err.message).not.toMatch(/retry later|check the network/i);
    expect(err.id.startsWith(UNKNOWN_OUTCOME_PREFIX)).toBe(true);
    expect(err.properties).toMatchObject({ ...support, orgId: "c", [CREATE_ATTEMPT_KEY]: { before: [] } });
    expect(await live()).toHaveLength(1); // the object exists; state will hold the placeholder
  });

  test("diff and update refuse a placeholder, naming the fix", async () => {
    const err = await unknownCreate();
    await expect(provider().diff(err.id, err.properties, { ...support })).rejects.toThrow(
      /outcome is still unknown.*Run `pulumi refresh`/s,
    );
    await expect(provider().update(err.id, err.properties, { ...support })).rejects.toThrow(/still unknown/);
  });

  test("refresh records the object the attempt made under its real id", async () => {
    const err = await unknownCreate();
    const [made] = await live();
    const res = await provider().read(err.id, err.properties);
    expect(res.id).toBe(made.id);
    expect(res.inputs).toEqual(support);
    expect(res.props).not.toHaveProperty(CREATE_ATTEMPT_KEY);
  });

  test("refresh forgets an attempt that made nothing", async () => {
    const err = await unknownCreate();
    const [made] = await live();
    await h.control.deleteAssistant(AGENCY_ORG_ID, made.id);
    expect(await provider().read(err.id, err.properties)).toEqual({});
  });

  test("refresh never takes an object that existed before the attempt", async () => {
    await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
    await h.control.failNext({ route: POST, status: 503 }); // not created
    await h.control.failNext({ route: LIST, status: 500, count: 6, skip: 1 });
    const err = await rejection<UnknownOutcomeError>(provider().create({ ...support }));
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(await provider().read(err.id, err.properties)).toEqual({});
  });

  test("destroy deletes the object the attempt made, leaving nothing behind", async () => {
    const err = await unknownCreate();
    await provider().delete(err.id, err.properties);
    expect(await live()).toEqual([]);
  });

  test("several matching new objects: an error naming each, never a guess", async () => {
    // Two identical resources created at once, both answers lost after the server acted: neither create can
    // tell which object is its own.
    await h.control.failNext({ route: POST, status: 502, afterCommit: true, count: 2 });
    const errs = await Promise.all([
      rejection<UnknownOutcomeError>(provider().create({ ...support })),
      rejection<UnknownOutcomeError>(provider().create({ ...support })),
    ]);
    for (const err of errs) {
      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect(err.message).toMatch(/2 new objects match it.*ast_\w+ \(created .*ast_\w+ \(created/);
    }
    await expect(provider().read(errs[0].id, errs[0].properties)).rejects.toThrow(/2 objects match it/);
    // Once the user keeps one, refresh records it.
    const [extra, kept] = await live();
    await h.control.deleteAssistant(AGENCY_ORG_ID, extra.id);
    expect((await provider().read(errs[0].id, errs[0].properties)).id).toBe(kept.id);
  });
});

describe("the hourly creation budget", () => {
  test("a plan that creates more assistants in one org than the hourly limit is warned once at check", async () => {
    const p = provider();
    for (let i = 0; i < 12; i++) await p.check({}, { name: `A${i}` });
    // Existing resources (check with their old inputs) are not creations.
    await p.check({ name: "old", __provider: "stub" }, { name: "old" });
    const warnings = h.logs.filter((l) => l.includes("this plan creates more than"));
    expect(warnings).toEqual([
      expect.stringMatching(/more than 10 Assistants in org c \(at least 11\).*invent:waitForCreationLimit/),
    ]);
    expect(await h.control.writes()).toBe(0);
  });

  test("with waitForCreationLimit, a create waits out the limit and then succeeds", async () => {
    const logs: string[] = [];
    let posts = 0;
    const client = {
      listAllWithTime: async () => ({ items: [], serverTime: Date.now() }),
      post: async () => {
        if (++posts === 1)
          throw new RateLimitedError("limited", {
            status: 429,
            retryAfterSeconds: 0,
            limit: "assistant-creation",
          });
        return { id: "ast_1", name: "Support", created_at: new Date().toISOString() };
      },
    } as unknown as InventClient;
    const live = await createExactlyOnce(
      {
        client,
        logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), debug: () => {} },
        org: "c",
        collection: "/assistants",
        label: 'Assistant "Support"',
        matches: () => true,
        waitForLimit: true,
      },
      { name: "Support" },
      () => ({}),
    );
    expect(live.id).toBe("ast_1");
    expect(posts).toBe(2);
    expect(logs.join("\n")).toMatch(
      /creation limit is reached; waiting until .*invent:waitForCreationLimit is on/,
    );
  });
});
