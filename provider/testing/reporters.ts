/**
 * Reports a pull request can show: JUnit XML (one test case per test and repetition, the transcript in
 * `system-out`), Markdown for `$GITHUB_STEP_SUMMARY` or a PR comment (failures first, expected vs actual,
 * tokens, latency), and JSON (the whole report). Reporters only format: the runner decides.
 */
import type { ExpectationResult } from "./expectations";
import type { RunReport, Status, SuiteReport, TestReport, TurnReport } from "./runner";

export const REPORTERS = ["junit", "markdown", "json"] as const;
export type ReporterName = (typeof REPORTERS)[number];
/** The file each reporter writes into `--out`. */
export const REPORT_FILES: Record<ReporterName, string> = {
  junit: "chat-tests.junit.xml",
  markdown: "chat-tests.md",
  json: "chat-tests.json",
};

// --- JUnit XML -------------------------------------------------------------------------------------------

/** Text made safe for XML 1.0: characters it cannot hold dropped, markup escaped. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 allows are the point
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

const secs = (ms: number) => (ms / 1000).toFixed(3);
const tokensOf = (t: TurnReport) => (t.tokens ? `${t.tokens.total} tokens` : "tokens not counted");

/** A run's conversation as text: each turn, its messages, and its checks. */
export function transcript(run: RunReport): string {
  const lines: string[] = [];
  run.turns.forEach((t, i) => {
    lines.push(`turn ${i + 1} (${t.latencyMs} ms, ${tokensOf(t)})`);
    lines.push(`  user: ${t.user}`);
    for (const m of t.messages) lines.push(`  ${m.role} [${m.status}]: ${m.text.replace(/\n/g, "\n    ")}`);
    for (const c of t.toolCalls) lines.push(`  tool call: ${c.name} ${JSON.stringify(c.input)}`);
    if (t.outcome === "no-reply") lines.push("  (no reply: the AI no longer answers this chat)");
    for (const e of t.expectations)
      lines.push(
        `  ${e.status.toUpperCase()}: expected ${e.expected}; got ${e.actual}${e.note ? ` (${e.note})` : ""}`,
      );
  });
  if (run.notRun) lines.push(`(${run.notRun} later turn(s) not held after a failure)`);
  if (run.error) lines.push(`ERROR: ${run.error}`);
  return lines.join("\n");
}

const firstProblem = (run: RunReport): ExpectationResult | undefined =>
  run.turns.flatMap((t) => t.expectations).find((e) => e.status === "failed" || e.status === "error");

