/**
 * List-backed reads over real HTTP against the emulator: a refresh of many objects costs a few list pages, and
 * correctness never depends on the listing (absent from a complete listing = gone; a failed listing falls back
 * to GETs; an incomplete item is read with a GET).
 */
import { InventClient } from "../../provider/client";
import { actionSpec } from "../../provider/resources/action";
import { assistantSpec } from "../../provider/resources/assistant";
import { channelSpec } from "../../provider/resources/channel";
import { CollectionReader } from "../../provider/schema/reads";
import { AGENCY_KEY, AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness({ requestsPerMinute: 100_000 });

const LIST = "GET /orgs/:org_id/assistants";
const GET = "GET /orgs/:org_id/assistants/:id";

async function seed(n: number, org = AGENCY_ORG_ID) {
  const made = [];
  for (let i = 0; i < n; i++) made.push(await h.control.seedAssistant(org, { name: `Assistant ${i}` }));
  await h.control.resetRequests();
  return made;
}

/** Reads every id the way the engine does during a refresh: `parallel` at a time. */
async function refresh(ids: string[], parallel = 8) {
  const p = h.provider(assistantSpec);
  const results: Record<string, unknown>[] = [];
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let id = queue.shift(); id; id = queue.shift())
        results.push(await p.read(id, { name: "x", orgId: "c" }));
    }),
  );
  return results;
}

test("a refresh of 250 objects makes at most 4 calls (3 list pages)", async () => {
  const made = await seed(250);
  const results = await refresh(made.map((a) => a.id));
  expect(results.every((r) => typeof r.id === "string")).toBe(true);
  expect(await h.calls()).toEqual({ [LIST]: 3 });
});

test("an object absent from a complete listing is gone; one deleted (soft) too", async () => {
  const [a, b] = await seed(3);
  await h.control.deleteAssistant(AGENCY_ORG_ID, a.id);
  const p = h.provider(assistantSpec);
  await p.delete(b.id, { orgId: "c" }); // soft delete: listed with deleted: true
  await h.control.resetRequests();
  const [ra, rb] = await refresh([a.id, b.id]);
  expect(ra).toEqual({});
  expect(rb).toEqual({});
  expect(await h.calls()).toEqual({ [LIST]: 1 });
});

test("a listing that fails is never taken as gone: the reads fall back to GETs", async () => {
  const made = await seed(5);
  await h.control.failNext({ route: LIST, status: 500, count: 6 });
  const results = await refresh(made.map((a) => a.id));
  expect(results.map((r) => r.id).sort()).toEqual(made.map((a) => a.id).sort());
  expect((await h.calls())[GET]).toBe(5);
});

test("a small stack in a large org costs about what its GETs would", async () => {
  const made = await seed(450);
  const results = await refresh([made[0].id, made[1].id], 2);
  expect(results.map((r) => r.id).sort()).toEqual([made[0].id, made[1].id].sort());
  const c = await h.calls();
  expect((c[LIST] ?? 0) + (c[GET] ?? 0)).toBeLessThanOrEqual(4);
});

test("an item that lacks what the read needs is read with a GET", async () => {
  const [a] = await seed(1);
  const client = new InventClient({ apiKey: AGENCY_KEY, baseUrl: h.emulator.url });
  try {
    const reader = new CollectionReader(() => client);
    const live = await reader.read("c", "/assistants", a.id, () => false);
    expect(live?.id).toBe(a.id);
    expect(await h.calls()).toEqual({ [LIST]: 1, [GET]: 1 });
  } finally {
    await client.close();
  }
});

test("a write by this process drops the listing, so a later read sees the change", async () => {
  const [a] = await seed(1);
  const p = h.provider(assistantSpec);
  expect((await p.read(a.id, { name: "x", orgId: "c" })).props).toMatchObject({ name: "Assistant 0" });
  await p.update(a.id, { name: "Assistant 0", orgId: "c" }, { name: "Renamed" });
  expect((await p.read(a.id, { name: "x", orgId: "c" })).props).toMatchObject({ name: "Renamed" });
});

