/**
 * One conversation with an assistant over the chat API: start it with the first user turn, post each later
 * turn exactly once, wait for the reply, read the chat's hand-off state, and delete the chat.
 *
 * Posting is not idempotent (the API has no idempotency key), so, as with exactly-once creation
 * (`schema/create.ts`), a post whose answer is lost (a 5xx, a reset) is checked before anything is sent again:
 * - a user turn: the chat's messages are read; a user message with the same text that was not there before is
 *   ours (the conversation alone writes to its chat); none: the post made nothing, send it again; several: an
 *   error naming them, never a guess.
 * - a start: the org's chats are read (`ASSUMPTIONS.chatsListPath`); ours is a chat of this assistant, created
 *   at or after the start (server time), that no other conversation of this process has claimed, whose first
 *   user message has the same text. Starts with the same assistant and first text are serialised within the
 *   process, so two repeats of one test never race for the same candidate.
 * When the outcome stays unknown, {@link UnknownTurnError} says what to look for.
 */
import { ASSUMPTIONS } from "../assumptions";
import { Clock, InventClient, InventResponse, serverDate, systemClock } from "../client";
import { ConnectionError, InventError, NotFoundError, ServerError } from "../errors";
import { Logger } from "../log";
import {
  assistantOfChat,
  ChatMessage,
  ChatSignals,
  inOrder,
  progressOf,
  readMessage,
  signalsOf,
  ToolCall,
} from "./messages";

type Obj = Record<string, unknown>;

/** Posts sent for one turn before giving up; each failure in between is verified by a read. */
export const MAX_POST_ATTEMPTS = 3;
/** Pause before the verifying read, so a request the server is still finishing shows up in it. */
const VERIFY_DELAY_MS = 500;
/** Polls without any new message after which the chat's state is read once: a human may have taken over. */
const QUIET_POLLS_BEFORE_STATE = 3;

/** The outcome of a post or a start could not be established; the message says what to look for. */
export class UnknownTurnError extends InventError {
  override readonly name = "UnknownTurnError";
}

/** The reply did not come: it failed (the server's error), or the deadline passed. */
export class ReplyError extends InventError {
  override readonly name: string = "ReplyError";
  constructor(
    message: string,
    readonly reason: "failed" | "timeout",
    readonly chatId: string,
  ) {
    super(message);
  }
}

/** One user turn and what came back. */
export interface Turn {
  user: string;
  /** Every message of the turn after the user's (assistant, tool, event), in order. */
  messages: ChatMessage[];
  /** The assistant's text (its messages' text parts). */
  reply: string;
  toolCalls: ToolCall[];
  /** "replied"; or "no-reply" when the AI no longer answers (a human took over, the chat ended). */
  outcome: "replied" | "no-reply";
  /**
   * From just before the post to the reply being seen (so it includes the polling granularity, not the wait
   * for another repetition's start of the same text).
   */
  latencyMs: number;
  /** Tokens of the turn's messages, when the API counts them. */
  tokens?: { input: number; output: number; total: number };
  /** API calls the turn made (post, polls, verifications). */
  calls: number;
  /** Time spent waiting between polls. */
  waitedMs: number;
}

/** Ids of chats that a conversation of this process took as its own: never taken twice. */
const claimed = new Set<string>();
/** The start in flight per assistant and first text (see the module comment). */
const starting = new Map<string, Promise<unknown>>();

/** The server's clock, as the `Date` headers of its answers show it (shared by the conversations of a run). */
export class ServerClock {
  private offsetMs?: number;
  constructor(private readonly clock: Clock = systemClock) {}
  /** Learns the offset from an answer's headers. */
  observe(headers: Record<string, string | string[] | undefined>): void {
    const t = serverDate(headers);
    if (t !== undefined) this.offsetMs = t - this.clock.now();
  }
  /** The server's time now, when an answer has shown it. */
  now(): number | undefined {
    return this.offsetMs === undefined ? undefined : this.clock.now() + this.offsetMs;
  }
}

/** What a conversation needs. */
export interface ConversationOptions {
  client: InventClient;
  /** The assistant's org: a real id, or `c`. */
  org: string;
  assistantId: string;
  logger: Logger;
  /** How long one reply may take. Default `ASSUMPTIONS.chatReplyPolling.deadlineMs`. */
  replyDeadlineMs?: number;
  serverClock?: ServerClock;
  clock?: Clock;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(values[k]));
const ambiguous = (err: unknown) => err instanceof ServerError || err instanceof ConnectionError;
const parts = (text: string) => [{ type: "text", text }];
const briefly = (err: unknown) =>
  err instanceof InventError && err.request
    ? `${err.request} ${err.status ? `failed with ${err.status}` : "got no answer"}`
    : String((err as Error).message ?? err);

