/**
 * Channel against the emulator over real HTTP: an integration under its assistant's URL, a masked secret
 * config, replacement on type/connection, and the two ways one channel is read alone (GET by id, or from the
 * assistant's `integrations[]` when the API has no GET by id).
 */
import { assistantSpec } from "../../provider/resources/assistant";
import { channelSpec } from "../../provider/resources/channel";
import { connectionSpec } from "../../provider/resources/connection";
import { ResourceSpec } from "../../provider/schema/spec";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();

const CHANNELS = "/orgs/:org_id/assistants/:assistant_id/integrations";
const ASSISTANT = "/orgs/:org_id/assistants/:id";
/** The assistants' listing, which embeds each assistant's channels: reads look there first. */
const ASSISTANTS = "/orgs/:org_id/assistants";
const BOT_TOKEN = "7100200300:AAE_fake_telegram_bot_token_5678";
const SIGNING_SECRET = "whsec_fake_channel_signing_secret_4321";

async function parent() {
  const assistant = await h.provider(assistantSpec).create({ name: "Support" });
  const connection = await h
    .provider(connectionSpec)
    .create({ type: "TELEGRAM", name: "Bot", config: { botToken: BOT_TOKEN } });
  await h.control.resetRequests();
  return { assistantId: assistant.id, connectionId: connection.id };
}

const telegram = (assistantId: string, connectionId: string) => ({
  assistantId,
  type: "telegram_bot",
  connectionId,
  enabled: true,
  config: { signingSecret: SIGNING_SECRET, greeting: "Hi!" },
});

/** The description with the assumption `channelsGetById` switched off. */
const withoutGetById = {
  ...channelSpec,
  locate: { ...channelSpec.locate!, getById: false },
} as ResourceSpec<typeof channelSpec.fields>;

test("create is one listing and one POST under the assistant; read and diff are clean", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const declared = telegram(assistantId, connectionId);
  const { id, outs } = await p.create(structuredClone(declared));
  expect(await h.calls()).toEqual({ [`GET ${CHANNELS}`]: 1, [`POST ${CHANNELS}`]: 1 });
  const [stored] = await h.control.channels(AGENCY_ORG_ID);
  expect(stored).toMatchObject({
    id,
    assistant_id: assistantId,
    integration_id: "telegram_bot",
    connection_id: connectionId,
    enabled: true,
    config: { signing_secret: SIGNING_SECRET, greeting: "Hi!" }, // sent in snake_case, stored in clear
  });
  expect(outs).toEqual({
    ...declared,
    orgId: "c",
    error: null,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });
  await h.control.resetRequests();
  const read = await p.read(id, outs);
  expect(read.props).toEqual(outs); // the masked secret reads back as what was declared
  expect(read.inputs).toEqual(declared);
  expect(await p.diff(id, read.props!, structuredClone(declared))).toMatchObject({ changes: false });
  // Read from the assistant's integrations[] in the assistants' listing (shared with the assistants' reads).
  expect(await h.calls()).toEqual({ [`GET ${ASSISTANTS}`]: 1 });
});

test("the web widget needs only its assistant; server-owned fields stay out of state", async () => {
  const { assistantId } = await parent();
  const p = h.provider(channelSpec);
  const { id, outs } = await p.create({ assistantId, type: "internal" });
  expect(outs).toEqual({
    assistantId,
    type: "internal",
    orgId: "c",
    error: null,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });
  await h.control.editChannel(AGENCY_ORG_ID, id, { enabled: false }); // not declared: not drift
  const read = await p.read(id, outs);
  expect(await p.diff(id, read.props!, { assistantId, type: "internal" })).toMatchObject({ changes: false });
});

