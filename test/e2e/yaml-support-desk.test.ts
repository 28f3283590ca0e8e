/**
 * examples/yaml-support-desk through the real CLI, the Pulumi YAML language host and the native provider plugin
 * installed from the packed package, against the emulator: create, a clean preview and refresh, a prompt edit
 * that is one PATCH with a line diff in preview, drift reverted, bad input refused at preview naming the property
 * (zero API calls), `pulumi import` of every kind by id (zero writes), the secrets grep of `pulumi stack export`
 * and of everything printed, what the provider keeps of the stack config, and destroy.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PulumiProject, REPO } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, RunningEmulator, startEmulator } from "../emulator/server";
import { callsOf, installPlugin, leaked, providerInputs, secretsIn, tool } from "./native";

// Each step is one or more real CLI runs: a loaded machine takes longer than jest's default.
jest.setTimeout(180_000);

const STRIPE_KEY = "sk_test_yamlDeskStripeKey4242";
const WEBHOOK_SECRET = "whsec_yamlDeskWebhookSecret77";

let emulator: RunningEmulator;
let project: PulumiProject;
const printed: string[] = [];
const log = <T extends { output: string }>(r: T) => (printed.push(r.output), r);

const run = (args: string[]) => project.pulumi(args).then(log);
const ok = (args: string[]) => project.ok(args).then(log);
const idsByName = async (): Promise<Record<string, { id: string; inputs: Record<string, unknown> }>> =>
  Object.fromEntries(
    (await project.resources())
      .filter((r) => r.type.startsWith("invent:"))
      .map((r) => [r.urn.split("::").pop(), r]),
  );

beforeAll(async () => {
  emulator = await startEmulator();
  project = await PulumiProject.create(join(REPO, "examples/yaml-support-desk"), "", {
    path: [tool("pulumi-yaml.sh")],
  });
  await installPlugin(project);
  await project.init(
    "e2e",
    // An unrelated namespace's setting: the native provider must not record it (the dynamic path's does).
    { "invent:baseUrl": emulator.url, "other:region": "eu-west-1-not-invent" },
    { "invent:apiKey": AGENCY_KEY, stripeKey: STRIPE_KEY, webhookSecret: WEBHOOK_SECRET },
  );
}, 600_000);

afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});

describe("examples/yaml-support-desk (Pulumi YAML, native provider, real CLI)", () => {
  test("preview lists every resource and calls nothing that writes", async () => {
    const { output, writes } = await callsOf(emulator, () => run(["preview", "--diff"]));
    expect(output).toContain("+ 9 to create"); // 8 resources and the stack
    expect(output).toContain("invent:index:Assistant");
    expect(writes).toEqual({});
  });

  test("up creates each object with one POST (the link is one PUT, the order one reorder)", async () => {
    const { writes } = await callsOf(emulator, () => ok(["up", "--yes", "--skip-preview"]));
    expect(writes).toEqual({
      "POST /orgs/:org_id/assistants": 1,
      "POST /orgs/:org_id/connections": 1,
      "POST /orgs/:org_id/assistants/:assistant_id/actions": 2,
      "PATCH /orgs/:org_id/assistants/:assistant_id/actions/reorder": 1,
      "POST /orgs/:org_id/assistants/:assistant_id/integrations": 1,
      "POST /orgs/:org_id/knowledge/contents": 1,
      "PUT /orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id": 1,
    });
    const assistant = (await emulator.control.assistants())[0];
    expect((assistant.config as { instructions: string }).instructions).toBe(
      readFileSync(join(project.dir, "prompts/support.md"), "utf8"),
    );
  });

  test("a second preview and a refresh find no changes", async () => {
    const preview = await callsOf(emulator, () => run(["preview", "--diff", "--expect-no-changes"]));
    expect(preview.output).not.toMatch(/to update|to replace|to create/);
    expect((await run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"])).code).toBe(0);
  });

  test("a prompt edit is one PATCH, shown in preview as a line diff of that property only", async () => {
    const file = join(project.dir, "prompts/support.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("Never guess a price", "Never promise a refund or guess a price"),
    );
    const preview = await run(["preview", "--diff"]);
    expect(preview.output).toMatch(/~ instructions:/);
    expect(preview.output).toMatch(/-\s+- Never guess a price/);
    expect(preview.output).toMatch(/\+\s+- Never promise a refund or guess a price/);
    // The detailed diff names only what changed: no other input is listed as changed.
    expect(preview.output).not.toMatch(/~ (name|conversation|language):/);
    const { writes } = await callsOf(emulator, () => ok(["up", "--yes", "--skip-preview"]));
    expect(writes).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect((await run(["preview", "--expect-no-changes"])).code).toBe(0);
  });

  test("drift: a dashboard edit is found by refresh and reverted by the next up with one PATCH", async () => {
    const [assistant] = await emulator.control.assistants();
    await emulator.control.editAssistant(assistant.org_id, assistant.id, {
      name: "Renamed in the dashboard",
    });
    const refreshed = await run(["refresh", "--yes", "--skip-preview", "--diff"]);
    expect(refreshed.output).toContain("Renamed in the dashboard");
    const { writes } = await callsOf(emulator, () => ok(["up", "--yes", "--skip-preview"]));
    expect(writes).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect((await emulator.control.assistants())[0].name).toBe("Customer Support");
    expect((await run(["preview", "--expect-no-changes"])).code).toBe(0);
  });

  test("bad input is refused at preview, naming the property, with zero API calls", async () => {
    const file = join(project.dir, "Pulumi.yaml");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace("knowledgeScope: selected", "knowledgeScope: everything"));
    const bad = await callsOf(emulator, () => run(["preview"]));
    expect(bad.output).toMatch(/knowledgeScope: .*"all".*"selected"/);
    expect(bad.calls).toEqual({});
    writeFileSync(file, good.replace("threadMode: new", "threadMod: new"));
    const misspelt = await run(["preview"]);
    expect(misspelt.output).toMatch(/threadMod/);
    expect(misspelt.code).not.toBe(0);
    writeFileSync(file, good);
  });

  test("pulumi import takes every kind by id (children by <assistantId>/<id>) with zero writes", async () => {
    const r = await idsByName();
    const assistantId = r.support.id;
    const imports: [string, string, string][] = [
      ["Assistant", "imported-assistant", assistantId],
      ["Connection", "imported-connection", r.billing.id],
      ["Action", "imported-action", `${assistantId}/${r.orderLookup.id}`],
      ["ActionOrder", "imported-order", r.toolOrder.id],
      ["Channel", "imported-channel", `${assistantId}/${r.widget.id}`],
      ["KnowledgeContent", "imported-content", r.shippingFaq.id],
      ["KnowledgeLink", "imported-link", r.supportFaq.id],
    ];
    await ok(["stack", "init", "imports"]);
    try {
      await importEach(imports, r, assistantId);
    } finally {
      await ok(["stack", "select", "e2e"]);
    }
  });

  async function importEach(
    imports: [string, string, string][],
    r: Record<string, { id: string }>,
    assistantId: string,
  ) {
    // The program's own config must be complete for the CLI to run, though import runs no program.
    for (const [k, v] of Object.entries({
      stripeKey: STRIPE_KEY,
      webhookSecret: WEBHOOK_SECRET,
      "invent:apiKey": AGENCY_KEY,
    }))
      await ok(["config", "set", "--secret", k, v]);
    await ok(["config", "set", "invent:baseUrl", emulator.url]);
    for (const [kind, name, id] of imports) {
      const { writes, output } = await callsOf(emulator, () =>
        ok(["import", `invent:index:${kind}`, name, id, "--generate-code=false", "--yes"]),
      );
      expect({ kind, writes }).toEqual({ kind, writes: {} });
      expect(output).toContain("1 imported");
    }
    const imported = (await project.resources()).filter((x) => x.type.startsWith("invent:"));
    const byName = Object.fromEntries(imported.map((x) => [x.urn.split("::").pop(), x]));
    expect(byName["imported-action"].id).toBe(r.orderLookup.id); // state keeps the object's own id
    expect(byName["imported-action"].inputs.assistantId).toBe(assistantId);
    expect(byName["imported-assistant"].outputs.name).toBe("Customer Support");
    expect(byName["imported-order"].outputs.actionIds).toEqual([r.orderLookup.id, r.helpSearch.id]);
    expect(byName["imported-content"].inputs.text).toBe(
      readFileSync(join(project.dir, "knowledge/shipping-faq.md"), "utf8"),
    );
    // What was imported reads back unchanged.
    const refresh = await callsOf(emulator, () =>
      run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]),
    );
    expect(refresh.writes).toEqual({});
    // A malformed child id is one line saying the form.
    const bad = await run([
      "import",
      "invent:index:Action",
      "bad-action",
      r.orderLookup.id,
      "--generate-code=false",
      "--yes",
    ]);
    expect(bad.output).toContain("the import id must be <assistantId>/<id>");
    printed.push((await project.ok(["stack", "export"])).stdout);
    await ok(["stack", "rm", "imports", "--force", "--yes"]); // the objects stay: they belong to the e2e stack
  }

  test("secrets: no key, credential or minted secret in plain text in stack export or CLI output", async () => {
    const state = (await project.ok(["stack", "export"])).stdout;
    const secrets = await secretsIn(emulator, [AGENCY_KEY, STRIPE_KEY, WEBHOOK_SECRET]);
    expect(secrets.length).toBeGreaterThanOrEqual(4); // the widget's minted key among them
    expect(leaked([state, ...printed].join("\n"), secrets)).toEqual([]);
    // Each is there, encrypted: the grep would find a plain copy.
    expect(state).toContain('"secretKey": {\n');
  });

  test("the provider stores only its own settings: no other namespace of the stack config", async () => {
    const state = (await project.ok(["stack", "export"])).stdout;
    const [inputs] = providerInputs(state);
    expect(Object.keys(inputs).sort()).toEqual(["apiKey", "baseUrl"]);
    expect(JSON.stringify(inputs.apiKey)).toContain("ciphertext");
    expect(state).not.toContain("eu-west-1-not-invent");
  });

  test("destroy deletes every object", async () => {
    await ok(["destroy", "--yes", "--skip-preview"]);
    const s = await emulator.control.state();
    expect([
      ...s.assistants.filter((a) => !a.deleted),
      ...s.connections,
      ...s.actions,
      ...s.channels,
      ...s.knowledgeContents,
      ...s.knowledgeLinks,
    ]).toEqual([]);
  });
});
