/**
 * Runs conversation tests: each test (and each repetition) holds one conversation with its assistant through
 * provider/chats, checks every turn's expectations as the reply comes, stops at the first failing turn, and
 * deletes its chat whatever happened. Conversations run concurrently; the client's limiter keeps every
 * request (posts and polls alike) under the API's rate limit.
 */
import { Clock, InventClient, systemClock } from "../client";
import { Conversation, ReplyError, ServerClock, Turn, UnknownTurnError } from "../chats/conversation";
import type { ChatMessage } from "../chats/messages";
import { InventError } from "../errors";
import { Logger } from "../log";
import { checkTurn, ExpectationResult, needsSignals } from "./expectations";
import type { Judge } from "./judges";
import type { LoadedTestFile } from "./load";
import type { ChatTest } from "./schema";

/** An assistant a test talks to, resolved and checked before the run. */
export interface TargetAssistant {
  id: string;
  org: string;
  /** How reports name it: the logical name and id, or the id. */
  label: string;
  /** Its actions by instance id: name and catalog id. */
  actions: Map<string, { name?: string; catalogId?: string }>;
}

/** One turn of one run, as reports show it. */
export interface TurnReport {
  user: string;
  reply: string;
  outcome: Turn["outcome"];
  toolCalls: { name: string; input: unknown }[];
  latencyMs: number;
  waitedMs: number;
  tokens?: Turn["tokens"];
  handoff?: boolean;
  ended?: boolean;
  expectations: ExpectationResult[];
  /** Every message of the turn after the user's, raw, for the transcript. */
  messages: { role: string; status: string; text: string }[];
}

export type Status = "passed" | "failed" | "skipped" | "error";

/** One conversation: a test's repetition. */
export interface RunReport {
  repetition: number;
  status: Status;
  turns: TurnReport[];
  /** Turns not held because an earlier one failed. */
  notRun: number;
  /** Why it could not finish (status "error"). */
  error?: string;
  chatId?: string;
  durationMs: number;
  apiCalls: number;
}

export interface TestReport {
  file: string;
  name: string;
  assistant: string;
  required: boolean;
  tags: string[];
  status: Status;
  repeat: number;
  passRate: number;
  passed: number;
  runs: RunReport[];
  /** Expectations skipped in runs that otherwise passed, with why: a pass that checked less. */
  skippedNotes: string[];
}

export interface SuiteReport {
  startedAt: string;
  durationMs: number;
  tests: TestReport[];
  totals: Record<Status, number>;
  /** API calls of the conversations and judges (polls included). */
  apiCalls: number;
  /** Time conversations spent waiting between polls for replies, summed over conversations. */
  waitedMs: number;
  /** Conversations in flight at once, at most. */
  concurrencyReached: number;
  /** Chats that could not be deleted. */
  leftovers: { chatId: string; error: string }[];
  exitCode: number;
}

export interface SuiteOptions {
  client: InventClient;
  files: LoadedTestFile[];
  /** Each assistant reference of the files (`assistant` of a file or test), resolved. */
  targets: Map<string, TargetAssistant>;
  /** The judge of each file (by path), or the run's judge. */
  judges: Map<string, Judge | undefined>;
  noJudge: string;
  only?: string[];
  tags?: string[];
  repeat?: number;
  concurrency: number;
  /** Per reply, unless a file sets `replyTimeoutSeconds`. */
  replyDeadlineMs?: number;
  logger: Logger;
  progress: (line: string) => void;
  serverClock?: ServerClock;
  clock?: Clock;
  /** API calls made before the run (resolving assistants), counted in the report. */
  setupCalls?: number;
  /** API calls the judges made, read at the end (an assistant judge holds chats of its own). */
  judgeCalls?: () => number;
}

