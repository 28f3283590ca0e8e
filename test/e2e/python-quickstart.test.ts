/**
 * examples/python-quickstart through the real CLI, the Python language host (scripts/pulumi-python.sh), PyPI
 * `pulumi` (scripts/python-venv.sh) and the generated SDK installed from `sdk/python` as a package, with the
 * native provider plugin installed from the packed package, against the emulator: create, a lookup (invoke), a
 * clean preview and refresh, an update that is one PATCH, the secrets grep, destroy.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { PulumiProject, REPO, run } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, RunningEmulator, startEmulator } from "../emulator/server";
import { callsOf, installPlugin, leaked, secretsIn, tool } from "./native";

// Each step is one or more real CLI runs: a loaded machine takes longer than jest's default.
jest.setTimeout(180_000);

let emulator: RunningEmulator;
let project: PulumiProject;
const printed: string[] = [];
const ok = (args: string[]) => project.ok(args).then((r) => (printed.push(r.output), r));
const up = () => ok(["up", "--yes", "--skip-preview"]);

beforeAll(async () => {
  emulator = await startEmulator();
  const venv = tool("python-venv.sh");
  project = await PulumiProject.create(join(REPO, "examples/python-quickstart"), "", {
    path: [venv, tool("pulumi-python.sh")],
  });
  // The SDK as a user installs it: built and installed as a package (here into a directory on PYTHONPATH, so
  // the shared environment stays as the script made it).
  const site = join(project.root, "site-packages");
  // Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
  const sdk = join(project.root, "sdk-python");
  cpSync(join(REPO, "sdk/python"), sdk, { recursive: true });
  const pip = await run(
    join(venv, "python3"),
    ["-m", "pip", "install", "--quiet", "--no-deps", "--target", site, sdk],
    { cwd: project.dir },
  );
  if (pip.code !== 0) throw new Error(`pip install sdk/python failed:\n${pip.output}`);
  project.env.PYTHONPATH = site;
  await installPlugin(project);
  await project.init("e2e", { "invent:baseUrl": emulator.url }, { "invent:apiKey": AGENCY_KEY });
}, 600_000);

afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});

describe("examples/python-quickstart (Python SDK, native provider, real CLI)", () => {
  test("preview lists the creations and writes nothing", async () => {
    const { output, writes } = await callsOf(emulator, () => ok(["preview", "--diff"]));
    expect(output).toContain("+ 4 to create");
    expect(writes).toEqual({});
  });

  test("up creates each object with one POST; the lookup reads the assistant back", async () => {
    const { writes } = await callsOf(emulator, up);
    expect(writes).toEqual({
      "POST /orgs/:org_id/assistants": 1,
      "POST /orgs/:org_id/assistants/:assistant_id/actions": 1,
      "POST /orgs/:org_id/assistants/:assistant_id/integrations": 1,
    });
    const outputs = await project.outputs();
    // A lookup's result holding a secret (the widget key) is secret as a whole, as in TypeScript's Output forms.
    expect(outputs.foundName).toBe("[secret]");
    const shown = await project.ok(["stack", "output", "foundName", "--show-secrets"]); // not kept in `printed`
    expect(shown.stdout.trim()).toBe("Python Quickstart");
    expect(String(outputs.assistantId)).toMatch(/^ast_/);
    expect(outputs.widgetSecret).toBe("[secret]");
  });

  test("a second preview and a refresh find no changes", async () => {
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    const refresh = await callsOf(emulator, () =>
      ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]),
    );
    expect(refresh.writes).toEqual({});
  });

  test("a changed name is one PATCH, then no changes", async () => {
    await ok(["config", "set", "name", "Renamed Quickstart"]);
    const { writes, output } = await callsOf(emulator, up);
    expect(writes).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect(output).toContain("1 updated");
    expect((await emulator.control.assistants())[0].name).toBe("Renamed Quickstart");
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  });

  // Faults through the native provider (a block, not a describe: these run in order with the steps around them).
  {
    const POST = "POST /orgs/:org_id/assistants/:assistant_id/actions";
    const LIST = "GET /orgs/:org_id/assistants/:assistant_id/actions";
    const actionsNow = async () => (await emulator.control.actions()).map((a) => a.id).sort();
    const stateId = async () => (await project.resources()).find((r) => r.urn.endsWith("::help-search"))?.id;

    test("a create whose answer is lost after the server acted is found, never sent twice", async () => {
      await emulator.control.failNext({ route: POST, status: 502, afterCommit: true });
      await ok(["config", "set", "searchTool", "TOOLS:WEB_SCRAPING"]);
      const { calls } = await callsOf(emulator, up);
      expect(calls[POST]).toBe(1); // the lost answer's object was found by a listing
      expect(await actionsNow()).toEqual([await stateId()]);
      expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    });

    test("an unknown outcome is recorded under a placeholder id, refused, and resolved by refresh", async () => {
      await emulator.control.failNext({ route: POST, status: 502, afterCommit: true });
      await emulator.control.failNext({ route: LIST, status: 500, count: 6, skip: 1 });
      await ok(["config", "set", "searchTool", "TOOLS:WEB_SEARCH"]);
      const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
      printed.push(failed.output);
      expect(failed.code).not.toBe(0);
      expect(failed.output).toMatch(/the outcome of the create is unknown/);
      expect(await stateId()).toMatch(/^unknown-outcome-/); // the engine recorded the attempt
      const refused = await callsOf(emulator, () => project.pulumi(["up", "--yes", "--skip-preview"]));
      expect(refused.output).toMatch(/outcome is still unknown/);
      expect(refused.calls[POST] ?? 0).toBe(0);
      await ok(["refresh", "--yes", "--skip-preview"]);
      const made = await stateId();
      expect(made).toMatch(/^act_/);
      const settled = await callsOf(emulator, up); // the replaced action goes; nothing is created
      expect(settled.calls[POST] ?? 0).toBe(0);
      expect(await actionsNow()).toEqual([made]);
      expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    });
  }

  test("secrets: neither the key nor the minted widget key is in plain text in state or output", async () => {
    const state = (await project.ok(["stack", "export"])).stdout;
    const secrets = await secretsIn(emulator, [AGENCY_KEY]);
    expect(secrets).toHaveLength(2);
    expect(leaked([state, ...printed].join("\n"), secrets)).toEqual([]);
  });

  test("destroy deletes every object", async () => {
    await ok(["destroy", "--yes", "--skip-preview"]);
    const s = await emulator.control.state();
    expect([...s.assistants.filter((a) => !a.deleted), ...s.actions, ...s.channels]).toEqual([]);
  });
});
