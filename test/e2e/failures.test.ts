/**
 * What a user sees when things go wrong, through the real CLI: invalid input stopped at preview with the
 * property named and nothing sent; API errors (bad key, creation rate limit) as one clear sentence with
 * nothing half-made; and an upgrade of the library under an existing stack (the thin stub at work).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packedLibrary, PulumiProject, REPO } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, RunningEmulator, startEmulator } from "../emulator/server";

jest.setTimeout(300_000);

let emulator: RunningEmulator;
let tarball: string;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  tarball = await packedLibrary();
}, 600_000);
afterAll(async () => {
  projects.forEach((p) => p.remove());
  await emulator.stop();
});
beforeEach(() => emulator.control.reset());

async function project(source: string, apiKey = AGENCY_KEY) {
  const p = await PulumiProject.create(source, tarball);
  projects.push(p);
  await p.init("e2e", { "invent:baseUrl": emulator.url }, { "invent:apiKey": apiKey });
  return p;
}

const totalRequests = async () =>
  Object.values(await emulator.control.requestCounts()).reduce((a, b) => a + b, 0);

test("invalid arguments fail at preview, naming each property and the fix, with no API call", async () => {
  const p = await project(join(__dirname, "fixtures/bad-input"));
  await p.ok(["config", "set", "case", "assistant"]);
  const res = await p.preview();
  expect(res.code).not.toBe(0);
  expect(res.output).toContain("name: must be at least 1 character(s) long");
  expect(res.output).toContain('timezone: must be an IANA time zone such as "Europe/Paris"');
  expect(res.output).toContain("conversation.threadMode: Invalid option");
  expect(res.output).toContain('instrutions: unknown property. Did you mean "instructions"?');
  expect(res.output).toContain("secretKey: is an output set by the server; remove it from the arguments.");
  expect(res.output).not.toContain("copied-from-another-stack");
  const up = await p.pulumi(["up", "--yes"]);
  expect(up.code).not.toBe(0);

  await p.ok(["config", "set", "case", "connection"]);
  const conn = await p.preview();
  expect(conn.code).not.toBe(0);
  expect(conn.output).toMatch(/type: GOOGLE_CALENDAR connects through a browser sign-in.*Invent dashboard/);

  await p.ok(["config", "set", "case", "shapes"]);
  const shapes = await p.preview();
  expect(shapes.code).not.toBe(0);
  for (const output of ["status", "createdAt"])
    expect(shapes.output).toContain(
      `${output}: is an output set by the server; remove it from the arguments.`,
    );
  expect(shapes.output).toContain(
    'orgId: must be "c" (the API key\'s own org) or an org id such as "org_83WaHwFGg6CbtZp0JgsveI" ' +
      '("org_" followed by letters and digits) (got "acme-inc").',
  );
  expect(shapes.output).toContain("config: must be an object (got a secret string).");
  expect(shapes.output).not.toContain("sk_test_bad_input_config");

  // The child kinds: each refused at preview, naming the property, before any call.
  const childMessages: Record<string, RegExp> = {
    action: /tool: must be a catalog id such as "TOOLS:HTTP_REQUEST"/,
    channel: /type: Invalid option/,
    content: /text.*url|url.*text/,
    contacts:
      /listContacts: unknown argument "segment_id"; did you mean "segmentId"\?; status: Invalid option: .*; did you mean status: "SUBSCRIBED"\?/,
  };
  for (const [which, message] of Object.entries(childMessages)) {
    await p.ok(["config", "set", "case", which]);
    const res = await p.preview();
    expect({ which, failed: res.code !== 0 }).toEqual({ which, failed: true });
    expect(res.output).toMatch(message);
    // One clear message, no stack trace (a lookup's error is marked as Pulumi marks a RunError).
    expect({ which, stackFrame: /^\s+at \S/m.exec(res.output)?.[0] }).toEqual({
      which,
      stackFrame: undefined,
    });
  }
  expect(await totalRequests()).toBe(0);
});

test("an invalid API key is one clear sentence, and nothing is created", async () => {
  const p = await project(
    join(REPO, "examples/quickstart"),
    "inv_test_revoked_key_0000000000000000000000000",
  );
  const res = await p.pulumi(["up", "--yes", "--skip-preview"]);
  expect(res.code).not.toBe(0);
  expect(res.output).toMatch(
    /Invent API (GET|POST) \/orgs\/c\/assistants failed with 401: [^\n]*\(request id [0-9a-f-]{36}\)\. Check the API key: [^\n]*The key comes from invent:apiKey \(stack config\) or INVENT_API_KEY\./,
  );
  expect(res.output).not.toContain("inv_test_revoked_key_0000000000000000000000000");
  expect((await emulator.control.state()).assistants).toEqual([]);
  expect(await p.resources()).not.toContainEqual(
    expect.objectContaining({ type: expect.stringContaining("invent:") }),
  );
});

test("a rate-limited creation is one clear sentence, fails fast, and leaves nothing half-made", async () => {
  await emulator.control.settings({ assistantCreatesPerHour: 0 });
  const p = await project(join(REPO, "examples/quickstart"));
  const res = await p.pulumi(["up", "--yes", "--skip-preview"]);
  expect(res.code).not.toBe(0);
  expect(res.output).toMatch(
    /POST \/orgs\/c\/assistants failed with 429.*Rate limited; the server asks to wait \d+s/,
  );
  expect(res.ms).toBeLessThan(60_000); // the hour-long hint is reported, not waited out
  expect((await emulator.control.state()).assistants).toEqual([]);
  expect(await p.resources()).not.toContainEqual(
    expect.objectContaining({ type: expect.stringContaining("invent:") }),
  );
});

/** The packed library with a changed implementation (as a new release would have) and a marker it prints. */
function changedBuild(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-invent-build-b-"));
  execFileSync("tar", ["xzf", from, "-C", dir]);
  const runtime = join(dir, "package/dist/provider/runtime.js");
  const code = readFileSync(runtime, "utf8").replace(
    /function configure\(req\) \{/,
    'function configure(req) {\n    process.stderr.write("pulumi-invent build B configured\\n");',
  );
  if (!code.includes("build B")) throw new Error("could not patch runtime.js");
  writeFileSync(runtime, code);
  const pkgPath = join(dir, "package/package.json");
  writeFileSync(
    pkgPath,
    JSON.stringify({ ...JSON.parse(readFileSync(pkgPath, "utf8")), version: "0.1.1" }, null, 2),
  );
  const out = join(dir, "pulumi-invent-0.1.1.tgz");
  execFileSync("tar", ["czf", out, "-C", dir, "package"]);
  return out;
}

test("upgrade: a stack made with one build previews and refreshes clean under a changed build, which then runs", async () => {
  const p = await project(join(REPO, "examples/support-desk"));
  await p.ok(["config", "set", "--secret", "billingApiKey", "sk_test_upgrade_case_1234"]);
  await p.ok(["config", "set", "--secret", "telegramBotToken", "7100200300:AAE_upgrade_case_5678"]);
  await p.up();
  const stubs = async () =>
    Object.fromEntries(
      (await p.resources())
        .filter((r) => r.type.includes("invent:"))
        .map((r) => [r.urn, r.inputs.__provider]),
    );
  const stubsBefore = await stubs();

  await p.install(changedBuild(tarball));
  expect(
    JSON.parse(readFileSync(join(p.dir, "node_modules/pulumi-invent/package.json"), "utf8")).version,
  ).toBe("0.1.1");

  const preview = await p.preview(["--expect-no-changes"]);
  expect(preview.code).toBe(0);
  const refresh = await p.refresh(["--expect-no-changes"]);
  expect(refresh.code).toBe(0);
  expect(refresh.output).toContain("pulumi-invent build B configured"); // refresh ran the installed code
  await p.up();
  expect(await stubs()).toEqual(stubsBefore);
  await p.destroy();
});

test("a content whose processing keeps failing never piles up: one failed copy at most, then the fix lands", async () => {
  const p = await project(join(__dirname, "fixtures/knowledge"));
  const contents = async () => (await emulator.control.state()).knowledgeContents;
  const reason = "Could not fetch the page (HTTP 403)";

  await emulator.control.failNextKnowledge(1, reason);
  const first = await p.up().catch((e: Error) => e.message);
  expect(first).toContain(`its processing failed: ${reason}. Fix the source the reason names`);
  expect((await contents()).map((c) => c.status)).toEqual(["FAILED"]);

  // The next up fails the same way: the failed copy is deleted before the new one is made, so still one.
  await emulator.control.failNextKnowledge(1, reason);
  const firstId = (await contents())[0].id;
  const second = await p.up().catch((e: Error) => e.message);
  expect(second).toContain(reason);
  const afterSecond = await contents();
  expect(afterSecond.map((c) => c.status)).toEqual(["FAILED"]);
  expect(afterSecond[0].id).not.toBe(firstId);

  // The source works again: the failed copy goes, the new one is processed and linked; nothing else is left.
  await p.up();
  const done = await contents();
  expect(done.map((c) => c.status)).toEqual(["PROCESSED"]);
  expect((await emulator.control.state()).knowledgeLinks.map((l) => l.content_id)).toEqual([done[0].id]);
  expect((await p.preview(["--expect-no-changes"])).code).toBe(0);
  expect((await p.refresh(["--expect-no-changes"])).code).toBe(0);
  await p.destroy();
  expect(await contents()).toEqual([]);
});

test("retries are reported in the CLI output, so a slow `up` says why", async () => {
  const p = await project(join(REPO, "examples/quickstart"));
  await p.up();
  await p.ok(["config", "set", "instructions", "Shorter answers."]);
  await emulator.control.failNext({ route: "PATCH /orgs/:org_id/assistants/:id", status: 503 });
  const res = await p.up();
  expect(res.output).toMatch(
    /pulumi-invent: PATCH \/orgs\/c\/assistants\/ast_\w+ answered 503; retry 1\/5 in \d+\.\ds/,
  );
  expect((await emulator.control.state()).assistants[0].config.instructions).toBe("Shorter answers.");
  await p.destroy();
});
