/**
 * The lifecycle steps of `provider/core/` alone, with no front: a kind's context over a client that either
 * refuses every call (the steps that need none) or talks to undici's `MockAgent` with net connect disabled, so
 * every request a step makes is one the test expects. The same steps through the dynamic provider and the
 * emulator are in `test/integration/`.
 */
import { MockAgent } from "undici";
import { InventClient } from "../../provider/client";
import { adopt } from "../../provider/core/adopt";
import { check } from "../../provider/core/check";
import { KindContext, kindContext } from "../../provider/core/context";
import { create } from "../../provider/core/create";
import { deleteObject } from "../../provider/core/delete";
import { diff } from "../../provider/core/diff";
import { read } from "../../provider/core/read";
import { readReference } from "../../provider/core/reference";
import { update } from "../../provider/core/update";
import { providerFor } from "../../provider/dynamic/provider";
import { NotFoundError } from "../../provider/errors";
import { Logger } from "../../provider/log";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import {
  CREATE_ATTEMPT_KEY,
  HalfMadeError,
  UNKNOWN_OUTCOME_PREFIX,
  UnknownOutcomeError,
} from "../../provider/schema/create";
import { field, PARENT_ORG_KEY, REFERENCE_KEY, UNKNOWN } from "../../provider/schema/fields";
import { UNSETTLED_KEY } from "../../provider/schema/settle";
import { ResourceSpec } from "../../provider/schema/spec";

const BASE = "https://api.invent.test";
const ORG = "org_83WaHwFGg6CbtZp0JgsveI";
const OTHER_ORG = "org_2bQ9xLm4TzR7vWc1NpKdHs";

/** A kind made up for these tests: a plain field, a replacing one, a nested object mixing both, a server one. */
const fields = {
  orgId: field.orgId(),
  adoptId: field.adoptId(),
  name: field.string({ doc: "Name.", required: true, min: 1 }),
  region: field.enum(["eu", "us"], { doc: "Where it runs.", replaceOnChange: true }),
  look: field.object(
    {
      color: field.string({ doc: "Color." }),
      size: field.enum(["s", "m"], { doc: "Size.", replaceOnChange: true }),
    },
    { doc: "Appearance." },
  ),
  serial: field.serverString("serial", { doc: "Set by the server." }),
  ...field.timestamps(),
};
const widgetSpec: ResourceSpec<typeof fields> = {
  type: "Widget",
  doc: "A test kind.",
  path: "/widgets",
  fields,
  naturalKey: ["name"],
  deleteBeforeReplace: true,
  createsPerHour: 2,
};

const logged: string[] = [];
const logger: Logger = { info: (m) => logged.push(m), warn: (m) => logged.push(m), debug: () => {} };

/** A context whose client refuses to exist: a step that needs no API call must not ask for one. */
function offline<F extends typeof fields>(
  spec: ResourceSpec<F> = widgetSpec as ResourceSpec<F>,
): KindContext {
  return kindContext(spec, {
    client: () => {
      throw new Error("this step must make no API call");
    },
    defaultOrg: () => "c",
    logger,
  });
}

let agent: MockAgent;
let client: InventClient;
/** A context over `MockAgent`: only intercepted requests succeed. */
function online<F extends typeof fields>(spec: ResourceSpec<F> = widgetSpec as ResourceSpec<F>): KindContext {
  return kindContext(spec, { client: () => client, defaultOrg: () => "c", logger });
}
const pool = () => agent.get(BASE);
const listing = (org: string) => (path: string) => path.startsWith(`/orgs/${org}/widgets?`);
const live = (extra: Record<string, unknown> = {}) => ({
  id: "wdg_1",
  name: "Front desk",
  region: "eu",
  look: { color: "red", size: "s" },
  serial: "SN-1",
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
  ...extra,
});

