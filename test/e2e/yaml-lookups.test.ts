/**
 * Lookups from Pulumi YAML through the real CLI: `fn::invoke` of the native provider's functions (a connection by
 * type and name, an assistant by name, the org's assistants), their results wired into a resource, clean preview
 * and refresh, a lookup that finds nothing refused in one line with no write, and destroy touching only what the
 * program made.
 */
import { join } from "node:path";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../emulator/server";
import { callsOf, installPlugin, leaked, tool } from "./native";

jest.setTimeout(180_000);

let emulator: RunningEmulator;
let project: PulumiProject;
let seeded: { sales: string; whatsapp: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const sales = await emulator.control.seedAssistant(AGENCY_ORG_ID, { name: "Sales" });
  const whatsapp = await emulator.control.seedConnection(AGENCY_ORG_ID, {
    type: "WHATSAPP",
    name: "Support line",
  });
  seeded = { sales: sales.id, whatsapp: whatsapp.id };
  project = await PulumiProject.create(join(__dirname, "fixtures/yaml-lookups"), "", {
    path: [tool("pulumi-yaml.sh")],
  });
  await installPlugin(project);
  await project.init("e2e", { "invent:baseUrl": emulator.url }, { "invent:apiKey": AGENCY_KEY });
}, 600_000);

afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});

test("up: the looked-up ids feed the channel; the lookups only read", async () => {
  const { writes, calls } = await callsOf(emulator, () => project.up());
  expect(writes).toEqual({ "POST /orgs/:org_id/assistants/:assistant_id/integrations": 1 });
  expect(calls["GET /orgs/:org_id/connections"]).toBeGreaterThan(0);
  const channel = (await emulator.control.objects("channels", AGENCY_ORG_ID))[0];
  expect({ assistant: channel.assistant_id, connection: channel.connection_id }).toEqual({
    assistant: seeded.sales,
    connection: seeded.whatsapp,
  });
  const outputs = JSON.parse((await project.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
  expect(outputs).toEqual({ salesId: seeded.sales, whatsappId: seeded.whatsapp, firstAssistant: "Sales" });
  expect(leaked(await project.exportText(), [AGENCY_KEY])).toEqual([]);
});

test("a second preview and a refresh find no changes", async () => {
  expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
});

test("a lookup that finds nothing fails preview in one line naming what was searched, and writes nothing", async () => {
  await project.ok(["config", "set", "connectionName", "Sales line"]);
  const { output, writes } = await callsOf(emulator, () => project.preview());
  expect(writes).toEqual({});
  expect(output).toMatch(/no Connection with type "WHATSAPP" and name "Sales line" in org c/);
  expect(/^\s+at \S/m.exec(output)?.[0]).toBeUndefined();
  await project.ok(["config", "rm", "connectionName"]);
});

test("destroy deletes the channel and leaves the looked-up objects alone", async () => {
  const { writes } = await callsOf(emulator, () => project.destroy());
  expect(writes).toEqual({ "DELETE /orgs/:org_id/assistants/:assistant_id/integrations/:id": 1 });
  const assistants = await emulator.control.objects("assistants", AGENCY_ORG_ID);
  expect(assistants.filter((a) => !a.deleted).map((a) => a.id)).toEqual([seeded.sales]);
  const connections = await emulator.control.objects("connections", AGENCY_ORG_ID);
  expect(connections.map((c) => c.id)).toEqual([seeded.whatsapp]);
});
