/**
 * The serialized `__provider` as the dynamic-provider host uses it: evaluated from its text, configured with
 * stack config, then driving the real runtime against the emulator.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtime from "../../provider/runtime";
import { providerStub } from "../../provider/stub";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, RunningEmulator } from "../emulator/server";

let emulator: RunningEmulator;
beforeAll(async () => (emulator = await startEmulator()));
afterAll(() => emulator.stop());

async function deserialize(type: string) {
  const { text } = await pulumi.runtime.serializeFunction(() => providerStub(type), { allowSecrets: true });
  const module = { exports: {} as { handler: () => ReturnType<typeof providerStub> } };
  const requireImpl = (id: string) => (id === "pulumi-invent/runtime" ? runtime : require(id));
  new Function("exports", "require", "module", text)(module.exports, requireImpl, module);
  return { text, provider: module.exports.handler() };
}

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

test("the stub configures the runtime from stack config and creates through it", async () => {
  const { provider } = await deserialize("Assistant");
  await provider.configure({
    config: config({ "invent:apiKey": AGENCY_KEY, "invent:baseUrl": emulator.url }),
  });
  const checked = await provider.check({}, { name: "Via stub" });
  expect(checked.failures).toEqual([]);
  const { id } = await provider.create({ name: "Via stub" });
  expect((await emulator.control.assistants(AGENCY_ORG_ID)).map((a) => a.id)).toEqual([id]);
});

test("invent:orgId from stack config is the default org", async () => {
  const { provider } = await deserialize("Connection");
  await provider.configure({
    config: config({
      "invent:apiKey": AGENCY_KEY,
      "invent:baseUrl": emulator.url,
      "invent:orgId": AGENCY_ORG_ID,
    }),
  });
  const { outs } = await provider.create({ type: "RESEND", config: { apiKey: "re_test_abcdefgh" } });
  expect(outs.orgId).toBe(AGENCY_ORG_ID);
});

test("without a key, a create fails saying both ways to set it, and nothing is sent", async () => {
  const { provider } = await deserialize("Assistant");
  const saved = process.env.INVENT_API_KEY;
  delete process.env.INVENT_API_KEY;
  try {
    await provider.configure({ config: config({ "invent:baseUrl": emulator.url }) });
    await emulator.control.resetRequests();
    await expect(provider.create({ name: "x" })).rejects.toThrow(/invent:apiKey.*INVENT_API_KEY/);
    expect(await emulator.control.requestCounts()).toEqual(
      expect.not.objectContaining({ "POST /orgs/:org_id/assistants": 1 }),
    );
    expect(await emulator.control.writes()).toBe(0);
  } finally {
    if (saved !== undefined) process.env.INVENT_API_KEY = saved;
  }
});

test("an unknown resource type says to upgrade the package", async () => {
  const { provider } = await deserialize("Widget");
  await expect(provider.check({}, {})).rejects.toThrow(/no resource type "Widget".*upgrade/);
});