beforeEach(() => {
  logged.length = 0;
  agent = new MockAgent();
  agent.disableNetConnect();
  client = new InventClient({ apiKey: "inv_test_k", baseUrl: BASE, dispatcher: agent, maxRetries: 0 });
});
afterEach(() => client.close()); // closes the agent too

describe("diff", () => {
  const olds = { orgId: "c", name: "Front desk", region: "eu", look: { color: "red", size: "s" } };

  test("each changed path, nested ones dotted, is an update or a replacement; deleteBeforeReplace is the kind's", () => {
    const news = { orgId: "c", name: "Lobby", region: "us", look: { color: "blue", size: "m" } };
    expect(diff(offline(), "wdg_1", olds, news)).toEqual({
      changes: [
        { path: "name", replace: false },
        { path: "region", replace: true },
        { path: "look.color", replace: false },
        { path: "look.size", replace: true },
      ],
      deleteBeforeReplace: true,
    });
  });

  test("the same values: no change; a kind that says nothing creates before it deletes", () => {
    expect(diff(offline(), "wdg_1", olds, { ...olds })).toEqual({ changes: [], deleteBeforeReplace: true });
    const { deleteBeforeReplace: _, ...createFirst } = widgetSpec;
    expect(diff(offline(createFirst), "wdg_1", olds, { ...olds, name: "Lobby" })).toEqual({
      changes: [{ path: "name", replace: false }],
      deleteBeforeReplace: false,
    });
  });

  test("a move to another org replaces the object", () => {
    expect(diff(offline(), "wdg_1", olds, { ...olds, orgId: OTHER_ORG }).changes).toEqual([
      { path: "orgId", replace: true },
    ]);
  });

  test("an object that failed to settle is replaced; one still pending is updated (waited for again)", () => {
    const k = offline(knowledgeContentSpec as unknown as ResourceSpec<typeof fields>);
    const declared = { orgId: "c", title: "FAQ", text: "Q and A" };
    const changesOf = (mark: string) =>
      diff(k, "kc_1", { ...declared, [UNSETTLED_KEY]: mark }, declared).changes;
    expect(changesOf("failed")).toEqual([{ path: "status", replace: true }]);
    expect(changesOf("pending")).toEqual([{ path: "status", replace: false }]);
    // A failed object goes before its replacement is made, so failures never pile up.
    expect(diff(k, "kc_1", { ...declared, [UNSETTLED_KEY]: "failed" }, declared).deleteBeforeReplace).toBe(
      true,
    );
    expect(diff(k, "kc_1", { ...declared, [UNSETTLED_KEY]: "pending" }, declared).deleteBeforeReplace).toBe(
      false,
    );
  });

  test("a placeholder of an unknown create is refused until refresh resolves it", () => {
    expect(() => diff(offline(), `${UNKNOWN_OUTCOME_PREFIX}x`, olds, olds)).toThrow(
      /still unknown.*pulumi refresh/,
    );
  });
});

describe("check", () => {
  test("failures name the property path in the reason, never as the property (its value may be secret)", () => {
    const { failures } = check(offline(), {}, { name: "", region: "mars" });
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^name: /) },
      { property: "", reason: expect.stringMatching(/^region: .*"eu".*"us"/) },
    ]);
  });

  test("the default org is resolved into the inputs once, here", () => {
    expect(check(offline(), {}, { name: "A" }).inputs).toEqual({ name: "A", orgId: "c" });
    expect(check(offline(), {}, { name: "A", orgId: ORG }).inputs).toEqual({ name: "A", orgId: ORG });
  });

  test("a child takes its parent's org, and refuses another one", () => {
    const k = offline();
    const taken = check(k, {}, { name: "A", [PARENT_ORG_KEY]: ORG });
    expect(taken).toEqual({ inputs: { name: "A", orgId: ORG }, failures: [] });
    const refused = check(k, {}, { name: "A", orgId: OTHER_ORG, [PARENT_ORG_KEY]: ORG });
    expect(refused.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^orgId: .* differs from the org of its parent.*remove orgId/),
      },
    ]);
    // Unknown at preview (the parent is not made yet): nothing to compare.
    expect(check(k, {}, { name: "A", orgId: OTHER_ORG, [PARENT_ORG_KEY]: UNKNOWN }).failures).toEqual([]);
  });

  test("a plan creating more than the hourly limit in one org is warned once; adoptions and updates do not count", () => {
    const k = offline();
    check(k, {}, { name: "A" });
    check(k, {}, { name: "B", adoptId: "wdg_9" });
    check(k, { name: "C" }, { name: "C" });
    check(k, {}, { name: "D", orgId: ORG });
    check(k, {}, { name: "E" });
    expect(logged).toEqual([]);
    check(k, {}, { name: "F" });
    check(k, {}, { name: "G" });
    expect(logged).toEqual([
      expect.stringMatching(/^this plan creates more than 2 Widgets in org c \(at least 3\)/),
    ]);
  });
});