test("changing enabled or config is one PATCH of what changed", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const declared = telegram(assistantId, connectionId);
  const { id, outs } = await p.create(structuredClone(declared));
  await h.control.resetRequests();
  const news = { ...declared, enabled: false, config: { ...declared.config, greeting: "Hello!" } };
  expect(await p.diff(id, outs, structuredClone(news))).toMatchObject({ changes: true, replaces: [] });
  const { outs: after } = await p.update(id, outs, structuredClone(news));
  expect(await h.calls()).toEqual({ [`PATCH ${CHANNELS}/:id`]: 1 });
  const [stored] = await h.control.channels(AGENCY_ORG_ID);
  expect(stored).toMatchObject({
    enabled: false,
    config: { signing_secret: SIGNING_SECRET, greeting: "Hello!" },
  });
  expect(after).toMatchObject({ enabled: false, config: news.config });
});

test("changing the type, the connection or the assistant replaces the channel", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const declared = telegram(assistantId, connectionId);
  const { id, outs } = await p.create(structuredClone(declared));
  for (const [key, value] of [
    ["type", "custom"],
    ["connectionId", "con_other"],
    ["assistantId", "ast_other"],
  ] as const)
    expect(await p.diff(id, outs, { ...structuredClone(declared), [key]: value })).toEqual({
      changes: true,
      replaces: [key],
      deleteBeforeReplace: false,
    });
});

test("bad input is refused at check, naming the property, with no call", async () => {
  const p = h.provider(channelSpec);
  const { failures } = await p.check(
    {},
    { assistantId: "ast_1", type: "sms", connectionId: "", enabled: "yes", config: "token" },
  );
  expect(failures.map((f) => f.reason)).toEqual([
    expect.stringMatching(/^type: .*"internal"/),
    expect.stringMatching(/^connectionId: must be at least 1 character/),
    expect.stringMatching(/^enabled: /),
    expect.stringMatching(/^config: must be an object/),
  ]);
  // No property is named: the engine would print its value beside the failure (secrets in clear).
  expect(failures.every((f) => f.property === "")).toBe(true);
  const missing = await p.check({}, { type: "internal", enable: true });
  expect(missing.failures.map((f) => f.reason)).toEqual([
    expect.stringMatching(/^enable: unknown property\. Did you mean "enabled"\?/),
    expect.stringMatching(/^assistantId: is required/),
  ]);
  expect(await h.calls()).toEqual({});
});

test("masked credentials compare like Connection's: unchanged is clean, a hand edit is drift put back", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const declared = telegram(assistantId, connectionId);
  const { id, outs } = await p.create(structuredClone(declared));

  await h.control.editChannel(AGENCY_ORG_ID, id, {
    config: { signing_secret: "whsec_replaced_by_hand_1111" },
  });
  const drifted = await p.read(id, outs);
  expect(drifted.props!.config).toEqual({ signingSecret: "****1111", greeting: "Hi!" });
  expect(await p.diff(id, drifted.props!, structuredClone(declared))).toMatchObject({
    changes: true,
    replaces: [],
  });
  await p.update(id, drifted.props!, structuredClone(declared));
  expect((await h.control.channels(AGENCY_ORG_ID))[0].config.signing_secret).toBe(SIGNING_SECRET);

  // A non-credential key changed by hand is drift too (it is not masked).
  await h.control.editChannel(AGENCY_ORG_ID, id, { config: { greeting: "Yo" } });
  expect((await p.read(id, outs)).props!.config).toEqual({ signingSecret: SIGNING_SECRET, greeting: "Yo" });
  expect(h.logs.join("\n")).not.toContain(SIGNING_SECRET);
});

