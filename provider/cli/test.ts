/**
 * `pulumi-invent test [files…]`: holds each conversation of the test files with the live assistant and says
 * what passed. Thin: arguments, settings, and exit codes here; the work in provider/testing.
 */
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { InventClient, InventClientOptions } from "../client";
import { ServerClock } from "../chats/conversation";
import { ConfigurationError, InventError } from "../errors";
import { stderrLogger } from "../log";
import { AssistantJudge, Judge, judgeFromEnv, NO_JUDGE_FIX } from "../testing/judges";
import {
  DEFAULT_TEST_DIR,
  findTestFiles,
  loadTestFiles,
  LoadedTestFile,
  TestFileError,
} from "../testing/load";
import { FORMAT, REPORT_FILES, REPORTERS, ReporterName, transcript } from "../testing/reporters";
import { runSuite, SuiteReport, TargetAssistant } from "../testing/runner";
import {
  affectedAssistants,
  checkTarget,
  isAssistantId,
  readStack,
  resolveReference,
  StackView,
} from "../testing/targets";
import { commandLine, UsageError } from "./args";
import { commandSettings, projectDir } from "./settings";

const USAGE = `usage: pulumi-invent test [files…] [--stack <name> | --assistant <name-or-id>] [--only <test>]…
       [--tag <tag>]… [--repeat <n>] [--reporter junit,markdown,json] [--out <dir>] [--concurrency <n>]
       [--reply-timeout <seconds>] [--judge-assistant <name-or-id>] [--affected-by <preview.json>]

Holds each conversation of the test files (default: every *.chat.yaml, .json, .ts or .js under ./${DEFAULT_TEST_DIR})
with the live assistant and prints, per test, pass / fail / skipped with what was expected and what came back.
Every chat it starts costs credits, and is deleted afterwards.

  --stack <name>         the stack that resolves logical names (default: the selected one); its invent:* config
                         is used as by the provider (else INVENT_API_KEY, INVENT_ORG_ID, INVENT_BASE_URL)
  --assistant <x>        talk to this assistant instead of each file's (a logical name or an id)
  --only <test>          only tests whose name contains this (repeat it)
  --tag <tag>            only tests with this tag (repeat it)
  --repeat <n>           hold each conversation n times (overrides each test's repeat)
  --reporter <list>      also write these reports into --out: ${REPORTERS.join(", ")}
                         (markdown is appended to $GITHUB_STEP_SUMMARY too when it is set)
  --out <dir>            where reports go (default: test-results)
  --concurrency <n>      conversations at once (default 8; the client stays under the API's rate limit anyway)
  --reply-timeout <s>    longest wait for one reply (default 120)
  --judge-assistant <x>  the Invent assistant that judges \`judge\` expectations (or INVENT_TEST_JUDGE_ASSISTANT;
                         an OpenAI-compatible endpoint: INVENT_TEST_JUDGE_URL, _MODEL, _API_KEY)
  --affected-by <file>   only test the assistants a \`pulumi preview --json\` output changes

Exit code: 0 every required test passed; 1 a required test failed; 2 bad test files or settings, or a required
test that could not be checked (no judge); 3 could not finish (API unreachable, a reply failed or never came).
`;

/** Where the command reads and writes, and what tests may replace. */
export interface TestIO {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
  /** Extra client options (tests: fast retries). */
  client?: Partial<InventClientOptions>;
}

interface Options {
  files: string[];
  stack?: string;
  assistant?: string;
  only: string[];
  tags: string[];
  repeat?: number;
  reporters: ReporterName[];
  out: string;
  concurrency: number;
  replyTimeoutMs?: number;
  judgeAssistant?: string;
  affectedBy?: string;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`${name} must be a positive integer (got ${JSON.stringify(value)})\n\n${USAGE}`);
  return Number(value);
}

function parse(argv: string[]): Options | "help" {
  const { values: v, positionals } = commandLine(
    argv,
    {
      stack: { type: "string" },
      assistant: { type: "string" },
      only: { type: "string", multiple: true },
      tag: { type: "string", multiple: true },
      repeat: { type: "string" },
      reporter: { type: "string", multiple: true },
      out: { type: "string" },
      concurrency: { type: "string" },
      "reply-timeout": { type: "string" },
      "judge-assistant": { type: "string" },
      "affected-by": { type: "string" },
    },
    USAGE,
  );
  if (v.help) return "help";
  const reporters = (v.reporter ?? []).flatMap((r) => r.split(",")).filter(Boolean);
  const unknown = reporters.filter((r) => !(REPORTERS as readonly string[]).includes(r));
  if (unknown.length)
    throw new UsageError(`--reporter ${unknown.join(",")}: unknown; use ${REPORTERS.join(", ")}\n\n${USAGE}`);
  const timeout = positive("--reply-timeout", v["reply-timeout"]);
  return {
    files: positionals,
    stack: v.stack,
    assistant: v.assistant,
    only: v.only ?? [],
    tags: v.tag ?? [],
    repeat: positive("--repeat", v.repeat),
    reporters: [...new Set(reporters)] as ReporterName[],
    out: v.out ?? "test-results",
    concurrency: positive("--concurrency", v.concurrency) ?? 8,
    replyTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
    judgeAssistant: v["judge-assistant"],
    affectedBy: v["affected-by"],
  };
}

