/**
 * The GitOps recipe's scheduled drift check (examples/gitops/.github/workflows/drift.yml), run for real: the
 * exact flags of the workflow's `pulumi refresh` line, through the real Pulumi CLI, against the emulator, on a
 * stack of examples/quickstart. Clean stack: exit 0. Hand edit: non-zero, naming the resource and the field,
 * with no API write and no state written. Then the recipe's remedy, `pulumi up --refresh`, puts it back. And
 * the job's audit step, run as the workflow writes it: clean, then an object made by hand fails it until it is
 * taken over with the line the audit prints.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packedLibrary, PulumiProject, REPO, run, RunResult } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../emulator/server";

jest.setTimeout(300_000);

const WORKFLOW = join(REPO, "examples/gitops/.github/workflows/drift.yml");

/** The flags of the workflow's `pulumi refresh` command (its first line; the rest is `--stack`, set here by the project). */
function workflowDriftArgs(): string[] {
  const line = readFileSync(WORKFLOW, "utf8")
    .split("\n")
    .find((l) => /^\s*pulumi refresh /.test(l));
  if (!line) throw new Error(`no 'pulumi refresh' line in ${WORKFLOW}`);
  return line
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter((t) => t === "refresh" || t.startsWith("--")); // drops the line-continuation backslash
}

const GET_ASSISTANTS = "GET /orgs/:org_id/assistants";

/** The workflow's audit command line, as its step runs it. */
function workflowAuditLine(): string {
  const line = readFileSync(WORKFLOW, "utf8")
    .split("\n")
    .find((l) => /^\s*npx pulumi-invent audit /.test(l));
  if (!line) throw new Error(`no 'npx pulumi-invent audit' line in ${WORKFLOW}`);
  return line.trim();
}