export function junit(report: SuiteReport): string {
  const byFile = new Map<string, TestReport[]>();
  for (const t of report.tests) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
  const count = (runs: RunReport[], s: Status) => runs.filter((r) => r.status === s).length;
  const allRuns = report.tests.flatMap((t) => t.runs);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pulumi-invent test" tests="${allRuns.length}" failures="${count(allRuns, "failed")}" ` +
      `errors="${count(allRuns, "error")}" skipped="${count(allRuns, "skipped")}" time="${secs(report.durationMs)}">`,
  ];
  for (const [file, tests] of byFile) {
    const runs = tests.flatMap((t) => t.runs);
    out.push(
      `  <testsuite name="${xml(file)}" tests="${runs.length}" failures="${count(runs, "failed")}" ` +
        `errors="${count(runs, "error")}" skipped="${count(runs, "skipped")}" timestamp="${report.startedAt.slice(0, 19)}" ` +
        `time="${secs(runs.reduce((n, r) => n + r.durationMs, 0))}">`,
    );
    for (const t of tests)
      for (const run of t.runs) {
        const name = `${t.name}${t.repeat > 1 ? ` [${run.repetition}/${t.repeat}]` : ""}${t.required ? "" : " (advisory)"}`;
        out.push(
          `    <testcase classname="${xml(file)}" name="${xml(name)}" time="${secs(run.durationMs)}">`,
        );
        const problem = firstProblem(run);
        if (run.status === "failed" && problem)
          out.push(
            `      <failure type="${problem.kind}" message="${xml(`expected ${problem.expected}; got ${problem.actual}`)}"/>`,
          );
        else if (run.status === "error")
          out.push(
            `      <error type="${problem ? problem.kind : "conversation"}" message="${xml(run.error ?? `${problem?.expected}: ${problem?.note}`)}"/>`,
          );
        else if (run.status === "skipped") {
          const why = run.turns.flatMap((x) => x.expectations).find((e) => e.status === "skipped");
          out.push(
            `      <skipped message="${xml(why ? `${why.expected}: ${why.note}` : "nothing was checked")}"/>`,
          );
        }
        out.push(`      <system-out>${xml(transcript(run))}</system-out>`);
        out.push("    </testcase>");
      }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

// --- Markdown --------------------------------------------------------------------------------------------

const ICON: Record<Status, string> = { passed: "✅", failed: "❌", error: "⚠️", skipped: "⏭️" };
/** Text safe in a Markdown table cell. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").slice(0, 300);

function turnFigures(run: RunReport): string {
  const latency = run.turns.map((t) => t.latencyMs);
  const tokens = run.turns.reduce((n, t) => n + (t.tokens?.total ?? 0), 0);
  const counted = run.turns.some((t) => t.tokens);
  return `${latency.length ? `${Math.max(...latency)} ms max latency` : "no turn"}, ${counted ? `${tokens} tokens` : "tokens not counted"}`;
}

export function markdown(report: SuiteReport): string {
  const { totals } = report;
  const lines = [
    "## Conversation tests",
    "",
    `${ICON[report.exitCode === 0 ? "passed" : "failed"]} **${totals.passed} passed, ${totals.failed} failed, ` +
      `${totals.error} could not finish, ${totals.skipped} skipped** in ${(report.durationMs / 1000).toFixed(1)} s ` +
      `(${report.apiCalls} API calls).`,
  ];
  const bad = report.tests.filter((t) => t.status === "failed" || t.status === "error");
  if (bad.length) {
    lines.push("", "### Failures", "");
    for (const t of bad) {
      lines.push(
        `#### ${ICON[t.status]} ${t.name}${t.required ? "" : " (advisory)"}`,
        "",
        `\`${t.file}\`, assistant ${t.assistant}: ${t.passed}/${t.repeat} passed, ${Math.ceil(t.passRate * t.repeat - 1e-9)} needed.`,
        "",
      );
      for (const run of t.runs.filter((r) => r.status === "failed" || r.status === "error")) {
        if (run.error) lines.push(`- run ${run.repetition}: could not finish: ${cell(run.error)}`);
        const rows = run.turns.flatMap((turn, i) =>
          turn.expectations
            .filter((e) => e.status === "failed" || e.status === "error")
            .map(
              (e) =>
                `| ${run.repetition} | ${i + 1} | ${cell(e.expected)} | ${cell(e.actual)}${e.note ? ` (${cell(e.note)})` : ""} |`,
            ),
        );
        if (rows.length)
          lines.push("", "| run | turn | expected | actual |", "| --- | --- | --- | --- |", ...rows, "");
        lines.push(
          `<details><summary>Transcript of run ${run.repetition} (${turnFigures(run)})</summary>`,
          "",
          "```text",
          transcript(run).replace(/```/g, "'''"),
          "```",
          "",
          "</details>",
          "",
        );
      }
    }
  }
  lines.push(
    "",
    "### All tests",
    "",
    "| | test | file | runs passed | latency, tokens |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const t of report.tests)
    lines.push(
      `| ${ICON[t.status]} | ${cell(t.name)}${t.required ? "" : " (advisory)"} | \`${cell(t.file)}\` | ${t.passed}/${t.repeat} | ` +
        `${t.runs.map(turnFigures).join("; ")} |`,
    );
  const skipped = report.tests.filter((t) => t.status === "skipped" || t.skippedNotes.length);
  if (skipped.length) {
    lines.push("", "### Not checked", "");
    for (const t of skipped) {
      const notes =
        t.status === "skipped"
          ? [
              ...new Set(
                t.runs
                  .flatMap((r) => r.turns.flatMap((x) => x.expectations))
                  .filter((e) => e.status === "skipped")
                  .map((e) => `${e.expected}: ${e.note}`),
              ),
            ]
          : t.skippedNotes;
      lines.push(
        `- ${t.name}${t.status === "skipped" ? " (skipped: does not count as passed)" : ""}: ${notes.map(cell).join("; ")}`,
      );
    }
  }
  if (report.leftovers.length) {
    lines.push("", "### Chats left behind", "");
    for (const l of report.leftovers) lines.push(`- ${l.chatId}: ${cell(l.error)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function json(report: SuiteReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const FORMAT: Record<ReporterName, (r: SuiteReport) => string> = { junit, markdown, json };
