/**
 * The GitOps recipe's conversation-test job (examples/gitops/.github/workflows/chat-tests.yml), run for real:
 * its steps' shell scripts, as GitHub runs them (bash -eo pipefail, $GITHUB_ENV between steps), in a git
 * checkout of examples/support-desk with a long-lived `ci` stack, through the real Pulumi CLI and the packed
 * `pulumi-invent` command, against the emulator. Pull requests that touch the assistant, touch nothing, break
 * what it says, and change the tests: the right tests run, the right exit code, reports that parse, no
 * assistant created, no chat left behind, no secret in any output.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { packedLibrary, PulumiProject, REPO, run, RunResult } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, RunningEmulator, startEmulator } from "../emulator/server";
import type { SuiteReport } from "../../provider/testing/runner";

jest.setTimeout(600_000);

const WORKFLOW = join(REPO, "examples/gitops/.github/workflows/chat-tests.yml");
const STRIPE_KEY = "sk_test_e2e_chat_billing_credential_4242";
const TELEGRAM_TOKEN = "7100200300:AAE_e2e_chat_telegram_token_8642";
const TEST_FILE = "tests/support-desk.chat.yaml";

/** The `run:` script of the named step of the workflow's job, as written. */
function stepScript(name: string): string {
  const lines = readFileSync(WORKFLOW, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `- name: ${name}`);
  if (start < 0) throw new Error(`no step "${name}" in ${WORKFLOW}`);
  const runAt = lines.findIndex((l, i) => i > start && /^\s+run: /.test(l));
  const inline = /^\s+run: (?!\|$)(.*)$/.exec(lines[runAt]);
  if (inline) return inline[1].trim();
  const indent = lines[runAt + 1].match(/^\s*/)![0].length;
  const body: string[] = [];
  for (
    let i = runAt + 1;
    i < lines.length && (lines[i].trim() === "" || lines[i].match(/^\s*/)![0].length >= indent);
    i++
  )
    body.push(lines[i].slice(indent));
  return body.join("\n").trim();
}

const STEPS = ["What the change touches", "Update the ci stack", "Conversation tests"];

