/**
 * `npm run bench:chats`: what a conversation-test suite costs, through the real command (from the sources, as
 * `npx ts-node provider/cli/main.ts test` runs it) against the emulator at its default reply latency and the
 * API's 500 requests/minute: API calls, wall time, the share of the conversations' time spent waiting for
 * replies, the concurrency reached, and the same suite under seeded faults (duplicated turns, chats left).
 *
 *   npm run bench:chats                 20 single-turn tests, concurrency 8 and 20, and a faulted run
 *   npm run bench:chats -- --tests 200  a larger suite, where the rate limit binds
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SuiteReport } from "../../provider/testing/runner";
import { commandFromSources } from "../support/command";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import { DEFAULT_CHAT_REPLY_LATENCY_MS } from "../emulator/assumptions";
import { seedDesk } from "../support/desk";

const QUESTIONS = [
  {
    user: "Where is my order {n}?",
    expect: '{ tool: { called: "Look up an order" }, reply: { contains: "{n}" } }',
  },
  { user: "How long does shipping take?", expect: '{ reply: { contains: "working days" }, noTool: true }' },
  { user: "Can I return an item?", expect: '{ reply: { contains: "30 days" } }' },
  { user: "I want a person, now.", expect: "{ handoff: true }" },
];

function suite(n: number): string {
  const tests = Array.from({ length: n }, (_, i) => {
    const q = QUESTIONS[i % QUESTIONS.length];
    const fill = (s: string) => s.replace(/\{n\}/g, String(10000 + i));
    return `  - { name: "test ${i + 1}", turns: [{ user: "${fill(q.user)}", expect: ${fill(q.expect)} }] }`;
  });
  return `assistant: {assistant}\ntests:\n${tests.join("\n")}\n`;
}

const seed = async (emu: RunningEmulator) => (await seedDesk(emu.control)).assistant.id;

interface Row {
  label: string;
  code: number;
  wallMs: number;
  report: SuiteReport;
  calls: number;
  byRoute: Record<string, number>;
  faults: number;
  duplicates: number;
  left: number;
  rateLimited: number;
}

async function runOnce(
  emu: RunningEmulator,
  dir: string,
  label: string,
  tests: number,
  args: string[],
): Promise<Row> {
  await emu.control.reset();
  const id = await seed(emu);
  const file = join(dir, "bench.chat.yaml");
  writeFileSync(file, suite(tests).replace("{assistant}", id));
  const out = join(dir, `out-${label.replace(/\W+/g, "-")}`);
  if (label.includes("faults")) await emu.control.chaos({ seed: 7, rate: 0.1 });
  const started = Date.now();
  const res = await commandFromSources(["test", file, "--reporter", "json", "--out", out, ...args], emu.url);
  const wallMs = Date.now() - started;
  await emu.control.chaos(null);
  const requests = await emu.control.requests();
  const report = JSON.parse(readFileSync(join(out, "chat-tests.json"), "utf8")) as SuiteReport;
  // A start that took effect: answered 2xx, or faulted after the server acted. More than one per test: a duplicate.
  const committed = requests.log.filter(
    (e) =>
      e.route === "POST /orgs/:org_id/assistants/:assistant_id/chats" &&
      ((e.status >= 200 && e.status < 300 && !e.injected) ||
        e.fault === "5xx-after" ||
        e.fault === "reset-after"),
  ).length;
  return {
    label,
    code: res.code,
    wallMs,
    report,
    calls: requests.log.length,
    byRoute: requests.counts,
    faults: Object.values(requests.faults).reduce((a, b) => a + b, 0),
    duplicates: committed - tests,
    left: (await emu.control.chats()).length,
    rateLimited: requests.log.filter((e) => e.status === 429 && !e.injected).length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tests: { type: "string", default: "20" } } });
  const tests = Number(values.tests);
  const emu = await startEmulator(); // default reply latency, 500 requests/minute
  const dir = mkdtempSync(join(tmpdir(), "pulumi-invent-chat-bench-"));
  const rows: Row[] = [];
  try {
    rows.push(await runOnce(emu, dir, "concurrency 8", tests, []));
    rows.push(await runOnce(emu, dir, `concurrency ${tests}`, tests, ["--concurrency", String(tests)]));
    rows.push(await runOnce(emu, dir, "concurrency 8, 10% faults", tests, []));
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${tests} single-turn tests, emulator reply latency ${DEFAULT_CHAT_REPLY_LATENCY_MS} ms, 500 requests/minute, ` +
      "the real command from the sources (wall time includes ts-node start, about 1 s)",
  );
  console.log(
    "| run | exit | wall | API calls | calls/test | conversation time waiting for replies | up to at once | 429s | faults | duplicated turns | chats left |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const conv = r.report.tests.flatMap((t) => t.runs).reduce((n, x) => n + x.durationMs, 0);
    console.log(
      `| ${r.label} | ${r.code} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.calls} | ${(r.calls / tests).toFixed(1)} | ` +
        `${Math.round((100 * r.report.waitedMs) / conv)}% (${(r.report.waitedMs / 1000).toFixed(1)} of ${(conv / 1000).toFixed(1)} s) | ` +
        `${r.report.concurrencyReached} | ${r.rateLimited} | ${r.faults} | ${r.duplicates} | ${r.left} |`,
    );
  }
  console.log("\ncalls by route (first run):");
  for (const [route, n] of Object.entries(rows[0].byRoute)) console.log(`  ${n}\t${route}`);
  console.log("\ncalls by route (faulted run):");
  for (const [route, n] of Object.entries(rows[2].byRoute)) console.log(`  ${n}\t${route}`);
  console.log(`faulted run: ${JSON.stringify(rows[2].report.totals)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