describe("drift check of the GitOps recipe (real Pulumi CLI, emulator)", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;
  const args = workflowDriftArgs();

  /** The workflow's drift command, with the API calls it made. */
  async function driftCheck(): Promise<RunResult & { calls: Record<string, number>; writes: number }> {
    await emulator.control.resetRequests();
    const res = await project.pulumi(args);
    const calls = Object.fromEntries(
      Object.entries(await emulator.control.requestCounts()).filter(([, n]) => n > 0),
    );
    return { ...res, calls, writes: await emulator.control.writes() };
  }

  /** The workflow's audit step as GitHub runs it (`shell: bash`: -eo pipefail), in the project, for the stack. */
  async function audit(): Promise<RunResult & { calls: Record<string, number>; writes: number }> {
    await emulator.control.resetRequests();
    const res = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", workflowAuditLine()], {
      cwd: project.dir,
      env: { ...project.env, PULUMI_STACK: "drift" },
    });
    const calls = Object.fromEntries(
      Object.entries(await emulator.control.requestCounts()).filter(([, n]) => n > 0),
    );
    return { ...res, calls, writes: await emulator.control.writes() };
  }

  async function assistant() {
    const id = String((await project.outputs()).assistantId);
    const stored = (await emulator.control.state()).assistants.find((a) => a.id === id && !a.deleted);
    if (!stored) throw new Error(`assistant ${id} is not in the emulator`);
    return stored;
  }

  beforeAll(async () => {
    // An org of its own, with no sub-org: everything in it is the stack's (a sub-org would be unmanaged).
    emulator = await startEmulator({
      orgs: [{ id: AGENCY_ORG_ID, name: "Emulated Agency" }],
      keys: [{ key: AGENCY_KEY, orgId: AGENCY_ORG_ID }],
    });
    project = await PulumiProject.create(join(REPO, "examples/quickstart"), await packedLibrary());
    await project.init("drift", { "invent:baseUrl": emulator.url }, { "invent:apiKey": AGENCY_KEY });
    await project.up();
  }, 600_000);

  afterAll(async () => {
    try {
      if (project) await project.destroy();
    } finally {
      project?.remove();
      await emulator?.stop();
    }
  });

  test("the workflow's command is refresh --preview-only --expect-no-changes, without --yes", () => {
    expect(args).toEqual(expect.arrayContaining(["refresh", "--preview-only", "--expect-no-changes"]));
    expect(args).not.toContain("--yes");
    expect(args).not.toContain("--skip-preview");
  });

  test("clean stack: exit 0, reads only (one listing), no --yes needed in non-interactive mode", async () => {
    const res = await driftCheck();
    expect({ code: res.code, output: res.output }).toEqual({ code: 0, output: expect.any(String) });
    expect(res.writes).toBe(0);
    // One assistant: a single page of the assistants listing answers the read.
    expect(res.calls).toEqual({ [GET_ASSISTANTS]: 1 });
  });

  test("an edit of a field the program does not declare is not drift: exit 0", async () => {
    // Undeclared fields belong to the server (README, "Only what you declare is managed"): no false alarm.
    const before = await assistant();
    await emulator.control.editAssistant(before.org_id, before.id, { config: { model: "edited-model" } });
    const res = await driftCheck();
    expect({ code: res.code, output: res.output }).toEqual({
      code: 0,
      output: expect.stringContaining("unchanged"),
    });
    expect(res.writes).toBe(0);
  });

  test("hand edit: exit non-zero, the output names the resource and the changed field, nothing written", async () => {
    const before = await assistant();
    const stateBefore = await project.exportText();
    await emulator.control.editAssistant(before.org_id, before.id, { name: "Renamed in the dashboard" });

    const res = await driftCheck();
    expect(res.code).not.toBe(0);
    expect(res.output).toContain("error: no changes were expected for refresh but changes were proposed");
    // The drifted resource by type and URN, and the field with its stored and current values.
    expect(res.output).toMatch(/~ pulumi-nodejs:dynamic\/invent:Assistant: \(update\)/);
    expect(res.output).toContain(
      "[urn=urn:pulumi:drift::invent-quickstart::pulumi-nodejs:dynamic/invent:Assistant::quickstart]",
    );
    expect(res.output).toMatch(/name\s*:\s*"Quickstart Assistant"\s*=>\s*"Renamed in the dashboard"/);
    expect(res.writes).toBe(0);

    // Preview-only: the state was not rewritten, so a plain preview still sees nothing to do, and the check
    // keeps failing until the drift is resolved.
    expect(await project.exportText()).toBe(stateBefore);
    const preview = await project.preview(["--expect-no-changes"]);
    expect(preview.code).toBe(0);
    expect((await driftCheck()).code).not.toBe(0);
    expect((await assistant()).name).toBe("Renamed in the dashboard");
  });

  test("the recipe's remedy, `up --refresh`, reverts the edit with one PATCH; the check passes again", async () => {
    await emulator.control.resetRequests();
    const up = await project.up(["--refresh"]);
    expect(up.output).toContain("1 updated");
    expect(await emulator.control.writes()).toBe(1);
    expect(await emulator.control.count("PATCH /orgs/:org_id/assistants/:id")).toBe(1);
    expect((await assistant()).name).toBe("Quickstart Assistant");
    const res = await driftCheck();
    expect(res.code).toBe(0);
    expect(res.writes).toBe(0);
  });

  test("hand deletion: exit non-zero and the output says the resource is gone, state untouched", async () => {
    const before = await assistant();
    const stateBefore = await project.exportText();
    await emulator.control.deleteAssistant(before.org_id, before.id);
    const res = await driftCheck();
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(/- pulumi-nodejs:dynamic\/invent:Assistant: \(delete\)/);
    expect(res.output).toContain("1 to delete");
    expect(res.writes).toBe(0);
    expect(await project.exportText()).toBe(stateBefore);
    // The remedy recreates it (one POST); destroy in afterAll then has an object to delete.
    await emulator.control.resetRequests();
    await project.up(["--refresh"]);
    expect(await emulator.control.writes()).toBe(1);
    expect(await emulator.control.count("POST /orgs/:org_id/assistants")).toBe(1);
    expect((await driftCheck()).code).toBe(0);
  });

  test("audit, as the workflow runs it: every object of the org is the stack's: exit 0, five reads", async () => {
    const res = await audit();
    expect({ code: res.code, output: res.output }).toEqual({
      code: 0,
      output: expect.stringContaining("Every object of the org is known to a stack."),
    });
    expect(res.writes).toBe(0);
    expect(res.calls).toEqual({
      [GET_ASSISTANTS]: 1,
      "GET /orgs/:org_id/connections": 1,
      "GET /orgs/:org_id/knowledge/contents": 1,
      "GET /orgs/:org_id/orgs": 1,
      "GET /orgs/:org_id/segments": 1,
    });
  });

  test("audit: an assistant made in the dashboard fails the job, named with how to take it over; after the import it passes", async () => {
    const made = await emulator.control.seedAssistant(AGENCY_ORG_ID, { name: "Made by hand" });
    const res = await audit();
    expect(res.code).toBe(1);
    expect(res.output).toContain(`- ${made.id} "Made by hand", created ${made.created_at}`);
    expect(res.output).toContain(`adopt:  new invent.Assistant("…", { adoptId: "${made.id}", … })`);
    expect(res.writes).toBe(0);
    // The printed import line, run as printed (the library's CLI through npx; non-interactive flags added).
    const line = /import: (pulumi-invent export .*)$/m.exec(res.output)![1];
    const taken = await run(
      "bash",
      ["-eo", "pipefail", "-c", `npx ${line} --yes --protect=false --non-interactive`],
      { cwd: project.dir, env: project.env },
    );
    expect({ code: taken.code, output: taken.code ? taken.output : "" }).toEqual({ code: 0, output: "" });
    expect((await audit()).code).toBe(0);
  });
});
