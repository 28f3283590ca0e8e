/**
 * `pulumi-invent export` end to end, through the real Pulumi CLI against the emulator: a hand-made org (made
 * as in the dashboard) is exported, the written program is installed against the packed library, `pulumi
 * import --file import.json` takes every object over, and from then on the program manages them: preview and
 * refresh are clean, a change is one PATCH, destroy deletes what was imported except what is retained. Export
 * and import never write to the org, and nothing secret is written to disk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packedLibrary, PulumiProject, run, RunResult } from "../../../scripts/lib/pulumi-project";
import type { EmulatorControl, EmulatorSettings } from "../../emulator/control";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../../emulator/server";
import { commandFromSources } from "../../support/command";

export const STRIPE_KEY = "sk_test_export_billing_credential_4242";
export const SIGNING_SECRET = "whsec_test_export_signing_secret_8642";
export const WIDGET_KEY = "ask_test_export_widget_secret_key_1357";
export const INSTRUCTIONS = 'You answer "shipping" questions.\nNever quote C:\\paths or ${templates}.';

/**
 * The secret config an export asked for (its `pulumi config set --secret` lines), each set to the real credential
 * of the seeded org (the test knows them, by the masked form the export showed), and the API key.
 */
export function exportedSecrets(exportStdout: string): Record<string, string> {
  const real: Record<string, string> = { "****4242": STRIPE_KEY, "****8642": SIGNING_SECRET };
  const secrets: Record<string, string> = { "invent:apiKey": AGENCY_KEY };
  for (const m of exportStdout.matchAll(/^pulumi config set --secret (\S+) '<value>' .* shown as (\S+)$/gm))
    secrets[m[1]] = real[m[2]];
  return secrets;
}

/** A hand-made org: everything the library manages, made as in the dashboard (not counted as API writes). */
export async function seedOrg(c: EmulatorControl) {
  const org = AGENCY_ORG_ID;
  const board = await c.seed("boards", org, { name: "Sales pipeline" });
  const support = await c.seedAssistant(org, {
    name: "Customer Support",
    secret_key: WIDGET_KEY,
    boards: [
      {
        id: "abd_SeededBoardLink00000001",
        board_id: board.id,
        board_name: "Sales pipeline",
        initial_segment: { id: "seg_SeededNewLeads0000001", name: "New leads" },
        created_at: "2024-05-01T12:00:00Z",
        updated_at: "2024-05-01T12:00:00Z",
      },
    ],
    config: {
      instructions: INSTRUCTIONS,
      language: "en",
      model: "gpt-4.1",
      tts: { voice_id: "verse" },
      knowledge_scope: "selected",
      timezone: "Europe/Paris",
      conversation: {
        thread_mode: "continue",
        welcome_banner: "Hi! Ask us anything.",
        suggested_messages: ["Where is my order?", "Refund policy"],
        enable_memories: true,
        enable_auto_csat: true,
      },
    },
  });
  const sales = await c.seedAssistant(org, { name: "Sales (EU)", enabled: false });
  const billing = await c.seedConnection(org, {
    type: "STRIPE",
    name: "Billing",
    config: { api_key: STRIPE_KEY },
  });
  const whatsapp = await c.seedConnection(org, { type: "WHATSAPP", name: "Support line" });
  const lookup = await c.seedAction(org, {
    assistant_id: support.id,
    action_id: "TOOLS:HTTP_REQUEST",
    name: "Look up an order",
    instructions: "Use when the customer gives an order number.",
    connection_id: billing.id,
    config: { input: { url: "https://orders.example.com/lookup" }, definitions: [] },
  });
  const search = await c.seedAction(org, {
    assistant_id: support.id,
    action_id: "TOOLS:WEB_SEARCH",
    enabled: false,
  });
  const widget = await c.seedChannel(org, { assistant_id: support.id, integration_id: "internal" });
  const wa = await c.seedChannel(org, {
    assistant_id: support.id,
    integration_id: "whatsapp_bot",
    connection_id: whatsapp.id,
    config: { phone_number: "+15550100", signing_secret: SIGNING_SECRET },
  });
  const faq = await c.seedKnowledgeContent(org, {
    title: "Shipping FAQ",
    content: { type: "TEXT", text: "Q: How long does shipping take?\nA: Two days." },
  });
  const link = await c.linkKnowledge(org, support.id, faq.id);
  // The audience's data: never exported.
  await c.seed("contacts", org, { name: "Ann Exported-Never" });
  return {
    board: board.id,
    support: support.id,
    billing: billing.id,
    whatsapp: whatsapp.id,
    faq: faq.id,
    ids: [support.id, sales.id, billing.id, lookup.id, search.id, widget.id, wa.id, faq.id, link.id],
  };
}

