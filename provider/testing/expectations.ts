/**
 * Expectations as a table of small checks (promptfoo's assertions are the model): each kind of `expect`
 * turns a turn's outcome into results that say what was expected and what came back. A check that cannot be
 * made is `skipped` with the reason, never `passed`.
 */
import type { ChatSignals, ToolCall } from "../chats/messages";
import type { Turn } from "../chats/conversation";
import type { Judge } from "./judges";
import type { ReplyExpectation, ToolExpectation, TurnExpectations, ValueMatcher } from "./schema";

/** The outcome of one atomic check. */
export interface ExpectationResult {
  /** The `expect` key it comes from: reply, tool, noTool, handoff, ended, maxLatencyMs, maxTokens, judge. */
  kind: keyof TurnExpectations;
  /** `passed`, `failed`, `skipped` (could not be checked: never a pass), `error` (the check itself failed). */
  status: "passed" | "failed" | "skipped" | "error";
  expected: string;
  actual: string;
  /** Why it was skipped, or what went wrong. */
  note?: string;
}

/** What the checks of one turn see. */
export interface TurnContext {
  turn: Turn;
  /** The chat's hand-off state after the turn, read when an expectation needs it. */
  signals?: ChatSignals;
  /** The conversation so far, for judges. */
  history: { user: string; reply: string }[];
  /** The judge, when one is configured. */
  judge?: Judge;
  /** Why there is no judge (the fix), when none is configured. */
  noJudge?: string;
  /** The assistant's actions by instance id: name and catalog id, so `called` may name either. */
  actions: Map<string, { name?: string; catalogId?: string }>;
}

const q = (s: string) => JSON.stringify(s);
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const shown = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
const result = (
  kind: ExpectationResult["kind"],
  pass: boolean,
  expected: string,
  actual: string,
): ExpectationResult => ({ kind, status: pass ? "passed" : "failed", expected, actual });

function replyChecks(spec: ReplyExpectation, ctx: TurnContext): ExpectationResult[] {
  const reply = ctx.turn.reply;
  const norm = (s: string) => (spec.ignoreCase ? s.toLowerCase() : s);
  const how = spec.ignoreCase ? " (ignoring case)" : "";
  const actual = ctx.turn.outcome === "no-reply" ? "no reply (the AI no longer answers)" : q(shown(reply));
  const out: ExpectationResult[] = [];
  for (const s of list(spec.contains))
    out.push(result("reply", norm(reply).includes(norm(s)), `reply contains ${q(s)}${how}`, actual));
  for (const s of list(spec.notContains))
    out.push(result("reply", !norm(reply).includes(norm(s)), `reply does not contain ${q(s)}${how}`, actual));
  if (spec.equals !== undefined)
    out.push(
      result(
        "reply",
        norm(reply.trim()) === norm(spec.equals.trim()),
        `reply equals ${q(spec.equals)}${how}`,
        actual,
      ),
    );
  if (spec.regex !== undefined)
    out.push(
      result(
        "reply",
        new RegExp(spec.regex, spec.ignoreCase ? "i" : "").test(reply),
        `reply matches /${spec.regex}/${how}`,
        actual,
      ),
    );
  return out;
}