export class Conversation {
  /** The chat, once started. */
  chatId?: string;
  /** Whether the AI stopped answering (a hand-off or an end seen after a turn). */
  private aiStopped = false;
  private readonly known = new Set<string>();
  private readonly clock: Clock;
  private readonly serverClock: ServerClock;
  private calls = 0;
  /** When the current turn's first post was sent (after waiting for another start of the same text). */
  private sentAt = 0;

  constructor(private readonly o: ConversationOptions) {
    this.clock = o.clock ?? systemClock;
    this.serverClock = o.serverClock ?? new ServerClock(this.clock);
  }

  /** API calls made so far. */
  get apiCalls(): number {
    return this.calls;
  }

  private chatPath(suffix = ""): string {
    if (!this.chatId) throw new Error("the conversation has no chat yet");
    return `${fill(ASSUMPTIONS.chatPath, { chatId: this.chatId })}${suffix}`;
  }

  private async call<T>(method: string, path: string, opts: Parameters<InventClient["request"]>[2] = {}) {
    this.calls++;
    const res: InventResponse<T> = await this.o.client.request<T>(method, path, opts);
    this.serverClock.observe(res.headers);
    return res;
  }

  /** Posts a user turn (the first starts the chat) and waits for the reply. */
  async say(text: string): Promise<Turn> {
    const before = this.calls;
    this.sentAt = this.clock.now();
    const answer = this.chatId ? await this.postTurn(text) : await this.start(text);
    if (this.aiStopped) {
      return {
        user: text,
        messages: [],
        reply: "",
        toolCalls: [],
        outcome: "no-reply",
        latencyMs: this.clock.now() - this.sentAt,
        calls: this.calls - before,
        waitedMs: 0,
      };
    }
    const { messages, waitedMs, outcome } = await this.waitForReply(text, answer);
    const assistant = messages.filter((m) => m.role === "assistant");
    const counted = messages.filter((m) => m.tokens);
    return {
      user: text,
      messages,
      reply: assistant.map((m) => m.text).join("\n"),
      toolCalls: messages.flatMap((m) => m.toolCalls),
      outcome,
      latencyMs: this.clock.now() - this.sentAt,
      ...(counted.length
        ? {
            tokens: counted.reduce(
              (t, m) => ({
                input: t.input + m.tokens!.input,
                output: t.output + m.tokens!.output,
                total: t.total + m.tokens!.total,
              }),
              { input: 0, output: 0, total: 0 },
            ),
          }
        : {}),
      calls: this.calls - before,
      waitedMs,
    };
  }

  /** The chat's hand-off and end signals now (one GET). */
  async signals(): Promise<ChatSignals> {
    const chat = (await this.call<unknown>("GET", this.chatPath(), { outsideOrg: true })).body;
    const s = signalsOf(chat);
    if (s.handoff || s.ended) this.aiStopped = true;
    return s;
  }

  /**
   * Deletes the chat. Resolves `true` when it is gone (a 404 too: an earlier attempt deleted it), `false`
   * with the error when it may remain; never throws.
   */
  async close(): Promise<{ deleted: boolean; error?: string }> {
    if (!this.chatId) return { deleted: true };
    try {
      await this.call("DELETE", this.chatPath(), { outsideOrg: true });
      return { deleted: true };
    } catch (err) {
      if (err instanceof NotFoundError) return { deleted: true };
      return { deleted: false, error: (err as Error).message };
    }
  }

  // --- start and post, exactly once ---------------------------------------------------------------------

  /** Starts the chat with its first turn; returns the start's answer. */
  private async start(text: string): Promise<unknown> {
    const key = `${this.o.org}\u0000${this.o.assistantId}\u0000${text}`;
    for (;;) {
      const running = starting.get(key);
      if (!running) break;
      await running.catch(() => undefined);
    }
    const attempt = this.startOnce(text);
    starting.set(key, attempt);
    try {
      return await attempt;
    } finally {
      if (starting.get(key) === attempt) starting.delete(key);
    }
  }