describe("children read through their parent's listing", () => {
  /** `n` assistants, each with one action and one channel, as if made in the dashboard. */
  async function seedFamilies(n: number) {
    const families = [];
    for (let i = 0; i < n; i++) {
      const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: `Assistant ${i}` });
      const action = await h.control.seed("actions", AGENCY_ORG_ID, { assistant_id: a.id });
      const channel = await h.control.seed("channels", AGENCY_ORG_ID, { assistant_id: a.id });
      families.push({ a, action, channel });
    }
    await h.control.resetRequests();
    return families;
  }

  /** A refresh of every assistant, action and channel by one provider process, `parallel` reads at a time. */
  async function refreshAll(families: Awaited<ReturnType<typeof seedFamilies>>, parallel = 8) {
    const of = h.process();
    const [assistants, actions, channels] = [of(assistantSpec), of(actionSpec), of(channelSpec)];
    const reads = families.flatMap(({ a, action, channel }) => [
      () => assistants.read(a.id, { name: "x", orgId: "c" }),
      () => actions.read(action.id, { assistantId: a.id, tool: "TOOLS:WEB_SEARCH", orgId: "c" }),
      () => channels.read(channel.id, { assistantId: a.id, type: "internal", orgId: "c" }),
    ]);
    const results: Record<string, unknown>[] = [];
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let r = reads.shift(); r; r = reads.shift()) results.push(await r());
      }),
    );
    return results;
  }

  test("a refresh of 120 assistants with an action and a channel each makes 2 list calls", async () => {
    const families = await seedFamilies(120);
    const results = await refreshAll(families);
    const ids = results.map((r) => r.id).sort();
    expect(ids).toEqual(families.flatMap((f) => [f.a.id, f.action.id, f.channel.id]).sort());
    expect(await h.calls()).toEqual({ [LIST]: 2 });
  });

  test("a child missing from its parent's array, or whose parent is gone, is gone", async () => {
    const [f1, f2] = await seedFamilies(2);
    await h.control.remove("actions", AGENCY_ORG_ID, f1.action.id);
    await h.control.remove("assistants", AGENCY_ORG_ID, f2.a.id);
    await h.control.resetRequests();
    const of = h.process();
    const actions = of(actionSpec);
    expect(await actions.read(f1.action.id, { assistantId: f1.a.id, orgId: "c" })).toEqual({});
    expect(await of(channelSpec).read(f2.channel.id, { assistantId: f2.a.id, orgId: "c" })).toEqual({});
    expect(await h.calls()).toEqual({ [LIST]: 1 });
  });

  test("a failed parent listing is never taken as gone: the child is read by its own listing", async () => {
    const [f] = await seedFamilies(1);
    await h.control.failNext({ route: LIST, status: 500, count: 6 });
    const read = await h.process()(actionSpec).read(f.action.id, { assistantId: f.a.id, orgId: "c" });
    expect(read.id).toBe(f.action.id);
    expect((await h.calls())["GET /orgs/:org_id/assistants/:assistant_id/actions"]).toBe(1);
  });

  test("a child written by this process is read afresh, not from the parent's earlier listing", async () => {
    const [f] = await seedFamilies(1);
    const of = h.process();
    const actions = of(actionSpec);
    const olds = { assistantId: f.a.id, tool: "TOOLS:WEB_SEARCH", orgId: "c" };
    expect((await of(assistantSpec).read(f.a.id, { name: "x", orgId: "c" })).id).toBe(f.a.id);
    await actions.update(f.action.id, olds, { ...olds, name: "Search the web" });
    const read = await actions.read(f.action.id, { ...olds, name: "before" });
    expect(read.props).toMatchObject({ name: "Search the web" });
  });
});