/** The value at a dotted path of an input. */
function at(input: unknown, path: string): unknown {
  let v = input;
  for (const key of path.split("."))
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function matches(value: unknown, m: ValueMatcher): boolean {
  // A literal compares as text, so 12345 matches "12345" (models pass numbers either way).
  if (m === null) return value === null;
  if (typeof m !== "object") return value !== undefined && value !== null && String(value) === String(m);
  if ("equals" in m) return JSON.stringify(value) === JSON.stringify(m.equals);
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  if ("contains" in m) return text.includes(m.contains);
  return new RegExp(m.regex).test(text);
}

const describeMatcher = (m: ValueMatcher) =>
  m === null || typeof m !== "object"
    ? JSON.stringify(m)
    : "equals" in m
      ? `= ${JSON.stringify(m.equals)}`
      : "contains" in m
        ? `containing ${q(m.contains)}`
        : `matching /${m.regex}/`;

/** Whether a call is of the tool a test names: by the call's name, action id, or the action's name or catalog id. */
function isOf(call: ToolCall, name: string, ctx: TurnContext): boolean {
  const action = call.actionId ? ctx.actions.get(call.actionId) : undefined;
  const names = [call.name, call.actionId, action?.name, action?.catalogId].filter((n): n is string => !!n);
  return names.some((n) => n.toLowerCase() === name.toLowerCase());
}

const describeCalls = (calls: ToolCall[]) =>
  calls.length ? calls.map((c) => `${c.name}(${JSON.stringify(c.input)})`).join(", ") : "no tool call";

function toolCheck(spec: ToolExpectation, ctx: TurnContext): ExpectationResult {
  const calls = ctx.turn.toolCalls;
  const actual = describeCalls(calls);
  if (spec.notCalled !== undefined)
    return result(
      "tool",
      !calls.some((c) => isOf(c, spec.notCalled!, ctx)),
      `tool ${q(spec.notCalled)} not called`,
      actual,
    );
  const named = calls.filter((c) => isOf(c, spec.called!, ctx));
  const inputs = Object.entries(spec.input ?? {});
  const expected =
    `tool ${q(spec.called!)} called` +
    (inputs.length ? ` with ${inputs.map(([k, m]) => `${k} ${describeMatcher(m)}`).join(", ")}` : "");
  return result(
    "tool",
    named.some((c) => inputs.every(([k, m]) => matches(at(c.input, k), m))),
    expected,
    actual,
  );
}

/** Runs the checks of one turn's `expect`, in the order of the table below. */
export async function checkTurn(spec: TurnExpectations, ctx: TurnContext): Promise<ExpectationResult[]> {
  const out: ExpectationResult[] = [];
  const { turn, signals } = ctx;
  if (spec.reply) out.push(...replyChecks(spec.reply, ctx));
  for (const t of list(spec.tool)) out.push(toolCheck(t, ctx));
  if (spec.noTool)
    out.push(result("noTool", turn.toolCalls.length === 0, "no tool called", describeCalls(turn.toolCalls)));
  for (const kind of ["handoff", "ended"] as const) {
    if (spec[kind] === undefined) continue;
    const want = spec[kind]!;
    const got = signals?.[kind];
    const seen = signals
      ? `${kind === "handoff" ? `ai_enabled=${String(signals.seen.aiEnabled)}, assigned=${signals.seen.assignedTo ?? "nobody"}` : `state=${String(signals.seen.state)}`}`
      : "not read";
    out.push(
      result(
        kind,
        got === want,
        `${kind === "handoff" ? "hand-off to a human" : "conversation ended"}: ${want}`,
        `${String(got)} (${seen})`,
      ),
    );
  }
  if (spec.maxLatencyMs !== undefined)
    out.push(
      result(
        "maxLatencyMs",
        turn.latencyMs <= spec.maxLatencyMs,
        `latency <= ${spec.maxLatencyMs} ms`,
        `${turn.latencyMs} ms`,
      ),
    );
  if (spec.maxTokens !== undefined) {
    if (!turn.tokens)
      out.push({
        kind: "maxTokens",
        status: "skipped",
        expected: `tokens <= ${spec.maxTokens}`,
        actual: "no token count",
        note: "the API gave no token usage for this turn",
      });
    else
      out.push(
        result(
          "maxTokens",
          turn.tokens.total <= spec.maxTokens,
          `tokens <= ${spec.maxTokens}`,
          `${turn.tokens.total} tokens`,
        ),
      );
  }
  if (spec.judge !== undefined) out.push(await judgeCheck(spec.judge, ctx));
  return out;
}

async function judgeCheck(criteria: string, ctx: TurnContext): Promise<ExpectationResult> {
  const expected = `judge: ${criteria}`;
  if (!ctx.judge)
    return {
      kind: "judge",
      status: "skipped",
      expected,
      actual: "not judged",
      note: ctx.noJudge ?? "no judge is configured",
    };
  try {
    const v = await ctx.judge.verdict(criteria, [
      ...ctx.history,
      { user: ctx.turn.user, reply: ctx.turn.reply },
    ]);
    return {
      kind: "judge",
      status: v.pass ? "passed" : "failed",
      expected,
      actual: `${v.pass ? "PASS" : "FAIL"} (${ctx.judge.label}): ${v.reason}`,
    };
  } catch (err) {
    return {
      kind: "judge",
      status: "error",
      expected,
      actual: "no verdict",
      note: `${ctx.judge.label}: ${(err as Error).message}`,
    };
  }
}

/** Whether a turn's checks need the chat's state read after it. */
export const needsSignals = (spec: TurnExpectations | undefined) =>
  spec?.handoff !== undefined || spec?.ended !== undefined;
