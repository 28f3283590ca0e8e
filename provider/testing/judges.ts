/**
 * Judges of `judge` expectations, without a dependency on a model vendor: another Invent assistant of the
 * org (held in a one-turn chat, then deleted), or any OpenAI-compatible chat-completions endpoint. Both get
 * the same fixed prompt and must answer `VERDICT: PASS` or `VERDICT: FAIL`; anything else is no verdict (an
 * error, never a pass).
 */
import { ASSUMPTIONS } from "../assumptions";
import { Conversation, ServerClock } from "../chats/conversation";
import { InventClient } from "../client";
import { Logger } from "../log";

/** A judge's decision. */
export interface Verdict {
  pass: boolean;
  reason: string;
}

export interface Judge {
  /** How reports name it: `assistant judge (ast_…)`, `gpt-4o-mini at https://…`. */
  readonly label: string;
  verdict(criteria: string, conversation: { user: string; reply: string }[]): Promise<Verdict>;
}

/**
 * The prompt every judge gets. A judge assistant's instructions should ask for exactly this answer format
 * (see the README, "Test what your assistant says").
 */
export function judgePrompt(criteria: string, conversation: { user: string; reply: string }[]): string {
  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " ").trim();
  return [
    "Judge the last reply of a customer-support assistant against the criteria.",
    `CRITERIA: ${oneLine(criteria)}`,
    "CONVERSATION:",
    ...conversation.flatMap((t) => [
      `user: ${oneLine(t.user)}`,
      `assistant: ${oneLine(t.reply) || "(no reply)"}`,
    ]),
    'Answer with exactly two lines: "VERDICT: PASS" or "VERDICT: FAIL", then the reason in one sentence.',
  ].join("\n");
}

/** Reads a verdict from a judge's answer; throws when it has none. */
export function parseVerdict(answer: string): Verdict {
  const m = /VERDICT:\s*\**\s*(PASS|FAIL)\b/i.exec(answer);
  if (!m)
    throw new Error(
      `the judge answered without a verdict line ("VERDICT: PASS" or "VERDICT: FAIL"): ${JSON.stringify(answer.slice(0, 200))}`,
    );
  const reason = answer
    .slice(m.index + m[0].length)
    .replace(/^[\s.:-]+/, "")
    .trim()
    .split("\n")[0];
  return { pass: m[1].toUpperCase() === "PASS", reason: reason || "(no reason given)" };
}

/** An Invent assistant as judge: one chat per verdict, deleted afterwards. */
export class AssistantJudge implements Judge {
  readonly label: string;
  constructor(
    private readonly o: {
      client: InventClient;
      org: string;
      assistantId: string;
      logger: Logger;
      serverClock?: ServerClock;
      /** Chats it could not delete are reported here. */
      leftover?: (chatId: string, error: string) => void;
      /** API calls made, for the run's count. */
      counted?: (calls: number) => void;
    },
  ) {
    this.label = `assistant ${o.assistantId}`;
  }

  async verdict(criteria: string, conversation: { user: string; reply: string }[]): Promise<Verdict> {
    const c = new Conversation({ ...this.o, replyDeadlineMs: ASSUMPTIONS.chatReplyPolling.deadlineMs });
    try {
      return parseVerdict((await c.say(judgePrompt(criteria, conversation))).reply);
    } finally {
      const closed = await c.close();
      if (!closed.deleted && c.chatId) this.o.leftover?.(c.chatId, closed.error ?? "not deleted");
      this.o.counted?.(c.apiCalls);
    }
  }
}

/** Any OpenAI-compatible endpoint (`POST {url}/chat/completions`); the key is never shown. */
export class OpenAICompatibleJudge implements Judge {
  readonly label: string;
  constructor(private readonly o: { url: string; model: string; apiKey?: string; timeoutMs?: number }) {
    this.label = `${o.model} at ${o.url}`;
  }

  async verdict(criteria: string, conversation: { user: string; reply: string }[]): Promise<Verdict> {
    const { request } = await import("undici");
    const url = `${this.o.url.replace(/\/+$/, "")}/chat/completions`;
    const res = await request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.o.model,
        temperature: 0,
        messages: [
          { role: "system", content: "You are a strict evaluator of customer-support replies." },
          { role: "user", content: judgePrompt(criteria, conversation) },
        ],
      }),
      headersTimeout: this.o.timeoutMs ?? 60_000,
      bodyTimeout: this.o.timeoutMs ?? 60_000,
    });
    const text = await res.body.text();
    const redact = (s: string) => (this.o.apiKey ? s.split(this.o.apiKey).join("[redacted]") : s);
    if (res.statusCode >= 400)
      throw new Error(`POST ${url} answered ${res.statusCode}: ${redact(text.slice(0, 200))}`);
    let content: unknown;
    try {
      content = (JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]
        ?.message?.content;
    } catch {
      content = undefined;
    }
    if (typeof content !== "string") throw new Error(`POST ${url} answered no choices[0].message.content`);
    return parseVerdict(content);
  }
}

/** The OpenAI-compatible judge the environment configures, if any. */
export function judgeFromEnv(env: NodeJS.ProcessEnv): OpenAICompatibleJudge | undefined {
  const url = env.INVENT_TEST_JUDGE_URL;
  if (!url) return undefined;
  return new OpenAICompatibleJudge({
    url,
    model: env.INVENT_TEST_JUDGE_MODEL || "gpt-4o-mini",
    apiKey: env.INVENT_TEST_JUDGE_API_KEY || undefined,
  });
}

/** What to do when a test has `judge` expectations and no judge is configured. */
export const NO_JUDGE_FIX =
  "no judge is configured: declare a judge assistant (`judge: {assistant: <name>}` in the file, " +
  "`--judge-assistant`, or INVENT_TEST_JUDGE_ASSISTANT), or an OpenAI-compatible endpoint (INVENT_TEST_JUDGE_URL, " +
  "INVENT_TEST_JUDGE_MODEL, INVENT_TEST_JUDGE_API_KEY)";