describe("create", () => {
  const declared = { orgId: "c", name: "Front desk", region: "eu", look: { color: "red", size: "s" } };

  test("one listing, then one POST of the declared values; outputs hold them with the server's", async () => {
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, []);
    pool()
      .intercept({
        path: "/orgs/c/widgets",
        method: "POST",
        body: (b) =>
          b === JSON.stringify({ name: "Front desk", region: "eu", look: { color: "red", size: "s" } }),
      })
      .reply(200, live());
    const made = await create(online(), declared);
    agent.assertNoPendingInterceptors();
    expect(made).toEqual({
      id: "wdg_1",
      outs: {
        ...declared,
        serial: "SN-1",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      },
    });
  });

  test("invalid values fail before any call", async () => {
    await expect(create(offline(), { orgId: "c", name: "" })).rejects.toThrow(
      /^invalid Widget arguments:\n {2}name: /,
    );
  });

  test("a failed follow-up keeps the object as half-made: its id and outputs, and nothing of a front", async () => {
    const followUp: ResourceSpec<typeof fields> = {
      ...widgetSpec,
      afterWrite: async () => {
        throw new Error("rotation refused");
      },
    };
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, []);
    pool().intercept({ path: "/orgs/c/widgets", method: "POST" }).reply(200, live());
    const err = await create(online(followUp), declared).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HalfMadeError);
    expect(err).toMatchObject({
      id: "wdg_1",
      message: 'Widget "Front desk" wdg_1 was created, but a follow-up step failed: rotation refused',
    });
    expect((err as HalfMadeError).properties).toEqual({
      ...declared,
      serial: "SN-1",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    });
  });
});

describe("adopt", () => {
  test("one GET, then one PATCH carrying only what differs; never a POST", async () => {
    pool().intercept({ path: "/orgs/c/widgets/wdg_1", method: "GET" }).reply(200, live());
    pool()
      .intercept({
        path: "/orgs/c/widgets/wdg_1",
        method: "PATCH",
        body: (b) => b === JSON.stringify({ name: "Lobby" }),
      })
      .reply(200, live({ name: "Lobby" }));
    const values = { orgId: "c", name: "Lobby", region: "eu" };
    const { id, outs } = await adopt(online(), values, "c", "wdg_1");
    agent.assertNoPendingInterceptors();
    expect(id).toBe("wdg_1");
    expect(outs).toMatchObject({ name: "Lobby", region: "eu", orgId: "c", serial: "SN-1" });
    expect(logged).toEqual(['Widget "Lobby": adopted wdg_1 in org c; one PATCH sent (name).']);
  });

  test("create with adoptId takes the adopt step", async () => {
    pool().intercept({ path: "/orgs/c/widgets/wdg_1", method: "GET" }).reply(200, live());
    const made = await create(online(), { orgId: "c", adoptId: "wdg_1", name: "Front desk" });
    agent.assertNoPendingInterceptors();
    expect(made.id).toBe("wdg_1");
    expect(logged).toEqual([
      'Widget "Front desk": adopted wdg_1 in org c; it already held every declared value.',
    ]);
  });

  test("a value that only a replacement could change is refused, naming both values; nothing is written", async () => {
    pool().intercept({ path: "/orgs/c/widgets/wdg_1", method: "GET" }).reply(200, live());
    await expect(
      adopt(online(), { orgId: "c", name: "Front desk", region: "us" }, "c", "wdg_1"),
    ).rejects.toThrow(
      'Widget "Front desk": cannot adopt wdg_1: region is "eu" there but "us" here, and it cannot be changed in place.',
    );
    agent.assertNoPendingInterceptors();
  });

  test("an id that names nothing is a NotFoundError that says what to check", async () => {
    pool().intercept({ path: "/orgs/c/widgets/wdg_404", method: "GET" }).reply(404, { message: "Not found" });
    const err = await adopt(online(), { orgId: "c", name: "A" }, "c", "wdg_404").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toMatch(
      /^Widget "A": adoptId "wdg_404" names no Widget in org c\. Check the id/,
    );
  });
});

