/**
 * Taking over an existing org through the real Pulumi CLI, without the import command: a browser-only
 * WhatsApp connection found by `getConnectionOutput` and wired into a channel, an assistant referenced with
 * `Assistant.get` (and given an action), one found by `getAssistant`, and one taken over with `adoptId`.
 */
import { join } from "node:path";
import { packedLibrary, PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../emulator/server";

jest.setTimeout(300_000);

let emulator: RunningEmulator;
let project: PulumiProject;
let seeded: { referenced: string; sales: string; support: string; whatsapp: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const control = emulator.control;
  const referenced = await control.seedAssistant(AGENCY_ORG_ID, {
    name: "Referenced",
    config: { instructions: "By hand." },
  });
  const sales = await control.seedAssistant(AGENCY_ORG_ID, { name: "Sales" });
  const support = await control.seedAssistant(AGENCY_ORG_ID, {
    name: "Support",
    config: { instructions: "By hand." },
  });
  const whatsapp = await control.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "Support line" });
  seeded = { referenced: referenced.id, sales: sales.id, support: support.id, whatsapp: whatsapp.id };
  // An audience of 251: 150 VIPs, a fifth of them blocked (120 subscribed VIPs: two pages of 100), and Ann.
  for (let i = 0; i < 250; i++)
    await control.seed("contacts", AGENCY_ORG_ID, {
      name: `Customer ${i}`,
      blocked: i % 5 === 0,
      segments: i < 150 ? [{ id: "seg_vip", name: "VIP", color: "amber" }] : [],
    });
  await control.seed("contacts", AGENCY_ORG_ID, {
    name: "Ann",
    channels: [{ id: "cch_ann", type: "custom", email: "ann@example.com" }],
  });
  project = await PulumiProject.create(join(__dirname, "fixtures/lookups"), await packedLibrary());
  await project.init(
    "dev",
    {
      "invent:baseUrl": emulator.url,
      referencedAssistantId: referenced.id,
      adoptAssistantId: support.id,
      vipSegmentId: "seg_vip",
    },
    { "invent:apiKey": AGENCY_KEY },
  );
}, 600_000);
afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});

const writes = async () =>
  (await emulator.control.requestLog()).filter((r) => r.method !== "GET").map((r) => r.route);
const alive = async () =>
  (await emulator.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted).map((a) => a.id);

test("preview only reads: lookups, the reference and the adoption's plan make GETs alone", async () => {
  await emulator.control.resetRequests();
  const res = await project.preview();
  expect(res.code).toBe(0);
  expect(await writes()).toEqual([]);
  expect((await emulator.control.requestLog()).length).toBeGreaterThan(0);
});

test("up adopts the assistant without creating one, and wires the looked-up connection into the channel", async () => {
  await emulator.control.resetRequests();
  await project.up();
  expect((await writes()).sort()).toEqual(
    [
      "PATCH /orgs/:org_id/assistants/:id", // the adopted one's instructions
      "POST /orgs/:org_id/assistants/:assistant_id/actions",
      "POST /orgs/:org_id/assistants/:assistant_id/integrations",
    ].sort(),
  );
  const outputs = await project.outputs();
  expect(outputs).toMatchObject({
    vipCount: 120,
    annName: "Ann",
    referencedName: "Referenced",
    salesId: seeded.sales,
    supportId: seeded.support,
    whatsappId: seeded.whatsapp,
  });
  const [channel] = await emulator.control.channels(AGENCY_ORG_ID);
  expect([channel.assistant_id, channel.connection_id]).toEqual([seeded.support, seeded.whatsapp]);
  const support = (await emulator.control.assistants(AGENCY_ORG_ID)).find((a) => a.id === seeded.support)!;
  expect(support.config.instructions).toBe("Answer from code.");
  const referenced = (await emulator.control.assistants(AGENCY_ORG_ID)).find(
    (a) => a.id === seeded.referenced,
  )!;
  expect(referenced.config.instructions).toBe("By hand.");
});

test("contact lookups read every page with the API's filters: 2 pages for 120 VIPs, 1 call for Ann", async () => {
  await emulator.control.resetRequests();
  expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  const contactCalls = (await emulator.control.requestLog()).filter((r) => r.route.includes("/contacts"));
  expect(contactCalls).toHaveLength(3);
  expect(await writes()).toEqual([]);
});

test("a second preview shows no changes and writes nothing", async () => {
  await emulator.control.resetRequests();
  expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  expect(await writes()).toEqual([]);
});

test("destroy deletes the adopted assistant and what the stack made, never the referenced or looked-up ones", async () => {
  await project.destroy();
  const left = await alive();
  expect(left).not.toContain(seeded.support);
  expect(left.sort()).toEqual([seeded.referenced, seeded.sales].sort());
  expect(
    (await emulator.control.actions(AGENCY_ORG_ID)).filter((a) => a.assistant_id === seeded.referenced),
  ).toEqual([]);
  expect((await emulator.control.connections(AGENCY_ORG_ID)).map((c) => c.id)).toEqual([seeded.whatsapp]);
});
