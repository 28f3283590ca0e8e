/**
 * The serialized `__provider` as the dynamic-provider host uses it: evaluated from its text, configured with
 * stack config, then driving the real runtime against the emulator.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtime from "../../provider/runtime";
import type { DynamicProvider } from "../../provider/dynamic/provider";
import { ProviderStub, providerStub } from "../../provider/dynamic/stub";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, RunningEmulator } from "../emulator/server";

let emulator: RunningEmulator;
beforeAll(async () => (emulator = await startEmulator()));
afterAll(() => emulator.stop());

/**
 * The stub as the host gets it: serialized the way `pulumi.dynamic.Resource` does (`() => provider`), then
 * loaded from its text with `pulumi-invent/runtime` resolving to the runtime under test.
 */
async function deserialize(type: string) {
  const provider = providerStub(type);
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const module = { exports: {} as { handler: () => ProviderStub } };
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

test("an unknown resource type says to upgrade the package, on the method call", async () => {
  const { provider } = await deserialize("Widget");
  await provider.configure({ config: config({}) }); // the host configures every provider first
  await expect(provider.check({}, {})).rejects.toThrow(/no resource type "Widget".*upgrade/);
});

describe("the stub forwards each method to the runtime unchanged", () => {
  const methods = ["check", "diff", "create", "read", "update", "delete"] as const;
  afterEach(() => jest.restoreAllMocks());

  test("configure passes the host's request on, then holds all seven methods", async () => {
    const { provider } = await deserialize("Connection");
    // Nothing but the type until configured: the methods are not serialized into state.
    expect(Object.keys(provider)).toEqual(["type", "configure"]);
    expect(provider.type).toBe("Connection");
    const configure = jest.spyOn(runtime, "configure").mockImplementation(() => undefined);
    const req = { config: config({ "invent:apiKey": AGENCY_KEY }) };
    await expect(provider.configure(req)).resolves.toBeUndefined();
    expect(configure).toHaveBeenCalledTimes(1);
    expect(configure.mock.calls[0]).toEqual([req]);
    expect(configure.mock.calls[0][0]).toBe(req);
    expect(Object.keys(provider).sort()).toEqual([...methods, "configure", "type"].sort());
  });

  test.each(methods)("%s: same arguments in, same result out, for the stub's type", async (method) => {
    const { provider } = await deserialize("Assistant");
    jest.spyOn(runtime, "configure").mockImplementation(() => undefined);
    await provider.configure({ config: config({}) });
    const result = { from: method };
    const fake = Object.fromEntries(methods.map((m) => [m, jest.fn(async () => result)]));
    const lookup = jest.spyOn(runtime, "provider").mockReturnValue(fake as unknown as DynamicProvider);
    const args = ["ast_1", { old: true }, { news: true }];
    // Called as the host calls it: a method call on the deserialized object.
    const host = provider as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expect(host[method](...args)).resolves.toBe(result);
    expect(lookup).toHaveBeenCalledWith("Assistant");
    expect(fake[method].mock.calls).toEqual([args]);
    for (const m of methods) if (m !== method) expect(fake[m]).not.toHaveBeenCalled();
  });

  test("a failing runtime method rejects with its own error", async () => {
    const { provider } = await deserialize("Assistant");
    jest.spyOn(runtime, "configure").mockImplementation(() => undefined);
    await provider.configure({ config: config({}) });
    const boom = new Error("boom");
    jest
      .spyOn(runtime, "provider")
      .mockReturnValue({ delete: async () => Promise.reject(boom) } as unknown as DynamicProvider);
    await expect(provider.delete("ast_1", {})).rejects.toBe(boom);
  });
});