describe("update", () => {
  test("one PATCH of the changed paths alone", async () => {
    pool()
      .intercept({
        path: "/orgs/c/widgets/wdg_1",
        method: "PATCH",
        body: (b) => b === JSON.stringify({ look: { color: "blue" } }),
      })
      .reply(200, live({ look: { color: "blue", size: "s" } }));
    const olds = { orgId: "c", name: "Front desk", look: { color: "red", size: "s" } };
    const { outs } = await update(online(), "wdg_1", olds, { ...olds, look: { color: "blue", size: "s" } });
    agent.assertNoPendingInterceptors();
    expect(outs).toMatchObject({ look: { color: "blue", size: "s" }, orgId: "c" });
  });
});

describe("read", () => {
  test("a reference reads every field, in the org of its parent, and records the reference mark", async () => {
    pool()
      .intercept({ path: `/orgs/${ORG}/widgets/wdg_5`, method: "GET" })
      .reply(200, live({ id: "wdg_5" }));
    const got = await readReference(online(), "wdg_5", { [REFERENCE_KEY]: true, [PARENT_ORG_KEY]: ORG });
    agent.assertNoPendingInterceptors();
    expect(got).toEqual({
      id: "wdg_5",
      outs: {
        name: "Front desk",
        region: "eu",
        look: { color: "red", size: "s" },
        serial: "SN-1",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
        orgId: ORG,
        [REFERENCE_KEY]: true,
      },
      inputs: { [REFERENCE_KEY]: true },
    });
  });

  test("a managed object is read from the collection's listing, its declared values only", async () => {
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, [live({ id: "wdg_0" }), live({ name: "Lobby" })]);
    const got = await read(online(), "wdg_1", { orgId: "c", name: "Front desk" });
    agent.assertNoPendingInterceptors();
    expect(got).toEqual({
      id: "wdg_1",
      outs: expect.objectContaining({ name: "Lobby", orgId: "c", serial: "SN-1" }),
      inputs: { name: "Lobby" },
    });
  });

  test("an object that is gone is undefined (the front forgets it)", async () => {
    // One page cannot tell "absent" from "on a later page" for a single read: a GET settles it.
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, []);
    pool().intercept({ path: "/orgs/c/widgets/wdg_1", method: "GET" }).reply(404, { message: "Not found" });
    expect(await read(online(), "wdg_1", { orgId: "c", name: "Front desk" })).toBeUndefined();
    agent.assertNoPendingInterceptors();
  });

  test("a placeholder resolves to the one object its create made, recorded under the real id", async () => {
    const startedAt = "2026-01-01T00:00:00.000Z";
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(
        200,
        [live({ id: "wdg_old", created_at: "2025-12-31T00:00:00.000Z" }), live({ id: "wdg_made" })],
        { headers: { "pagination-count": "2" } },
      );
    const declared = { orgId: "c", name: "Front desk", region: "eu" };
    const got = await read(online(), `${UNKNOWN_OUTCOME_PREFIX}abc`, {
      ...declared,
      [CREATE_ATTEMPT_KEY]: { startedAt, before: [] },
    });
    agent.assertNoPendingInterceptors();
    expect(got).toMatchObject({ id: "wdg_made", inputs: { name: "Front desk", region: "eu" } });
    expect(logged).toEqual([
      'Widget "Front desk": the earlier create whose outcome was unknown made wdg_made; recording it.',
    ]);
  });
});

