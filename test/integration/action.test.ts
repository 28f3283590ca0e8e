/**
 * Action and ActionOrder against the emulator over real HTTP: children under an assistant's URL, a nullable
 * connection, values required on create, and the order as one call on the collection.
 */
import { actionSpec } from "../../provider/resources/action";
import { actionOrderSpec } from "../../provider/resources/action-order";
import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();

const ACTIONS = "/orgs/:org_id/assistants/:assistant_id/actions";
async function parent() {
  const assistant = await h.provider(assistantSpec).create({ name: "Support" });
  const connection = await h
    .provider(connectionSpec)
    .create({ type: "MCP", name: "Shop", config: { url: "https://mcp.example.com" } });
  await h.control.resetRequests();
  return { assistantId: assistant.id, connectionId: connection.id };
}

const lookup = (assistantId: string, connectionId: string) => ({
  assistantId,
  tool: "TOOLS:HTTP_REQUEST",
  name: "Look up an order",
  instructions: "Use when the customer gives an order number.",
  connectionId,
  config: { input: { method: "GET" }, definitions: [{ path: "order", definition: { type: "string" } }] },
});

test("create is one listing and one POST under the assistant; read and diff are clean", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(actionSpec);
  const declared = lookup(assistantId, connectionId);
  const { id, outs } = await p.create({ ...declared });
  expect(await h.calls()).toEqual({ [`GET ${ACTIONS}`]: 1, [`POST ${ACTIONS}`]: 1 });
  const [stored] = await h.control.actions(AGENCY_ORG_ID);
  expect(stored).toMatchObject({
    id,
    action_id: "TOOLS:HTTP_REQUEST",
    enabled: true,
    connection_id: connectionId,
  });
  expect(outs).toMatchObject({ ...declared, orgId: "c" });
  const read = await p.read(id, outs);
  expect(read.props).toEqual(outs);
  expect(read.inputs).toEqual(declared);
  expect(await p.diff(id, read.props!, { ...declared })).toMatchObject({ changes: false });
});

test("an update is one PATCH of what changed; null detaches the connection", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(actionSpec);
  const declared = lookup(assistantId, connectionId);
  const { id, outs } = await p.create({ ...declared });
  await h.control.resetRequests();
  const news = { ...declared, connectionId: null, instructions: "Only for order numbers." };
  expect(await p.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
  const { outs: after } = await p.update(id, outs, news);
  expect(await h.calls()).toEqual({ [`PATCH ${ACTIONS}/:id`]: 1 });
  const log = (await h.control.requestLog()).find((e) => e.method === "PATCH");
  expect(log).toBeDefined();
  expect((await h.control.actions(AGENCY_ORG_ID))[0]).toMatchObject({ connection_id: null });
  expect(after).toMatchObject({ connectionId: null, instructions: "Only for order numbers." });
});

test("changing the tool or the assistant replaces the action", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(actionSpec);
  const declared = lookup(assistantId, connectionId);
  const { id, outs } = await p.create({ ...declared });
  expect(await p.diff(id, outs, { ...declared, tool: "TOOLS:WEB_SEARCH" })).toMatchObject({
    replaces: ["tool"],
  });
  expect(await p.diff(id, outs, { ...declared, assistantId: "ast_other" })).toMatchObject({
    replaces: ["assistantId"],
  });
});

test("bad input is refused at check, naming the property, with no call", async () => {
  const p = h.provider(actionSpec);
  const { failures } = await p.check({}, { assistantId: "ast_1", tool: "http", name: "x".repeat(65) });
  expect(failures.map((f) => f.reason)).toEqual([
    expect.stringMatching(/^tool: must be a catalog id such as "TOOLS:HTTP_REQUEST"/),
    expect.stringMatching(/^name: must be at most 64 characters/),
  ]);
  const missing = await p.check({}, { tool: "TOOLS:WEB_SEARCH" });
  expect(missing.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/^assistantId: is required/)]);
  expect(await h.calls()).toEqual({});
});

test("delete removes the action; deleting the assistant takes its actions", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(actionSpec);
  const a = await p.create({ ...lookup(assistantId, connectionId) });
  await p.delete(a.id, a.outs);
  expect(await h.control.actions(AGENCY_ORG_ID)).toEqual([]);
  const b = await p.create({ ...lookup(assistantId, connectionId) });
  await h.provider(assistantSpec).delete(assistantId, { orgId: "c" });
  expect(await p.read(b.id, b.outs)).toEqual({});
  await expect(p.delete(b.id, b.outs)).resolves.toBeUndefined();
});

describe("ActionOrder", () => {
  async function three() {
    const { assistantId } = await parent();
    const p = h.provider(actionSpec);
    const ids: string[] = [];
    for (const name of ["A", "B", "C"])
      ids.push((await p.create({ assistantId, tool: "TOOLS:WEB_SEARCH", name })).id);
    await h.control.resetRequests();
    return { assistantId, ids };
  }

  test("declaring an order is one reorder call; a change is one more; read finds drift", async () => {
    const { assistantId, ids } = await three();
    const o = h.provider(actionOrderSpec);
    const want = [ids[2], ids[0], ids[1]];
    const { id, outs } = await o.create({ assistantId, actionIds: want });
    expect(await h.calls()).toEqual({ [`PATCH ${ACTIONS}/reorder`]: 1 });
    const live = (await h.control.actions(AGENCY_ORG_ID)).sort((a, b) => a.position - b.position);
    expect(live.map((a) => a.id)).toEqual(want);
    expect(await o.read(id, outs)).toMatchObject({ inputs: { assistantId, actionIds: want } });

    // Reordered in the dashboard: refresh shows it, and up puts the declared order back in one call.
    await h.control.editAction(AGENCY_ORG_ID, ids[1], { position: 50 });
    const drifted = await o.read(id, outs);
    expect(drifted.inputs).toMatchObject({ actionIds: [ids[1], ids[2], ids[0]] });
    expect(await o.diff(id, drifted.props!, { assistantId, actionIds: want })).toMatchObject({
      changes: true,
    });
    await h.control.resetRequests();
    await o.update(id, drifted.props!, { assistantId, actionIds: want });
    expect(await h.calls()).toEqual({ [`PATCH ${ACTIONS}/reorder`]: 1 });
    expect((await o.read(id, outs)).inputs).toMatchObject({ actionIds: want });
  });

  test("more than 25 actions take one reorder call per 25", async () => {
    const { assistantId } = await parent();
    const p = h.provider(actionSpec);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await p.create({ assistantId, tool: "TOOLS:WEB_SEARCH", name: `T${i}` })).id);
    await h.control.resetRequests();
    await h.provider(actionOrderSpec).create({ assistantId, actionIds: [...ids].reverse() });
    expect(await h.calls()).toEqual({ [`PATCH ${ACTIONS}/reorder`]: 2 });
  });

  test("an id listed twice is refused at check", async () => {
    const { failures } = await h
      .provider(actionOrderSpec)
      .check({}, { assistantId: "ast_1", actionIds: ["a", "a"] });
    expect(failures.map((f) => f.reason)).toEqual(['actionIds: "a" is listed twice.']);
    // At preview, ids of actions not created yet are all Pulumi's one "unknown" marker: not duplicates.
    const u = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const preview = await h.provider(actionOrderSpec).check({}, { assistantId: "ast_1", actionIds: [u, u] });
    expect(preview.failures).toEqual([]);
  });
});