/** The whole cycle against an emulator with these settings (default: its defaults). */
export function exportImportCycle(shapes: Partial<EmulatorSettings> = {}): void {
  /** Import entries: 10 of the org's own objects, its client sub-org, and that one's billing when listed. */
  const exportedEntries = shapes.subOrgBillingInSummary === false ? 11 : 12;
  const ORDER_ROUTE = "PATCH /orgs/:org_id/assistants/:assistant_id/actions/reorder";

  let emulator: RunningEmulator;
  let project: PulumiProject;
  let exported: RunResult;
  let exportDir: string;
  let seeded: {
    board: string;
    support: string;
    billing: string;
    whatsapp: string;
    faq: string;
    ids: string[];
  };
  const printed: string[] = [];

  const writesOnly = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).filter(([route, n]) => n > 0 && !route.startsWith("GET")));

  async function writesOf<T>(
    action: () => Promise<T>,
  ): Promise<{ result: T; writes: Record<string, number> }> {
    await emulator.control.resetRequests();
    const result = await action();
    return { result, writes: writesOnly(await emulator.control.requestCounts()) };
  }

  /**
   * `pulumi-invent export` from the sources. The harness installs the packed library into the written program,
   * so this export writes a plain range instead of vendoring a tarball (the packed CLI's export below does).
   */
  const exportFromSources = (out: string, extra: string[] = []): Promise<RunResult> =>
    commandFromSources(["export", "--out", out, "--library", "^0.1.0", ...extra], emulator.url);

  /** Every file under a directory, as text. */
  function filesOf(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (name === "node_modules") continue;
        if (statSync(p).isDirectory()) walk(p);
        else out[p.slice(dir.length + 1)] = readFileSync(p, "utf8");
      }
    };
    walk(dir);
    return out;
  }

  beforeAll(async () => {
    emulator = await startEmulator(shapes);
    seeded = await seedOrg(emulator.control);
    exportDir = mkdtempSync(join(tmpdir(), "pulumi-invent-export-"));
    const { result, writes } = await writesOf(() => exportFromSources(exportDir));
    exported = result;
    printed.push(result.output);
    if (result.code !== 0) throw new Error(`export failed:\n${result.output}`);
    expect(writes).toEqual({});
    project = await PulumiProject.create(exportDir, await packedLibrary());
    await project.init("e2e", { "invent:baseUrl": emulator.url }, exportedSecrets(result.stdout));
  }, 900_000);

  afterAll(async () => {
    project?.remove();
    if (exportDir) rmSync(exportDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  test("export reads only, and writes a program, import entries and the project files", () => {
    expect(Object.keys(filesOf(exportDir)).sort()).toEqual(
      ["Pulumi.yaml", "import.json", "index.ts", "package.json", "tsconfig.json"].sort(),
    );
    const program = readFileSync(join(project.dir, "index.ts"), "utf8");
    // Children by reference, the browser-only connection by lookup, credentials from secret config.
    expect(program).toContain(`invent.getConnectionOutput({ id: "${seeded.whatsapp}" })`);
    expect(program).toMatch(/assistantId: customerSupport\.id/);
    expect(program).toMatch(/connectionId: billing\.id/);
    expect(program).toMatch(/connectionId: supportLine\.id/);
    expect(program).toMatch(/contentId: shippingFaq\.id/);
    expect(program).toContain(JSON.stringify(INSTRUCTIONS));
    expect(program).not.toContain('new invent.Connection("support-line"');
    // The assistant's boards, as a program writes them; contacts are not configuration.
    expect(program).toContain(
      `boards: [{ boardId: "${seeded.board}", initialSegmentId: "seg_SeededNewLeads0000001" }]`,
    );
    expect(program).not.toMatch(/Exported-Never|Contact/);
    // Two secret config lines, exactly, for the two masked credentials (none when the API omits credentials:
    // export cannot see them, so the program declares none and the connection keeps what it holds).
    const omitted = shapes.credentialsInResponses === "omitted";
    expect(exported.stdout.match(/^pulumi config set --secret /gm) ?? []).toHaveLength(omitted ? 0 : 2);
  });

  test("nothing secret is written to disk: no credential, no widget key", () => {
    const text = Object.values(filesOf(exportDir)).join("\n");
    for (const secret of [STRIPE_KEY, SIGNING_SECRET, WIDGET_KEY, AGENCY_KEY])
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
  });

  test("import entries carry the __provider a program stores, and the dynamic type tokens", () => {
    const entries: { type: string; inputs: { __provider: string }; outputs: { __provider: string } }[] =
      JSON.parse(readFileSync(join(exportDir, "import.json"), "utf8")).resources;
    // 2 assistants, 1 connection, 2 actions, order, 2 channels, content, link; the agency's client sub-org and
    // its billing (when the sub-org listing shows billing at all).
    expect(entries).toHaveLength(exportedEntries);
    for (const e of entries) {
      expect(e.type).toMatch(
        /^pulumi-nodejs:dynamic\/invent:(Assistant|Connection|Action|ActionOrder|Channel|KnowledgeContent|KnowledgeLink|SubOrganization|SubOrganizationBilling)$/,
      );
      expect(e.inputs.__provider).toBe(e.outputs.__provider);
      expect(e.inputs.__provider).toContain(
        `var __provider = {type: ${JSON.stringify(e.type.split(":").pop())}`,
      );
    }
  });

  test("pulumi import takes every object over without writing to the org", async () => {
    const { result, writes } = await writesOf(() =>
      project.ok(["import", "--file", "import.json", "--generate-code=false", "--yes"]),
    );
    printed.push(result.output);
    expect(writes).toEqual({});
    const imported = (await project.resources()).filter((r) => r.type.includes("invent:"));
    expect(imported).toHaveLength(exportedEntries);
  });

  test("after the import, preview with the program shows no changes and writes nothing", async () => {
    const { result, writes } = await writesOf(() => project.preview(["--expect-no-changes"]));
    printed.push(result.output);
    expect({ code: result.code, output: result.code ? result.output : "" }).toEqual({ code: 0, output: "" });
    expect(writes).toEqual({});
  });

  test("refresh finds no changes, and a preview after it is still clean", async () => {
    const { result, writes } = await writesOf(() => project.refresh(["--expect-no-changes"]));
    printed.push(result.output);
    expect({ code: result.code, output: result.code ? result.output : "" }).toEqual({ code: 0, output: "" });
    expect(writes).toEqual({});
    expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  });

  test("a changed instruction is exactly one PATCH", async () => {
    const file = join(project.dir, "index.ts");
    const program = readFileSync(file, "utf8");
    writeFileSync(
      file,
      program.replace(JSON.stringify(INSTRUCTIONS), JSON.stringify("Answer in one sentence.")),
    );
    const { result, writes } = await writesOf(() => project.up());
    printed.push(result.output);
    expect(writes).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    const support = (await emulator.control.assistants()).find((a) => a.id === seeded.support)!;
    expect(support.config.instructions).toBe("Answer in one sentence.");
    expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  });

  test("the export is deterministic, and the packed CLI writes the same import entries", async () => {
    const again = join(project.root, "again");
    const res = await run(join(project.dir, "node_modules/.bin/pulumi-invent"), ["export", "--out", again], {
      cwd: project.root,
      env: { ...process.env, INVENT_API_KEY: AGENCY_KEY, INVENT_BASE_URL: emulator.url, INVENT_ORG_ID: "" },
    });
    expect({ code: res.code, output: res.code ? res.output : "" }).toEqual({ code: 0, output: "" });
    const before = readFileSync(join(exportDir, "import.json"), "utf8");
    const after = readFileSync(join(again, "import.json"), "utf8");
    // Only the changed instruction (and its assistant's updated_at) differs.
    const norm = (s: string) =>
      s
        .replace(/"updatedAt": "[^"]+"/g, "")
        .replaceAll(JSON.stringify(INSTRUCTIONS).slice(1, -1), "Answer in one sentence.");
    expect(norm(after)).toBe(norm(before));

    // What it wrote installs as written: the library is a tarball beside the program, not a registry range.
    const pkg = JSON.parse(readFileSync(join(again, "package.json"), "utf8"));
    expect(pkg.dependencies["pulumi-invent"]).toMatch(/^file:vendor\/pulumi-invent-\d+\.\d+\.\d+\.tgz$/);
    const installed = await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: again,
    });
    expect({ code: installed.code, output: installed.code ? installed.output : "" }).toEqual({
      code: 0,
      output: "",
    });
    expect(statSync(join(again, "node_modules/pulumi-invent/dist/provider/index.js")).isFile()).toBe(true);
  });

  test("state holds no credential or widget key in plain text", async () => {
    const state = await project.exportText();
    for (const secret of [STRIPE_KEY, SIGNING_SECRET, WIDGET_KEY, AGENCY_KEY])
      expect({ secret, found: [state, ...printed].join("\n").includes(secret) }).toEqual({
        secret,
        found: false,
      });
  });

  test("destroy deletes what was imported, except a retained object and the looked-up connection", async () => {
    const file = join(project.dir, "index.ts");
    const program = readFileSync(file, "utf8");
    const start = program.indexOf('new invent.Connection("billing"');
    const end = program.indexOf("\n});", start);
    writeFileSync(file, `${program.slice(0, end)}\n}, { retainOnDelete: true });${program.slice(end + 4)}`);
    const retained = await writesOf(() => project.up());
    expect(retained.writes).toEqual({}); // an option: state only
    const { writes } = await writesOf(() => project.destroy());
    expect(writes).toEqual({
      "DELETE /orgs/:org_id/assistants/:id": 2,
      "DELETE /orgs/:org_id/assistants/:assistant_id/actions/:id": 2,
      "DELETE /orgs/:org_id/assistants/:assistant_id/integrations/:id": 2,
      "DELETE /orgs/:org_id/knowledge/contents/:id": 1,
      "DELETE /orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id": 1,
    });
    const state = await emulator.control.state();
    expect(state.assistants.filter((a) => !a.deleted)).toEqual([]);
    expect(state.connections.map((c) => c.id).sort()).toEqual([seeded.billing, seeded.whatsapp].sort());
    expect([
      ...state.actions,
      ...state.channels,
      ...state.knowledgeContents,
      ...state.knowledgeLinks,
    ]).toEqual([]);
    expect(ORDER_ROUTE in writes).toBe(false); // an order is not an object: nothing to delete
  });
}