describe("reading one channel alone", () => {
  async function made(spec: ResourceSpec<typeof channelSpec.fields> = channelSpec) {
    const { assistantId, connectionId } = await parent();
    const p = h.provider(spec);
    const declared = telegram(assistantId, connectionId);
    const res = await p.create(structuredClone(declared));
    await h.control.resetRequests();
    // The shared listings (the assistants', then the channels') fail (once; 400 is not retried), so the read
    // falls back to one object's read.
    await h.control.failNext({ route: `GET ${ASSISTANTS}`, status: 400 });
    await h.control.failNext({ route: `GET ${CHANNELS}`, status: 400 });
    return { p, declared, ...res };
  }

  test("with GET by id (the default assumption): one GET of the channel", async () => {
    const { p, id, outs } = await made();
    expect((await p.read(id, outs)).props).toEqual(outs);
    expect(await h.calls()).toEqual({
      [`GET ${ASSISTANTS}`]: 1,
      [`GET ${CHANNELS}`]: 1,
      [`GET ${CHANNELS}/:id`]: 1,
    });
  });

  test("without GET by id (channelGetById: false): from the assistant's integrations[]", async () => {
    await h.control.settings({ channelGetById: false });
    const { p, id, outs, declared } = await made(withoutGetById);
    const read = await p.read(id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(declared);
    expect(await h.calls()).toEqual({
      [`GET ${ASSISTANTS}`]: 1,
      [`GET ${CHANNELS}`]: 1,
      [`GET ${ASSISTANT}`]: 1,
    });

    // Gone from the assistant's integrations[] (or the assistant gone): the channel is gone.
    await h.control.deleteChannel(AGENCY_ORG_ID, id);
    await h.control.failNext({ route: `GET ${ASSISTANTS}`, status: 400 });
    await h.control.failNext({ route: `GET ${CHANNELS}`, status: 400 });
    expect(await h.provider(withoutGetById).read(id, outs)).toEqual({});
  });

  test("without GET by id, the default description confirms the 404 in integrations[]: never dropped", async () => {
    await h.control.settings({ channelGetById: false });
    const { p, id, outs } = await made();
    // The assumed route answers 404, yet the channel exists: the assistant's integrations[] says so.
    expect((await p.read(id, outs)).props).toEqual(outs);
    expect(await h.calls()).toEqual({
      [`GET ${ASSISTANTS}`]: 1,
      [`GET ${CHANNELS}`]: 1,
      [`GET ${CHANNELS}/:id`]: 1,
      [`GET ${ASSISTANT}`]: 1,
    });
    // Really gone: the 404 and the assistant's integrations[] agree.
    await h.control.deleteChannel(AGENCY_ORG_ID, id);
    await h.control.failNext({ route: `GET ${ASSISTANTS}`, status: 400 });
    await h.control.failNext({ route: `GET ${CHANNELS}`, status: 400 });
    expect(await h.provider(channelSpec).read(id, outs)).toEqual({});
  });
});

test("an out-of-band deletion is found by read; delete of what is gone succeeds", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const { id, outs } = await p.create(structuredClone(telegram(assistantId, connectionId)));
  await h.control.deleteChannel(AGENCY_ORG_ID, id);
  await h.control.resetRequests();
  expect(await p.read(id, outs)).toEqual({});
  // Its assistant is in the assistants' listing and the channel is not in its integrations[]: gone.
  expect(await h.calls()).toEqual({ [`GET ${ASSISTANTS}`]: 1 });
  await expect(p.delete(id, outs)).resolves.toBeUndefined();
});

test("delete is one DELETE; deleting the assistant takes its channels", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const a = await p.create({ assistantId, type: "internal" });
  await h.control.resetRequests();
  await p.delete(a.id, a.outs);
  expect(await h.calls()).toEqual({ [`DELETE ${CHANNELS}/:id`]: 1 });
  expect(await h.control.channels(AGENCY_ORG_ID)).toEqual([]);

  const b = await p.create(structuredClone(telegram(assistantId, connectionId)));
  await h.provider(assistantSpec).delete(assistantId, { orgId: "c" });
  expect(await h.control.channels(AGENCY_ORG_ID)).toEqual([]);
  expect(await p.read(b.id, b.outs)).toEqual({});
  expect(await h.provider(withoutGetById).read(b.id, b.outs)).toEqual({});
  await expect(p.delete(b.id, b.outs)).resolves.toBeUndefined();
});

test("a deleted connection shows on the channel as its error", async () => {
  const { assistantId, connectionId } = await parent();
  const p = h.provider(channelSpec);
  const { id, outs } = await p.create(structuredClone(telegram(assistantId, connectionId)));
  await h.control.deleteConnection(AGENCY_ORG_ID, connectionId);
  expect((await p.read(id, outs)).props).toMatchObject({ error: expect.stringMatching(/connection/) });
});