  private async startOnce(text: string): Promise<unknown> {
    const path = fill(ASSUMPTIONS.chatStartPath, { assistantId: this.o.assistantId });
    const label = `chat with assistant ${this.o.assistantId}`;
    // Server time the chat cannot be older than: from the answers seen so far, else one listing's Date.
    let since = this.serverClock.now();
    if (since === undefined) {
      await this.call("GET", ASSUMPTIONS.chatsListPath, { org: this.o.org, query: { page: 1, take: 1 } });
      since = this.serverClock.now();
    }
    // Whole-second timestamps: a chat made in the same second may carry the second before.
    const notBefore = since === undefined ? undefined : Math.floor(since / 1000) * 1000 - 1000;
    this.sentAt = this.clock.now();
    for (let n = 1; ; n++) {
      let failure: InventError;
      try {
        const res = await this.call<unknown>("POST", path, {
          org: this.o.org,
          body: { message: parts(text) },
        });
        const id = (res.body as Obj | undefined)?.id;
        if (typeof id !== "string" && typeof id !== "number")
          throw new InventError(`the start of a ${label} answered no chat id; see ASSUMPTIONS.chatStartPath`);
        this.chatId = String(id);
        claimed.add(this.chatId);
        return res.body;
      } catch (err) {
        if (!ambiguous(err)) throw err;
        failure = err as InventError;
      }
      this.o.logger.warn(
        `${label}: ${failure.message} Checking whether the chat was started before starting again.`,
      );
      await this.clock.sleep(VERIFY_DELAY_MS);
      let found: string[];
      try {
        found = await this.startedChats(text, notBefore);
      } catch (err) {
        throw new UnknownTurnError(
          `${label}: the start failed (${briefly(failure)}) and reading the org's chats to check also failed ` +
            `(${briefly(err)}). Look in org ${this.o.org} for a chat of assistant ${this.o.assistantId} whose first ` +
            `message is ${JSON.stringify(text)}, and delete it.`,
        );
      }
      if (found.length === 1) {
        this.o.logger.info(`${label}: the failed start did make chat ${found[0]}; using it.`);
        this.chatId = found[0];
        claimed.add(this.chatId);
        return undefined;
      }
      if (found.length > 1)
        throw new UnknownTurnError(
          `${label}: the start's outcome is unknown: ${found.length} new chats match it (${found.join(", ")}). ` +
            "Delete them in the Invent dashboard.",
        );
      if (n >= MAX_POST_ATTEMPTS)
        throw new InventError(
          `${label}: the start failed ${n} times and made nothing (the org's chats were checked after each ` +
            `failure). Last error: ${failure.message}`,
          { status: failure.status, request: failure.request, requestId: failure.requestId },
        );
      this.o.logger.info(
        `${label}: the failed start made nothing; starting again (attempt ${n + 1}/${MAX_POST_ATTEMPTS}).`,
      );
    }
  }

  /** Chats of the org that a lost start of `text` may have made, unclaimed. */
  private async startedChats(text: string, notBefore: number | undefined): Promise<string[]> {
    this.calls++;
    const chats = await this.o.client.listAll<Obj>(ASSUMPTIONS.chatsListPath, { org: this.o.org });
    const candidates = chats.filter(
      (c) =>
        assistantOfChat(c) === this.o.assistantId &&
        !claimed.has(String(c.id)) &&
        !(notBefore !== undefined && Date.parse(String(c.created_at)) < notBefore),
    );
    const ours: string[] = [];
    for (const c of candidates) {
      const path = fill(ASSUMPTIONS.chatPath, { chatId: String(c.id) });
      this.calls++;
      const messages = inOrder(
        (await this.o.client.listAll<unknown>(`${path}/messages`, { outsideOrg: true }))
          .map(readMessage)
          .filter((m): m is ChatMessage => m !== undefined),
      );
      if (messages.find((m) => m.role === "user")?.text === text) ours.push(String(c.id));
    }
    return ours;
  }

  /** Posts a later turn exactly once; returns the post's answer (the user's message, or the reply). */
  private async postTurn(text: string): Promise<unknown> {
    const path = this.chatPath("/messages");
    const label = `chat ${this.chatId}`;
    for (let n = 1; ; n++) {
      let failure: InventError;
      try {
        return (await this.call<unknown>("POST", path, { outsideOrg: true, body: { message: parts(text) } }))
          .body;
      } catch (err) {
        if (!ambiguous(err)) throw err;
        failure = err as InventError;
      }
      this.o.logger.warn(
        `${label}: ${failure.message} Checking the chat's messages before sending the turn again.`,
      );
      await this.clock.sleep(VERIFY_DELAY_MS);
      let mine: ChatMessage[];
      try {
        mine = (await this.listMessages()).filter(
          (m) => m.role === "user" && m.text === text && !this.known.has(m.id),
        );
      } catch (err) {
        throw new UnknownTurnError(
          `${label}: posting the turn failed (${briefly(failure)}) and reading the chat's messages to check also ` +
            `failed (${briefly(err)}). Look in chat ${this.chatId} for a user message ${JSON.stringify(text)}.`,
        );
      }
      if (mine.length === 1) {
        this.o.logger.info(`${label}: the failed post did add message ${mine[0].id}; not sending it again.`);
        return mine[0].raw;
      }
      if (mine.length > 1)
        throw new UnknownTurnError(
          `${label}: ${mine.length} new user messages match the turn (${mine.map((m) => m.id).join(", ")}).`,
        );
      if (n >= MAX_POST_ATTEMPTS)
        throw new InventError(
          `${label}: posting the turn failed ${n} times and added nothing (the messages were checked after each ` +
            `failure). Last error: ${failure.message}`,
          { status: failure.status, request: failure.request, requestId: failure.requestId },
        );
      this.o.logger.info(
        `${label}: the failed post added nothing; sending it again (attempt ${n + 1}/${MAX_POST_ATTEMPTS}).`,
      );
    }
  }

