/**
 * The one schema of a conversation test file, whatever its form (YAML, JSON, or TypeScript through
 * `defineChatTests`). Objects are strict: an unknown key is an error with a did-you-mean (see load.ts).
 */
import { z } from "zod";

const text = z.string().min(1, "must not be empty");
const texts = z.union([text, z.array(text).min(1)]);
const regex = text.refine(
  (r) => {
    try {
      new RegExp(r);
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a valid regular expression" },
);

/** A value of a tool call's input: a literal (compared as text: 12345 matches "12345"), or a matcher. */
export const valueMatcher = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ equals: z.unknown() }).strict(),
  z.object({ contains: z.string() }).strict(),
  z.object({ regex }).strict(),
]);

export const replyExpectation = z
  .object({
    /** Every one of these occurs in the reply. */
    contains: texts.optional(),
    /** None of these occurs in the reply. */
    notContains: texts.optional(),
    /** The whole reply, trimmed. */
    equals: z.string().optional(),
    /** A regular expression the reply matches (JavaScript syntax). */
    regex: regex.optional(),
    /** Compare ignoring case. Default false. */
    ignoreCase: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.contains ?? r.notContains ?? r.equals ?? r.regex, {
    message: "needs at least one of contains, notContains, equals, regex",
  });

export const toolExpectation = z
  .object({
    /** A tool the assistant called: an action's name, its id (`act_…`), its catalog id, or a built-in tool. */
    called: text.optional(),
    /** A tool the assistant did not call. */
    notCalled: text.optional(),
    /** With `called`: values of the call's input, by key (dotted for nested keys). */
    input: z.record(z.string(), valueMatcher).optional(),
  })
  .strict()
  .refine((t) => (t.called === undefined) !== (t.notCalled === undefined), {
    message: "needs exactly one of called, notCalled",
  })
  .refine((t) => t.input === undefined || t.called !== undefined, { message: "input goes with called" });

export const turnExpectations = z
  .object({
    reply: replyExpectation.optional(),
    tool: z.union([toolExpectation, z.array(toolExpectation).min(1)]).optional(),
    /** true: no tool was called in the turn. */
    noTool: z.literal(true).optional(),
    /** Whether the conversation went to a human after the turn. */
    handoff: z.boolean().optional(),
    /** Whether the conversation ended after the turn. */
    ended: z.boolean().optional(),
    /** Most milliseconds from posting the turn to seeing the reply (polling included). */
    maxLatencyMs: z.number().int().positive().optional(),
    /** Most tokens the turn's reply may use (as the API counts them). */
    maxTokens: z.number().int().positive().optional(),
    /** Criteria in words, decided by the configured judge; skipped (never passed) without one. */
    judge: text.optional(),
  })
  .strict();

export const chatTurn = z
  .object({
    /** What the user says. */
    user: text,
    expect: turnExpectations.optional(),
  })
  .strict();

export const chatTest = z
  .object({
    name: text,
    turns: z.array(chatTurn).min(1),
    /** Hold the conversation this many times (answers vary). Default 1. */
    repeat: z.number().int().min(1).max(100).optional(),
    /** Share of the repetitions that must pass, 0 < passRate <= 1. Default 1. */
    passRate: z.number().gt(0).max(1).optional(),
    /** false: a failure is reported but does not fail the run (advisory). Default true. */
    required: z.boolean().optional(),
    tags: z.array(text).optional(),
    /** Another assistant than the file's, by logical name or id. */
    assistant: text.optional(),
  })
  .strict()
  .refine((t) => t.turns.some((turn) => turn.expect && Object.keys(turn.expect).length), {
    message: "has no expectation: give at least one turn an expect",
  });

export const chatTestFile = z
  .object({
    /** The assistant: its logical name in the Pulumi program (resolved through the stack), or its id. */
    assistant: text,
    /** The judge of `judge` expectations: another Invent assistant, by logical name or id. */
    judge: z.object({ assistant: text }).strict().optional(),
    /** How long one reply may take, in seconds. Default 120. */
    replyTimeoutSeconds: z.number().int().positive().optional(),
    tests: z.array(chatTest).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.tests.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({
          code: "custom",
          path: ["tests", i, "name"],
          message: `repeats the name ${JSON.stringify(t.name)}`,
        });
      seen.add(t.name);
    });
  });

/** A test file as written (the TypeScript form's type). */
export type ChatTestFileInput = z.input<typeof chatTestFile>;
/** A test file once validated. */
export type ChatTestFile = z.output<typeof chatTestFile>;
export type ChatTest = ChatTestFile["tests"][number];
export type TurnExpectations = z.output<typeof turnExpectations>;
export type ReplyExpectation = z.output<typeof replyExpectation>;
export type ToolExpectation = z.output<typeof toolExpectation>;
export type ValueMatcher = z.output<typeof valueMatcher>;

/** The keys each object of the file may have, for did-you-mean. */
export const KNOWN_KEYS: Record<string, string[]> = {
  file: Object.keys(chatTestFile.shape),
  judge: ["assistant"],
  test: ["name", "turns", "repeat", "passRate", "required", "tags", "assistant"],
  turn: ["user", "expect"],
  expect: ["reply", "tool", "noTool", "handoff", "ended", "maxLatencyMs", "maxTokens", "judge"],
  reply: ["contains", "notContains", "equals", "regex", "ignoreCase"],
  tool: ["called", "notCalled", "input"],
};
