/**
 * The GitOps recipe (examples/gitops/.github/workflows): actionlint finds nothing in it, actionlint is shown to
 * run at all (a broken workflow is flagged), and the workflows keep the properties the recipe promises, checked
 * as text (there is no YAML parser among the dependencies). The drift command itself runs for real in
 * test/e2e/drift-check.test.ts.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

jest.setTimeout(300_000); // a cold install of actionlint downloads and compiles (about 15 s)

const REPO = join(__dirname, "../..");
const GITOPS = join(REPO, "examples/gitops");
const WORKFLOWS = join(GITOPS, ".github/workflows");
const ACTIONLINT_VERSION = "v1.7.12";

interface Finding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

/** The pinned actionlint: from .ci/run's PULUMI_INVENT_ACTIONLINT, else installed (once, cached) by the script. */
function actionlintBin(): string {
  if (process.env.PULUMI_INVENT_ACTIONLINT) return process.env.PULUMI_INVENT_ACTIONLINT;
  const out = execFileSync("bash", [join(REPO, "scripts/actionlint.sh")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bin = out.toString().trim();
  process.env.PULUMI_INVENT_ACTIONLINT = bin;
  return bin;
}

/** Runs actionlint on `files` (relative to `cwd`) and returns its exit code and findings. */
function actionlint(cwd: string, files: string[]): { code: number; findings: Finding[]; stderr: string } {
  // shellcheck and pyflakes are used when on PATH; turned off so the result does not depend on the machine.
  const res = spawnSync(actionlintBin(), ["-shellcheck=", "-pyflakes=", "-format", "{{json .}}", ...files], {
    cwd,
    encoding: "utf8",
  });
  if (res.error) throw res.error;
  const out = res.stdout.trim();
  return { code: res.status ?? -1, findings: out ? (JSON.parse(out) as Finding[]) : [], stderr: res.stderr };
}

const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");

/** The top-level `key:` line and the indented lines under it. */
function topLevelBlock(source: string, key: string): string[] {
  const lines = source.split("\n");
  const start = lines.indexOf(`${key}:`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith(" "));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe("actionlint on the GitOps workflows", () => {
  test(`the pinned version is ${ACTIONLINT_VERSION}`, () => {
    expect(execFileSync(actionlintBin(), ["-version"]).toString().split("\n")[0]).toBe(ACTIONLINT_VERSION);
  });

  test("finds nothing in examples/gitops/.github/workflows/*.yml", () => {
    expect(workflowFiles).toEqual(["chat-tests.yml", "deploy.yml", "drift.yml", "preview.yml"]);
    const res = actionlint(
      GITOPS,
      workflowFiles.map((f) => `.github/workflows/${f}`),
    );
    expect({ code: res.code, findings: res.findings, stderr: res.stderr }).toEqual({
      code: 0,
      findings: [],
      stderr: "",
    });
  });

  test("flags a broken workflow (the check really runs)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pulumi-invent-actionlint-"));
    try {
      mkdirSync(join(dir, ".github/workflows"), { recursive: true });
      writeFileSync(
        join(dir, ".github/workflows/broken.yml"),
        [
          "name: broken",
          "on:",
          "  schedule:",
          '    - cron: "61 6 * * *"', // minute 61
          "permissions:",
          "  pull-request: write", // the scope is pull-requests
          "jobs:",
          "  up:",
          "    runs-on: ubuntu-latest",
          "    steps:",
          "      - uses: pulumi/actions@v6",
          "        with:",
          "          command: up",
          "          stack: production", // the input is stack-name
          '      - run: echo "${{ steps.drift.outcome }}"', // no step has id drift
          "",
        ].join("\n"),
      );
      const res = actionlint(dir, [".github/workflows/broken.yml"]);
      expect(res.code).toBe(1);
      expect(res.findings.map((f) => [f.line, f.kind])).toEqual([
        [4, "events"],
        [6, "permissions"],
        [14, "action"],
        [15, "expression"],
      ]);
      expect(res.findings[2].message).toContain('input "stack" is not defined in action "pulumi/actions@v6"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("what the GitOps workflows promise", () => {
  test("pull requests: preview with the diff posted as a comment, forks skipped", () => {
    const y = text("preview.yml");
    expect(y).toMatch(/^on:\n {2}pull_request:/m);
    expect(y).toMatch(/command: preview/);
    expect(y).toMatch(/comment-on-pr: true/);
    expect(topLevelBlock(y, "permissions")).toEqual([
      "permissions:",
      "  contents: read",
      "  pull-requests: write",
    ]);
    expect(y).toContain("if: github.event.pull_request.head.repo.full_name == github.repository");
  });

  test("merge to main: up, never two at a time and never cancelled halfway", () => {
    const y = text("deploy.yml");
    expect(y).toMatch(/^on:\n {2}push:\n {4}branches: \[main\]/m);
    expect(y).toMatch(/command: up\n/);
    // The post-deploy gate: staging is updated and tested; production's job needs it.
    const staging = y.slice(y.indexOf("\n  staging:"), y.indexOf("\n  up:"));
    expect(staging).toMatch(
      /stack-name: \$\{\{ env\.STAGING_STACK \}\}[\s\S]*run: npx pulumi-invent test --stack "\$STAGING_STACK"/,
    );
    // The staging checks, between the up and the tests: a clean preview and a clean read-only refresh. The
    // commands themselves run through the real CLI in test/e2e/agency.test.ts (promotion).
    const checks = staging
      .split("\n")
      .filter((l) => /^\s*pulumi (preview|refresh) /.test(l))
      .map((l) => l.trim());
    expect(checks).toEqual([
      'pulumi preview --stack "$STAGING_STACK" --expect-no-changes --diff --non-interactive',
      'pulumi refresh --stack "$STAGING_STACK" --preview-only --expect-no-changes --diff --non-interactive',
    ]);
    expect(staging.indexOf("pulumi preview --stack")).toBeLessThan(staging.indexOf("npx pulumi-invent test"));
    expect(y.slice(y.indexOf("\n  up:"))).toMatch(
      /\n {2}up:\n {4}needs: staging\n[\s\S]*stack-name: \$\{\{ env\.PULUMI_STACK \}\}/,
    );
    expect(topLevelBlock(y, "concurrency")).toEqual([
      "concurrency:",
      "  group: pulumi-up-production",
      "  cancel-in-progress: false",
    ]);
    expect(topLevelBlock(y, "permissions")).toEqual(["permissions:", "  contents: read"]);
  });

  test("schedule: the drift job runs refresh --preview-only --expect-no-changes and fails on drift", () => {
    const y = text("drift.yml");
    expect(y).toMatch(/^on:\n {2}schedule:\n {4}- cron: "[^"]+"/m);
    const run = y
      .split("\n")
      .filter((l) => /^\s*pulumi refresh /.test(l))
      .map((l) => l.trim());
    expect(run).toHaveLength(1);
    expect(run[0]).toMatch(/^pulumi refresh --preview-only --expect-no-changes .*--non-interactive/);
    // Piped into tee: only bash's pipefail (set by an explicit `shell: bash`) keeps pulumi's exit code.
    expect(y).toMatch(/\| tee drift\.log/);
    expect(topLevelBlock(y, "defaults")).toEqual([
      "defaults:",
      "  run:",
      expect.stringMatching(/^ {4}#/),
      "    shell: bash",
    ]);
    expect(y).not.toMatch(/continue-on-error/);
    expect(topLevelBlock(y, "permissions")).toEqual(["permissions:", "  contents: read"]);
  });

  test("schedule: the drift job also audits the org for objects no stack manages, and fails on them", () => {
    const y = text("drift.yml");
    const audit = y
      .split("\n")
      .filter((l) => /^\s*npx pulumi-invent audit /.test(l))
      .map((l) => l.trim());
    expect(audit).toEqual([
      'npx pulumi-invent audit --stack "$PULUMI_STACK" --fail-on-unmanaged 2>&1 | tee audit.log',
    ]);
    // It runs whether or not the drift check failed, and its failure is reported in the summary.
    const step = y.slice(y.indexOf("- name: pulumi-invent audit"), y.indexOf("- name: Report drift"));
    expect(step).toMatch(/\n {8}id: audit\n {8}if: \$\{\{ !cancelled\(\) \}\}\n/);
    expect(step).toContain("INVENT_API_KEY: ${{ secrets.INVENT_API_KEY }}");
    expect(y).toMatch(
      /- name: Report unmanaged objects\n {8}if: failure\(\) && steps\.audit\.outcome == 'failure'/,
    );
  });

  test("pull requests: the ci stack is updated then tested, one PR at a time, with a commit status", () => {
    const y = text("chat-tests.yml");
    expect(y).toMatch(/^on:\n {2}pull_request:/m);
    expect(topLevelBlock(y, "concurrency")).toEqual([
      "concurrency:",
      "  group: pulumi-ci-stack",
      "  cancel-in-progress: false",
    ]);
    expect(topLevelBlock(y, "permissions")).toEqual([
      "permissions:",
      "  contents: read",
      expect.stringMatching(/^ {2}statuses: write/),
    ]);
    expect(y).toContain("if: github.event.pull_request.head.repo.full_name == github.repository");
    const order = ["pulumi preview --json", "pulumi up --yes", "npx pulumi-invent test"].map((c) =>
      y.indexOf(c),
    );
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]))).toBe(true);
    expect(y).toMatch(/scope=\(--affected-by preview\.json\)/);
    expect(y).toMatch(/- name: Commit status\n {8}if: always\(\)/);
    expect(y).toContain('-f context="conversation tests"');
  });

  test.each(workflowFiles)("%s: actions pinned to a major version, secrets from the repository", (file) => {
    const y = text(file);
    const uses = [...new Set([...y.matchAll(/\buses: (\S+)/g)].map((m) => m[1]))];
    expect(uses.sort()).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "pulumi/actions@v6"]);
    expect(y).toContain("PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}");
    expect(y).toContain("INVENT_API_KEY: ${{ secrets.INVENT_API_KEY }}");
    expect(y).not.toMatch(/write-all|read-all/);
    expect(y).toMatch(/^concurrency:/m);
  });
});