/** `pulumi preview --json` output, or a ConfigurationError naming the file. */
function previewJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigurationError(
      `--affected-by ${file}: not the output of \`pulumi preview --json\` (${(e as Error).message.split("\n")[0]})`,
    );
  }
}

/** The human summary on stdout: one line per test; failures with expected vs actual and the transcript. */
function summary(report: SuiteReport): string {
  const lines: string[] = [];
  for (const t of report.tests) {
    const label = `${t.status.toUpperCase().padEnd(7)} ${t.name}${t.required ? "" : " (advisory)"}`;
    const figures = t.runs
      .map((r) => {
        const latency = Math.max(0, ...r.turns.map((x) => x.latencyMs));
        const tokens = r.turns.reduce((n, x) => n + (x.tokens?.total ?? 0), 0);
        return `${latency} ms${r.turns.some((x) => x.tokens) ? `, ${tokens} tokens` : ""}`;
      })
      .join("; ");
    lines.push(`${label}  [${t.file}; ${t.passed}/${t.repeat} passed; ${figures}]`);
    if (t.status === "passed" && !t.skippedNotes.length) continue;
    for (const n of t.skippedNotes) lines.push(`    not checked: ${n}`);
    for (const run of t.runs.filter((r) => r.status !== "passed")) {
      lines.push(`    run ${run.repetition}: ${run.status}`);
      for (const l of transcript(run).split("\n")) lines.push(`      ${l}`);
    }
  }
  const { totals } = report;
  lines.push(
    "",
    `${totals.passed} passed, ${totals.failed} failed, ${totals.error} could not finish, ${totals.skipped} skipped ` +
      `in ${(report.durationMs / 1000).toFixed(1)} s; ${report.apiCalls} API calls; up to ${report.concurrencyReached} ` +
      "conversations at once.",
  );
  if (report.leftovers.length)
    lines.push(
      `Chats left behind (delete them in the dashboard): ${report.leftovers.map((l) => l.chatId).join(", ")}`,
    );
  return `${lines.join("\n")}\n`;
}