describe("delete", () => {
  test("one DELETE; an object already gone counts as deleted", async () => {
    pool().intercept({ path: "/orgs/c/widgets/wdg_1", method: "DELETE" }).reply(204, "");
    await deleteObject(online(), "wdg_1", { orgId: "c", name: "A" });
    pool()
      .intercept({ path: "/orgs/c/widgets/wdg_2", method: "DELETE" })
      .reply(404, { message: "Not found" });
    await deleteObject(online(), "wdg_2", { orgId: "c", name: "A" });
    agent.assertNoPendingInterceptors();
  });
});

/** What the dynamic front adds to the steps: the host's shapes and the `__provider` stub, nothing else. */
describe("the dynamic front over these steps", () => {
  const front = (spec: ResourceSpec<typeof fields> = widgetSpec) =>
    providerFor(spec, { client: () => client, defaultOrg: () => "c", logger });
  const declared = { orgId: "c", name: "Front desk", region: "eu" };

  test("the dynamic front folds the same list into the host's top-level replaces", async () => {
    const p = providerFor(widgetSpec, { client: () => client, defaultOrg: () => "c", logger });
    const olds = { orgId: "c", name: "Front desk", region: "eu", look: { color: "red", size: "s" } };
    const news = { ...olds, name: "Lobby", look: { color: "red", size: "m" } };
    expect(await p.diff("wdg_1", olds, news)).toEqual({
      changes: true,
      replaces: ["look"],
      deleteBeforeReplace: true,
    });
  });

  test("the __provider it is given goes into a half-made object's properties, which the host records", async () => {
    const followUp = { ...widgetSpec, afterWrite: () => Promise.reject(new Error("rotation refused")) };
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, []);
    pool().intercept({ path: "/orgs/c/widgets", method: "POST" }).reply(200, live());
    const err = await front(followUp)
      .create({ ...declared, __provider: "stub text" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HalfMadeError);
    expect((err as HalfMadeError).properties).toMatchObject({
      ...declared,
      serial: "SN-1",
      __provider: "stub text",
    });
  });

  test("and into the placeholder record of a create whose outcome is unknown", async () => {
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, []);
    pool().intercept({ path: "/orgs/c/widgets", method: "POST" }).reply(502, "bad gateway");
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(502, "bad gateway");
    const err = await front()
      .create({ ...declared, __provider: "stub text" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).properties).toEqual({
      ...declared,
      [CREATE_ATTEMPT_KEY]: { before: [] },
      __provider: "stub text",
    });
  });

  test("a gone object reads as {}, a found one as { id, props, inputs }", async () => {
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, [live()]);
    expect(await front().read("wdg_1", { ...declared, __provider: "stub text" })).toEqual({
      id: "wdg_1",
      props: expect.objectContaining({ name: "Front desk", serial: "SN-1" }),
      inputs: { name: "Front desk", region: "eu" },
    });
    pool()
      .intercept({ path: listing("c"), method: "GET" })
      .reply(200, []);
    pool().intercept({ path: "/orgs/c/widgets/wdg_2", method: "GET" }).reply(404, { message: "Not found" });
    expect(await front().read("wdg_2", { ...declared, __provider: "stub text" })).toEqual({});
    agent.assertNoPendingInterceptors();
  });
});