/** The exit code of a run: 1 a required test failed, 3 one could not finish, 2 one was not checked, else 0. */
export function exitCodeOf(tests: TestReport[]): number {
  const required = tests.filter((t) => t.required);
  if (required.some((t) => t.status === "failed")) return 1;
  if (required.some((t) => t.status === "error")) return 3;
  if (required.some((t) => t.status === "skipped")) return 2;
  return 0;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function runStatus(turns: TurnReport[], error: string | undefined): Status {
  const all = turns.flatMap((t) => t.expectations);
  if (error !== undefined || all.some((e) => e.status === "error")) return "error";
  if (all.some((e) => e.status === "failed")) return "failed";
  return all.some((e) => e.status === "passed") ? "passed" : "skipped";
}

function testStatus(runs: RunReport[], passRate: number): { status: Status; passed: number } {
  const passed = runs.filter((r) => r.status === "passed").length;
  const need = Math.ceil(passRate * runs.length - 1e-9);
  if (passed >= need) return { status: "passed", passed };
  if (runs.some((r) => r.status === "failed")) return { status: "failed", passed };
  if (runs.some((r) => r.status === "error")) return { status: "error", passed };
  return { status: "skipped", passed };
}

const transcriptOf = (messages: ChatMessage[]) =>
  messages.map((m) => ({ role: m.role, status: m.status, text: m.text }));

/** Runs the suite and returns its report (it never throws for a test's failure). */
export async function runSuite(o: SuiteOptions): Promise<SuiteReport> {
  const clock = o.clock ?? systemClock;
  const serverClock = o.serverClock ?? new ServerClock(clock);
  const startedAt = clock.now();
  const leftovers: SuiteReport["leftovers"] = [];
  let apiCalls = o.setupCalls ?? 0;
  let waitedMs = 0;
  let inFlight = 0;
  let concurrencyReached = 0;

  const selected = (t: ChatTest) =>
    (!o.only?.length || o.only.some((n) => t.name === n || t.name.toLowerCase().includes(n.toLowerCase()))) &&
    (!o.tags?.length || (t.tags ?? []).some((tag) => o.tags!.includes(tag)));
  const tests = o.files.flatMap((f) =>
    f.file.tests.filter(selected).map((test) => ({
      file: f,
      test,
      target: o.targets.get(test.assistant ?? f.file.assistant)!,
      repeat: o.repeat ?? test.repeat ?? 1,
    })),
  );
  const jobs = tests.flatMap((t, testIndex) =>
    Array.from({ length: t.repeat }, (_, i) => ({ ...t, testIndex, repetition: i + 1 })),
  );
  const runs: RunReport[][] = tests.map(() => []);
  let done = 0;

  async function runOne(job: (typeof jobs)[number]): Promise<RunReport> {
    const { test, target, file } = job;
    const started = clock.now();
    const deadline = file.file.replyTimeoutSeconds ? file.file.replyTimeoutSeconds * 1000 : o.replyDeadlineMs;
    const conversation = new Conversation({
      client: o.client,
      org: target.org,
      assistantId: target.id,
      logger: o.logger,
      replyDeadlineMs: deadline,
      serverClock,
      clock,
    });
    const judge = o.judges.get(file.path);
    const turns: TurnReport[] = [];
    let error: string | undefined;
    try {
      for (const spec of test.turns) {
        const turn = await conversation.say(spec.user);
        waitedMs += turn.waitedMs;
        const signals = needsSignals(spec.expect) ? await conversation.signals() : undefined;
        const expectations = spec.expect
          ? await checkTurn(spec.expect, {
              turn,
              signals,
              history: turns.map((t) => ({ user: t.user, reply: t.reply })),
              judge,
              noJudge: o.noJudge,
              actions: target.actions,
            })
          : [];
        turns.push({
          user: turn.user,
          reply: turn.reply,
          outcome: turn.outcome,
          toolCalls: turn.toolCalls.map((c) => ({ name: c.name, input: c.input })),
          latencyMs: turn.latencyMs,
          waitedMs: turn.waitedMs,
          ...(turn.tokens ? { tokens: turn.tokens } : {}),
          ...(signals ? { handoff: signals.handoff, ended: signals.ended } : {}),
          expectations,
          messages: transcriptOf(turn.messages),
        });
        if (expectations.some((e) => e.status === "failed" || e.status === "error")) break;
      }
    } catch (err) {
      const what =
        err instanceof ReplyError || err instanceof UnknownTurnError || err instanceof InventError
          ? err.message
          : `unexpected error: ${String((err as Error).stack ?? err)}`;
      error = what;
    } finally {
      const closed = await conversation.close();
      if (!closed.deleted && conversation.chatId) {
        leftovers.push({ chatId: conversation.chatId, error: closed.error ?? "not deleted" });
        o.progress(
          `warning: chat ${conversation.chatId} of test ${JSON.stringify(test.name)} could not be deleted ` +
            `(${closed.error}); delete it in the Invent dashboard`,
        );
      }
      apiCalls += conversation.apiCalls;
    }
    const status = runStatus(turns, error);
    return {
      repetition: job.repetition,
      status,
      turns,
      notRun: test.turns.length - turns.length,
      ...(error !== undefined ? { error } : {}),
      ...(conversation.chatId ? { chatId: conversation.chatId } : {}),
      durationMs: clock.now() - started,
      apiCalls: conversation.apiCalls,
    };
  }

  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      inFlight++;
      concurrencyReached = Math.max(concurrencyReached, inFlight);
      const run = await runOne(job);
      inFlight--;
      runs[job.testIndex].push(run);
      done++;
      const label = `${job.test.name}${job.repeat > 1 ? ` [${job.repetition}/${job.repeat}]` : ""}`;
      const first = run.turns
        .flatMap((t) => t.expectations)
        .find((e) => e.status === "failed" || e.status === "error");
      o.progress(
        `[${done}/${jobs.length}] ${run.status.toUpperCase()} ${label} (${seconds(run.durationMs)}, ${run.apiCalls} calls)` +
          (run.error ? `: ${run.error}` : first ? `: expected ${first.expected}; got ${first.actual}` : ""),
      );
    }
  };
  o.progress(
    `${tests.length} test(s), ${jobs.length} conversation(s), up to ${Math.min(o.concurrency, jobs.length)} at a time`,
  );
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, jobs.length)) }, worker));

  const reports: TestReport[] = tests.map((t, i) => {
    const sorted = runs[i].sort((a, b) => a.repetition - b.repetition);
    const passRate = t.test.passRate ?? 1;
    const { status, passed } = testStatus(sorted, passRate);
    const skippedNotes = [
      ...new Set(
        sorted
          .filter((r) => r.status === "passed")
          .flatMap((r) => r.turns.flatMap((turn) => turn.expectations))
          .filter((e) => e.status === "skipped")
          .map((e) => `${e.expected}: ${e.note ?? "not checked"}`),
      ),
    ];
    return {
      file: t.file.path,
      name: t.test.name,
      assistant: t.target.label,
      required: t.test.required ?? true,
      tags: t.test.tags ?? [],
      status,
      repeat: t.repeat,
      passRate,
      passed,
      runs: sorted,
      skippedNotes,
    };
  });
  const totals: Record<Status, number> = { passed: 0, failed: 0, skipped: 0, error: 0 };
  for (const r of reports) totals[r.status]++;
  return {
    startedAt: new Date(startedAt).toISOString(),
    durationMs: clock.now() - startedAt,
    tests: reports,
    totals,
    apiCalls: apiCalls + (o.judgeCalls?.() ?? 0),
    waitedMs,
    concurrencyReached,
    leftovers,
    exitCode: exitCodeOf(reports),
  };
}
