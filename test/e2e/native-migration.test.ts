/**
 * A TypeScript stack moved from the dynamic classes to the native provider by alias, on Node.js 24 (the current
 * LTS; the program, the dynamic provider host and the native plugin all run on it): assistants with children, a
 * connection with a secret, an adopted object and a reference. The move writes nothing to the API and previews
 * clean after; the plugin is installed with the package's own command (`pulumi-invent plugin install`). Also:
 * state bytes per resource on each front, an update through the native provider, the secrets grep, destroy.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packedLibrary, PulumiProject, REPO, run } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../emulator/server";
import { callsOf, leaked, secretsIn, tool } from "./native";

// Each step is one or more real CLI runs: a loaded machine takes longer than jest's default.
jest.setTimeout(180_000);

const STRIPE_KEY = "sk_test_migrationStripeKey9911";

let emulator: RunningEmulator;
let project: PulumiProject;
const printed: string[] = [];
const ok = (args: string[]) => project.ok(args).then((r) => (printed.push(r.output), r));
const up = () => ok(["up", "--yes", "--skip-preview"]);
const bytes: Record<string, Record<string, number>> = {};
const ids: Record<string, Record<string, string | undefined>> = {};
const idsNow = async () =>
  Object.fromEntries(
    (await project.resources())
      .filter((r) => r.type.includes("invent:"))
      .map((r) => [r.urn.split("::").pop(), r.id]),
  );

/** Bytes of each Invent resource in `pulumi stack export`, by name. */
async function stateBytes(): Promise<Record<string, number>> {
  return Object.fromEntries(
    (await project.resources())
      .filter((r) => r.type.includes("invent:"))
      .map((r) => [r.urn.split("::").pop(), JSON.stringify(r).length]),
  );
}

beforeAll(async () => {
  emulator = await startEmulator();
  const node24 = tool("node24.sh");
  project = await PulumiProject.create(
    join(REPO, "test/e2e/fixtures/native-migration"),
    await packedLibrary(),
    {
      path: [node24],
    },
  );
  const version = await run("node", ["--version"], { cwd: project.dir, env: project.env });
  expect(version.stdout.trim()).toMatch(/^v24\./);
  const adoptable = await emulator.control.seedAssistant(AGENCY_ORG_ID, { name: "Adopted Desk" });
  const referenced = await emulator.control.seedAssistant(AGENCY_ORG_ID, { name: "Sales (read only)" });
  await project.init(
    "e2e",
    { "invent:baseUrl": emulator.url, front: "dynamic", adoptId: adoptable.id, referenceId: referenced.id },
    { "invent:apiKey": AGENCY_KEY, stripeKey: STRIPE_KEY },
  );
  // The plugin as a TypeScript user installs it: the package's own command, on Node.js 24.
  const install = await run(
    "node",
    [join(project.dir, "node_modules/pulumi-invent/dist/provider/cli/main.js"), "plugin", "install"],
    { cwd: project.dir, env: project.env },
  );
  if (install.code !== 0) throw new Error(`pulumi-invent plugin install failed:\n${install.output}`);
}, 600_000);

afterAll(async () => {
  const dir = join(tmpdir(), "pulumi-invent-e2e-report");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "native-migration.json"),
    JSON.stringify({ bytes, history: project?.history }, null, 2),
  );
  console.log(`native-migration: state bytes per resource ${JSON.stringify(bytes)}`);
  project?.remove();
  await emulator?.stop();
});

describe("moving a TypeScript stack to the native provider (real CLI, Node.js 24)", () => {
  test("the dynamic classes create the stack (adopting one assistant, reading another)", async () => {
    const { writes } = await callsOf(emulator, up);
    expect(writes).toEqual({
      "POST /orgs/:org_id/assistants": 1,
      "POST /orgs/:org_id/connections": 1,
      "POST /orgs/:org_id/assistants/:assistant_id/actions": 1,
      "POST /orgs/:org_id/assistants/:assistant_id/integrations": 1,
    });
    expect((await project.outputs()).referenceName).toBe("Sales (read only)");
    bytes.dynamic = await stateBytes();
    ids.dynamic = await idsNow();
  });

  test("switching the import previews no change and the move writes nothing to the API", async () => {
    await ok(["config", "set", "front", "native"]);
    const preview = await callsOf(emulator, () => ok(["preview", "--diff"]));
    expect(preview.output).not.toMatch(/to create|to delete|to update|to replace/);
    expect(preview.writes).toEqual({});
    const moved = await callsOf(emulator, up);
    expect(moved.writes).toEqual({});
    const types = (await project.resources()).map((r) => r.type);
    expect(types.filter((t) => t.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
    expect(types.filter((t) => t.startsWith("invent:index:")).sort()).toEqual([
      "invent:index:Action",
      "invent:index:Assistant",
      "invent:index:Assistant",
      "invent:index:Assistant",
      "invent:index:Channel",
      "invent:index:Connection",
    ]);
  });

  test("after the move: preview and refresh are clean, ids kept, and state per resource shrinks", async () => {
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    const refresh = await callsOf(emulator, () =>
      ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]),
    );
    expect(refresh.writes).toEqual({});
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    bytes.native = await stateBytes();
    expect(await idsNow()).toEqual(ids.dynamic);
    for (const name of ["support", "lookup", "widget", "billing"])
      expect({ name, smaller: bytes.native[name] < bytes.dynamic[name] }).toEqual({ name, smaller: true });
    expect(JSON.stringify(await project.resources())).not.toContain("__provider");
  });

  test("an update after the move goes through the native provider: one PATCH", async () => {
    await ok(["config", "set", "instructions", "Answer shipping and returns questions."]);
    const { writes } = await callsOf(emulator, up);
    expect(writes).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  });

  test("secrets: no key, credential or minted key in plain text in state or output", async () => {
    const state = (await project.ok(["stack", "export"])).stdout;
    expect(
      leaked([state, ...printed].join("\n"), await secretsIn(emulator, [AGENCY_KEY, STRIPE_KEY])),
    ).toEqual([]);
  });

  test("destroy deletes what the stack manages (the adopted one too) and only forgets the reference", async () => {
    await ok(["destroy", "--yes", "--skip-preview"]);
    const s = await emulator.control.state();
    expect(s.assistants.filter((a) => !a.deleted).map((a) => a.name)).toEqual(["Sales (read only)"]);
    expect([...s.connections, ...s.actions, ...s.channels]).toEqual([]);
  });
});
