import { connectionSpec } from "../../provider/resources/connection";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();

const STRIPE_KEY = "sk_test_51Hxyz_fake_credential_9876";
const declared = { type: "STRIPE", name: "Billing", config: { apiKey: STRIPE_KEY } };

async function created(values: Record<string, unknown> = declared) {
  const p = h.provider(connectionSpec);
  const res = await p.create(structuredClone(values));
  await h.control.resetRequests();
  return { p, ...res };
}

describe("Connection provider against the emulator", () => {
  test("create sends the credential once, in snake_case; state keeps what was declared, not the mask", async () => {
    const { id, outs } = await created();
    const [stored] = await h.control.connections(AGENCY_ORG_ID);
    expect(stored.id).toBe(id);
    expect(stored.config.api_key).toBe(STRIPE_KEY);
    expect(outs).toEqual({
      ...declared,
      orgId: "c",
      status: "ACTIVE",
      statusError: null,
      externalName: null,
      externalId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  test("read against masked credentials finds no change; diff is clean", async () => {
    const { p, id, outs } = await created();
    const read = await p.read(id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(declared);
    expect(await p.diff(id, read.props!, structuredClone(declared))).toMatchObject({ changes: false });
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/connections": 1 });
  });

  test("a credential replaced in the dashboard shows as drift and the next update puts ours back", async () => {
    const { p, id, outs } = await created();
    await h.control.editConnection(AGENCY_ORG_ID, id, {
      config: { api_key: "sk_test_someone_elses_key_1111" },
    });
    const read = await p.read(id, outs);
    expect((read.props!.config as Record<string, string>).apiKey).toBe("****1111");
    expect(await p.diff(id, read.props!, structuredClone(declared))).toMatchObject({
      changes: true,
      replaces: [],
    });
    await p.update(id, read.props!, structuredClone(declared));
    const [stored] = await h.control.connections(AGENCY_ORG_ID);
    expect(stored.config.api_key).toBe(STRIPE_KEY);
  });

  test("a new credential in the program is one PATCH", async () => {
    const { p, id, outs } = await created();
    const news = { ...declared, config: { apiKey: "sk_test_rotated_credential_2222" } };
    expect(await p.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await p.update(id, outs, news);
    expect(await h.calls()).toEqual({ "PATCH /orgs/:org_id/connections/:id": 1 });
    expect(after.config).toEqual(news.config);
  });

  test("changing type replaces the connection", async () => {
    const { p, id, outs } = await created();
    expect(await p.diff(id, outs, { ...declared, type: "RESEND" })).toEqual({
      changes: true,
      replaces: ["type"],
      deleteBeforeReplace: false,
    });
  });

  test("browser sign-in types are refused at check, before any API call", async () => {
    const p = h.provider(connectionSpec);
    const { failures } = await p.check({}, { type: "GOOGLE_CALENDAR", config: {} });
    expect(failures).toEqual([
      // No property is named: the engine would print its value beside the failure (secrets in clear).
      { property: "", reason: expect.stringMatching(/^type: GOOGLE_CALENDAR .*dashboard/) },
    ]);
    await expect(p.create({ type: "GOOGLE_CALENDAR", config: {} })).rejects.toThrow(/browser sign-in/);
    expect(await h.calls()).toEqual({});
  });

  test("delete, and delete of what is already gone", async () => {
    const { p, id, outs } = await created();
    await p.delete(id, outs);
    expect(await h.control.connections(AGENCY_ORG_ID)).toHaveLength(0);
    await expect(p.delete(id, outs)).resolves.toBeUndefined();
    expect(await p.read(id, outs)).toEqual({});
  });

  test("the credential never appears in logs or errors", async () => {
    await h.control.failNext({ route: "POST /orgs/:org_id/connections", status: 500 });
    await created();
    const err = await h
      .provider(connectionSpec)
      .create({ type: "NOPE", config: { apiKey: STRIPE_KEY } })
      .catch((e: Error) => e);
    expect([String(err), ...h.logs].join("\n")).not.toContain(STRIPE_KEY);
  });
});