describe("the GitOps conversation-test job (real Pulumi CLI, packed command, emulator)", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;
  const printed: string[] = [];

  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: project.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  /** Runs the job's steps as GitHub would; returns the last step's result and what the emulator saw. */
  async function job(): Promise<
    RunResult & { scope: string; calls: Record<string, number>; report?: SuiteReport }
  > {
    await emulator.control.resetRequests();
    const githubEnv = join(project.root, "github-env");
    writeFileSync(githubEnv, "");
    let last: RunResult | undefined;
    for (const name of STEPS) {
      const stepEnv = Object.fromEntries(
        readFileSync(githubEnv, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(/=(.*)/s).slice(0, 2)),
      );
      last = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", stepScript(name)], {
        cwd: project.dir,
        env: {
          ...project.env,
          PULUMI_STACK: "ci",
          BASE_REF: "main",
          GITHUB_ENV: githubEnv,
          INVENT_TEST_JUDGE_ASSISTANT: "judge", // as the job's env sets it
          ...stepEnv,
        },
      });
      printed.push(last.output);
      if (last.code !== 0 && name !== "Conversation tests")
        throw new Error(`step "${name}" exited ${last.code}:\n${last.output}`);
    }
    const json = join(project.dir, "test-results/chat-tests.json");
    const report = existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as SuiteReport) : undefined;
    const calls = Object.fromEntries(
      Object.entries(await emulator.control.requestCounts()).filter(([, n]) => n > 0),
    );
    const scope = /SCOPE=(\w+)/.exec(readFileSync(githubEnv, "utf8"))?.[1] ?? "";
    return { ...last!, scope, calls, report };
  }

  /** A pull request: a change on a branch off main, committed. */
  function pullRequest(change: () => void) {
    git("checkout", "-q", "-B", "pr", "main");
    change();
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", "pr");
  }

  beforeAll(async () => {
    emulator = await startEmulator({ chatReplyLatencyMs: 200 });
    project = await PulumiProject.create(join(REPO, "examples/support-desk"), await packedLibrary());
    await project.init(
      "ci",
      { "invent:baseUrl": emulator.url, judge: "true" },
      { "invent:apiKey": AGENCY_KEY, billingApiKey: STRIPE_KEY, telegramBotToken: TELEGRAM_TOKEN },
    );
    await project.up(); // the long-lived ci stack, made once
    writeFileSync(join(project.dir, ".gitignore"), "node_modules/\ntest-results/\npreview.json\n");
    git("init", "-q", "-b", "main");
    git(
      "-c",
      "user.email=ci@example.com",
      "-c",
      "user.name=ci",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "init",
    );
    git("config", "user.email", "ci@example.com");
    git("config", "user.name", "ci");
    git("add", "-A");
    git("commit", "-q", "-m", "main");
    git("update-ref", "refs/remotes/origin/main", "main");
  }, 900_000);

  afterAll(async () => {
    try {
      if (project) await project.destroy();
    } finally {
      project?.remove();
      await emulator?.stop();
    }
  });

  test("the job's steps run the preview, the up and the test command of the recipe", () => {
    expect(stepScript("What the change touches")).toContain(
      'pulumi preview --json --non-interactive --stack "$PULUMI_STACK" > preview.json',
    );
    expect(stepScript("Update the ci stack")).toBe(
      'pulumi up --yes --non-interactive --stack "$PULUMI_STACK"',
    );
    expect(stepScript("Conversation tests")).toContain('npx pulumi-invent test --stack "$PULUMI_STACK"');
    expect(readFileSync(WORKFLOW, "utf8")).toContain("INVENT_TEST_JUDGE_ASSISTANT: judge");
  });

  test("a change to the desk's tool: the ci stack is PATCHed, the desk's tests run and pass (the judge decides)", async () => {
    pullRequest(() => {
      /* the program's change is stack config here, as a PR would change the code */
    });
    await project.ok(["config", "set", "lookupInstructions", "Use when the customer names an order number."]);
    const r = await job();
    expect({ code: r.code, scope: r.scope }).toEqual({ code: 0, scope: "affected" });
    expect(r.output).toMatch(/the change touches support-desk/);
    expect(r.report!.totals).toEqual({ passed: 6, failed: 0, skipped: 0, error: 0 });
    expect(r.report!.tests.find((t) => t.name === "stays on topic")).toMatchObject({ passed: 3, repeat: 3 });
    // No assistant was created by the pull request; the up was one PATCH of the action.
    expect(r.calls["POST /orgs/:org_id/assistants"]).toBeUndefined();
    expect(r.calls["PATCH /orgs/:org_id/assistants/:assistant_id/actions/:id"]).toBe(1);
    expect(await emulator.control.chats()).toEqual([]);
  });

  test("a change that touches no assistant runs no test and starts no chat", async () => {
    pullRequest(() => writeFileSync(join(project.dir, "NOTES.md"), "nothing that deploys\n"));
    const r = await job();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No test talks to an assistant the change touches: nothing to run.");
    expect(r.calls["POST /orgs/:org_id/assistants/:assistant_id/chats"]).toBeUndefined();
  });

  test("a change that breaks what the desk says fails the job (exit 1) with reports that say why", async () => {
    pullRequest(() => undefined);
    await project.ok(["config", "set", "faqText", "Q: Do you ship to Norway?\nA: Yes, we do."]);
    const r = await job();
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/FAILED shipping times come from the FAQ/);
    const junit = readFileSync(join(project.dir, "test-results/chat-tests.junit.xml"), "utf8");
    expect(XMLValidator.validate(junit)).toBe(true);
    const md = readFileSync(join(project.dir, "test-results/chat-tests.md"), "utf8");
    expect(md.indexOf("### Failures")).toBeLessThan(md.indexOf("### All tests"));
    expect(md).toContain('reply contains "working days" (ignoring case)');
    for (const text of [junit, md, r.output, ...printed])
      for (const secret of [AGENCY_KEY, STRIPE_KEY, TELEGRAM_TOKEN]) expect(text).not.toContain(secret);
    expect(await emulator.control.chats()).toEqual([]);
    await project.ok(["config", "rm", "faqText"]);
  });

  test("a change to the tests runs every test", async () => {
    pullRequest(() => {
      const file = join(project.dir, TEST_FILE);
      writeFileSync(file, readFileSync(file, "utf8").replace("passRate: 0.67", "passRate: 0.5"));
    });
    const r = await job();
    expect({ code: r.code, scope: r.scope }).toEqual({ code: 0, scope: "all" });
    expect(r.report!.tests).toHaveLength(6);
    expect(await emulator.control.chats()).toEqual([]);
  });
});