/** Runs `pulumi-invent test`; returns the exit code. */
export async function runTest(argv: string[], io: TestIO = {}): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const cwd = resolve(io.cwd ?? process.cwd());
  const progress = (line: string) => err.write(`pulumi-invent test: ${line}\n`);
  const fail = (code: number, message: string) => {
    err.write(`pulumi-invent test: ${message}\n`);
    return code;
  };

  let opts: Options | "help";
  try {
    opts = parse(argv);
  } catch (e) {
    return fail(2, (e as Error).message);
  }
  if (opts === "help") {
    out.write(USAGE);
    return 0;
  }

  // 1. Files, validated before anything else (no API call, no CLI call).
  const paths = opts.files.length ? opts.files : findTestFiles(join(cwd, DEFAULT_TEST_DIR));
  if (!paths.length)
    return fail(2, `no test files: name them, or put *.chat.yaml files under ${join(cwd, DEFAULT_TEST_DIR)}`);
  let files: LoadedTestFile[];
  try {
    files = loadTestFiles(paths, cwd);
  } catch (e) {
    if (!(e instanceof TestFileError)) throw e;
    for (const p of e.problems) err.write(`${p}\n`);
    return fail(2, `${e.problems.length} problem(s) in the test files; nothing was run`);
  }

  // 2. Settings, the stack, the assistants (logical names through the stack; then each read once).
  let client: InventClient | undefined;
  try {
    const { settings, source } = commandSettings({ cwd, stack: opts.stack, env });
    const apiKey = settings.requireApiKey();
    progress(`settings from ${source}; API ${settings.baseUrl}, org ${settings.orgId}`);
    const project = projectDir(cwd);
    let stack: StackView | undefined;
    const stackView = (): StackView => {
      if (stack) return stack;
      if (!project)
        throw new ConfigurationError(
          "an assistant is named by its logical name, but there is no Pulumi project here to resolve it: run in the " +
            "project's directory, or give the id (ast_…)",
        );
      return (stack = readStack(project, opts.stack, env));
    };
    if (opts.assistant)
      for (const f of files)
        f.file = {
          ...f.file,
          assistant: opts.assistant,
          tests: f.file.tests.map((t) => ({ ...t, assistant: undefined })),
        };

    if (opts.affectedBy) {
      const affected = affectedAssistants(previewJson(resolve(cwd, opts.affectedBy)), stackView());
      if (affected !== "all") {
        const ids = new Map([...stackView().assistants].map(([name, a]) => [a.id, name]));
        const touched = (ref: string) => affected.has(isAssistantId(ref) ? (ids.get(ref) ?? ref) : ref);
        for (const f of files)
          f.file = { ...f.file, tests: f.file.tests.filter((t) => touched(t.assistant ?? f.file.assistant)) };
        files = files.filter((f) => f.file.tests.length);
        progress(`the change touches ${affected.size ? [...affected].join(", ") : "no assistant"}`);
        if (!files.length) {
          out.write("No test talks to an assistant the change touches: nothing to run.\n");
          return 0;
        }
      } else progress("the change touches something no single assistant owns: every test runs");
    }

    client = new InventClient({
      apiKey,
      baseUrl: settings.baseUrl,
      orgId: settings.orgId,
      logger: stderrLogger,
      ...io.client,
    });
    const serverClock = new ServerClock();
    const refs = new Set<string>();
    for (const f of files) {
      refs.add(f.file.assistant);
      for (const t of f.file.tests) if (t.assistant) refs.add(t.assistant);
    }
    const judgeRefs = new Map<string, string | undefined>(
      files.map((f) => [
        f.path,
        f.file.judge?.assistant ?? opts.judgeAssistant ?? (env.INVENT_TEST_JUDGE_ASSISTANT || undefined),
      ]),
    );
    for (const r of judgeRefs.values()) if (r) refs.add(r);
    const targets = new Map<string, TargetAssistant>();
    for (const ref of refs) {
      const resolved = resolveReference(ref, settings.orgId, stackView);
      targets.set(ref, await checkTarget(client, resolved, serverClock));
    }
    const setupCalls = refs.size;

    // 3. Judges.
    let judgeCalls = 0;
    const leftovers: { chatId: string; error: string }[] = [];
    const envJudge = judgeFromEnv(env);
    const judges = new Map<string, Judge | undefined>();
    for (const f of files) {
      const ref = judgeRefs.get(f.path);
      const t = ref ? targets.get(ref) : undefined;
      judges.set(
        f.path,
        t
          ? new AssistantJudge({
              client,
              org: t.org,
              assistantId: t.id,
              logger: stderrLogger,
              serverClock,
              leftover: (chatId, error) => leftovers.push({ chatId, error }),
              counted: (n) => (judgeCalls += n),
            })
          : envJudge,
      );
      const judged = f.file.tests.filter((x) => x.turns.some((turn) => turn.expect?.judge !== undefined));
      if (!judges.get(f.path) && judged.length)
        progress(
          `${f.path}: ${judged.map((x) => `test ${JSON.stringify(x.name)}`).join(", ")}: judge expectations will be ` +
            `SKIPPED (never passed): ${NO_JUDGE_FIX}`,
        );
    }

    // 4. The run.
    const report = await runSuite({
      client,
      files,
      targets,
      judges,
      noJudge: NO_JUDGE_FIX,
      only: opts.only,
      tags: opts.tags,
      repeat: opts.repeat,
      concurrency: opts.concurrency,
      replyDeadlineMs: opts.replyTimeoutMs,
      logger: stderrLogger,
      progress,
      serverClock,
      setupCalls,
      judgeCalls: () => judgeCalls,
    });
    report.leftovers.push(...leftovers);
    if (!report.tests.length) return fail(2, "no test matches --only / --tag");

    out.write(summary(report));
    if (opts.reporters.length) {
      const dir = resolve(cwd, opts.out);
      mkdirSync(dir, { recursive: true });
      for (const r of opts.reporters) {
        const text = FORMAT[r](report);
        writeFileSync(join(dir, REPORT_FILES[r]), text);
        progress(`wrote ${join(dir, REPORT_FILES[r])}`);
        if (r === "markdown" && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, text);
      }
    }
    return report.exitCode;
  } catch (e) {
    if (e instanceof ConfigurationError) return fail(2, e.message);
    if (e instanceof InventError) return fail(e.status === 401 ? 2 : 3, `could not finish: ${e.message}`);
    throw e;
  } finally {
    await client?.close();
  }
}
