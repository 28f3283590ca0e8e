/**
 * `pulumi-invent export --native` end to end: the hand-made org of the export cycle, exported as a program on
 * `pulumi-invent/native` with import entries of the native types, taken over by `pulumi import --file` with the
 * plugin installed as a user installs it, then clean preview and refresh, a change that is one PATCH, and no
 * secret in state or output. Export and import never write to the org.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packedLibrary, PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, RunningEmulator, startEmulator } from "../emulator/server";
import { commandFromSources } from "../support/command";
import {
  exportedSecrets,
  INSTRUCTIONS,
  seedOrg,
  SIGNING_SECRET,
  STRIPE_KEY,
  WIDGET_KEY,
} from "./cases/export-import";
import { callsOf, installPlugin, leaked } from "./native";

jest.setTimeout(300_000);

let emulator: RunningEmulator;
let project: PulumiProject;
let exportDir: string;
let seeded: Awaited<ReturnType<typeof seedOrg>>;
const printed: string[] = [];
const SECRETS = [STRIPE_KEY, SIGNING_SECRET, WIDGET_KEY, AGENCY_KEY];

beforeAll(async () => {
  emulator = await startEmulator();
  seeded = await seedOrg(emulator.control);
  exportDir = mkdtempSync(join(tmpdir(), "pulumi-invent-export-native-"));
  const { output, writes } = await callsOf(emulator, () =>
    commandFromSources(["export", "--native", "--out", exportDir, "--library", "^0.1.0"], emulator.url).then(
      (r) => {
        if (r.code !== 0) throw new Error(`export failed:\n${r.output}`);
        return r;
      },
    ),
  );
  printed.push(output);
  expect(writes).toEqual({});
  project = await PulumiProject.create(exportDir, await packedLibrary());
  await installPlugin(project);
  const secrets = exportedSecrets(output);
  expect(Object.keys(secrets)).toHaveLength(3); // the key and the two masked credentials
  await project.init("e2e", { "invent:baseUrl": emulator.url }, secrets);
}, 900_000);

afterAll(async () => {
  project?.remove();
  if (exportDir) rmSync(exportDir, { recursive: true, force: true });
  await emulator?.stop();
});

test("the program is on pulumi-invent/native and the import entries name the native types", () => {
  expect(readFileSync(join(project.dir, "index.ts"), "utf8")).toContain(
    'import * as invent from "pulumi-invent/native";',
  );
  const entries: { type: string; id: string }[] = JSON.parse(
    readFileSync(join(project.dir, "import.json"), "utf8"),
  ).resources;
  for (const e of entries) expect(e.type).toMatch(/^invent:index:[A-Z]\w+$/);
  expect(JSON.stringify(entries)).not.toContain("__provider");
  // Every object made by hand is an entry; a link is addressed by its assistant and content, not its own id.
  const ids = entries.map((e) => e.id);
  const link = seeded.ids[seeded.ids.length - 1];
  for (const id of seeded.ids.filter((i) => i !== link)) expect(ids).toContain(id);
  expect(entries).toContainEqual(
    expect.objectContaining({ type: "invent:index:KnowledgeLink", id: `${seeded.support}/${seeded.faq}` }),
  );
});

test("pulumi import takes every object over through the plugin, writing nothing to the org", async () => {
  const { output, writes } = await callsOf(emulator, () =>
    project.ok(["import", "--file", "import.json", "--generate-code=false", "--yes"]),
  );
  printed.push(output);
  expect(writes).toEqual({});
  const imported = (await project.resources()).filter((r) => r.type.startsWith("invent:index:"));
  expect(imported.length).toBe(
    JSON.parse(readFileSync(join(project.dir, "import.json"), "utf8")).resources.length,
  );
});

test("after the import, preview and refresh find no changes and write nothing", async () => {
  for (const step of [
    () => project.preview(["--expect-no-changes"]),
    () => project.refresh(["--expect-no-changes"]),
  ]) {
    let code = -1;
    const { output, writes } = await callsOf(emulator, () => step().then((r) => ((code = r.code), r)));
    printed.push(output);
    expect({ code, writes, output: code ? output : "" }).toEqual({ code: 0, writes: {}, output: "" });
  }
});

test("a changed instruction is exactly one PATCH", async () => {
  const file = join(project.dir, "index.ts");
  const program = readFileSync(file, "utf8");
  writeFileSync(file, program.replace(JSON.stringify(INSTRUCTIONS), JSON.stringify("Answer briefly.")));
  const { output, writes } = await callsOf(emulator, () => project.up());
  printed.push(output);
  expect(writes).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
  expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
});

test("no credential, widget key or API key in state or in anything printed", async () => {
  expect(leaked([await project.exportText(), ...printed].join("\n"), SECRETS)).toEqual([]);
});