  // --- waiting for the reply -----------------------------------------------------------------------------

  /** Every message of the chat, in order (all pages; the start date narrows it when the API honours it). */
  private async listMessages(since?: string): Promise<ChatMessage[]> {
    const query = since ? { [ASSUMPTIONS.chatMessagesSinceParam]: since } : {};
    const raw: unknown[] = [];
    for await (const page of this.o.client.pages<unknown>(this.chatPath("/messages"), {
      outsideOrg: true,
      query,
    })) {
      this.calls++;
      this.serverClock.observe(page.headers);
      raw.push(...page.body);
    }
    return inOrder(raw.map(readMessage).filter((m): m is ChatMessage => m !== undefined));
  }

  /**
   * Waits until the turn's reply is written: the post's answer when it is a finished reply, else polls (see
   * `ASSUMPTIONS.chatReplyPolling`) until an assistant message the conversation has not seen is no longer
   * running and nothing of the turn still runs.
   */
  private async waitForReply(
    text: string,
    answer: unknown,
  ): Promise<{ messages: ChatMessage[]; waitedMs: number; outcome: Turn["outcome"] }> {
    const polling = ASSUMPTIONS.chatReplyPolling;
    const deadline = this.clock.now() + (this.o.replyDeadlineMs ?? polling.deadlineMs);
    const posted = readMessage(answer);
    const replied = posted?.role === "assistant" && progressOf(posted.status) !== "running";
    let user = posted?.role === "user" ? posted : undefined;
    let delay: number = polling.firstMs;
    let waitedMs = 0;
    let quiet = 0;
    for (let poll = 0; ; poll++) {
      // A finished reply in the post's answer: one read at once gathers the rest of the turn (tool messages).
      if (!(poll === 0 && replied)) {
        const wait = Math.min(delay, Math.max(0, deadline - this.clock.now()));
        await this.clock.sleep(wait);
        waitedMs += wait;
        delay = Math.min(polling.maxMs, Math.round(delay * polling.factor));
      }
      const all = await this.listMessages(user?.createdAt);
      user ??= all.find((m) => m.role === "user" && m.text === text && !this.known.has(m.id));
      let turn = all.filter((m) => !this.known.has(m.id) && m.id !== user?.id && m.role !== "user");
      // Within one second the dates cannot order a newest-first list: the turn comes after its user message.
      const userAt = all.findIndex((m) => m.id === user?.id);
      if (userAt >= 0 && turn.length && all.indexOf(turn[0]) < userAt) turn = turn.reverse();
      const done = turn.filter((m) => m.role === "assistant" && progressOf(m.status) !== "running");
      const running = turn.some((m) => progressOf(m.status) === "running");
      const failed = done.find((m) => progressOf(m.status) === "failed");
      if (failed && !running) {
        this.remember(all);
        throw new ReplyError(
          `the reply in chat ${this.chatId} ended ${failed.status}` +
            (failed.error ? `: ${failed.error}` : " without an error message") +
            ". The assistant did not answer: check its model and the org's credits, then run the test again.",
          "failed",
          this.chatId!,
        );
      }
      if (done.length && !running) {
        this.remember(all);
        return { messages: turn, waitedMs, outcome: "replied" };
      }
      quiet = turn.length ? 0 : quiet + 1;
      if (quiet === QUIET_POLLS_BEFORE_STATE && (await this.signals()).handoff) {
        this.remember(all);
        return { messages: turn, waitedMs, outcome: "no-reply" };
      }
      if (this.clock.now() >= deadline) {
        this.remember(all);
        throw new ReplyError(
          `no reply in chat ${this.chatId} within ${Math.round((this.o.replyDeadlineMs ?? polling.deadlineMs) / 1000)}s ` +
            `(${running ? "the reply is still RUNNING" : "no assistant message appeared"}). Raise the deadline ` +
            "(`--reply-timeout` or `replyTimeoutSeconds` in the test file) or check the assistant in the dashboard.",
          "timeout",
          this.chatId!,
        );
      }
    }
  }

  private remember(messages: ChatMessage[]): void {
    for (const m of messages) this.known.add(m.id);
  }
}
