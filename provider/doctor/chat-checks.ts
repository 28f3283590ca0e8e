/**
 * `doctor`'s checks of the chat assumptions (`ASSUMPTIONS.chat*`), which `pulumi-invent test` relies on.
 * Read-only: the org's chat list, and the newest chat there (its object, state and messages). With `--write`:
 * one conversation of two turns with an existing assistant (two replies: it costs credits), then its delete.
 */
import { ASSUMPTIONS } from "../assumptions";
import { Conversation } from "../chats/conversation";
import { readMessage, signalsOf } from "../chats/messages";
import { InventError, NotFoundError } from "../errors";
import type { DoctorContext } from "./checks";
import type { Leftover } from "./report";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(values[k]));
const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Every chat assumption, for "not checked" rows when nothing reaches them. */
const CHAT_ASSUMPTIONS = [
  "chatStartPath",
  "chatPath",
  "chatsListPath",
  "chatMessagesSinceParam",
  "chatMessageStatuses",
  "chatToolCallKeys",
  "chatHandoffSignals",
  "chatEndedStates",
] as const;

/** Documented values the chat assumptions choose among [D]. */
const MESSAGE_STATUSES = ["RUNNING", "COMPLETED", "FAILED", "CANCELED"];
const CHAT_STATES = ["OPEN", "SNOOZED", "CLOSED"];

/** Judges a chat object's state and a list of its messages (shared by the read-only and write checks). */
function judgeChat(ctx: DoctorContext, chat: Obj, messages: unknown[], where: string): void {
  const f = ctx.findings;
  const state = isObj(chat.state) ? chat.state : undefined;
  if (state && typeof state.ai_enabled === "boolean")
    f.holds("chatHandoffSignals", `${where}: state.ai_enabled is a boolean (${String(state.ai_enabled)})`);
  else
    f.contradicted(
      "chatHandoffSignals",
      `${where}: no boolean state.ai_enabled (state keys: ${state ? Object.keys(state).join(", ") : "none"}); a hand-off ` +
        "can then only show as state.assigned_user",
      true,
    );
  if (state && typeof state.state === "string" && CHAT_STATES.includes(state.state))
    f.holds("chatEndedStates", `${where}: state.state is ${state.state}, one of ${CHAT_STATES.join(", ")}`);
  else if (state && typeof state.state === "string")
    f.contradicted("chatEndedStates", `${where}: state.state is ${JSON.stringify(state.state)}`, true);

  const read = messages.map(readMessage).filter((m) => m !== undefined);
  const statuses = [...new Set(read.map((m) => m.status))];
  const unknown = statuses.filter((s) => !MESSAGE_STATUSES.includes(s));
  if (unknown.length)
    f.contradicted(
      "chatMessageStatuses",
      `${where}: message statuses ${unknown.join(", ")} are not documented`,
      true,
    );
  else if (statuses.length)
    f.holds("chatMessageStatuses", `${where}: message statuses seen: ${statuses.join(", ")}`);

  // Parts that are neither text nor a recognised call (nor a result of one): a call shape the keys miss?
  const parts = messages
    .filter(isObj)
    .flatMap((m) => (Array.isArray(m.messages) ? m.messages.filter(isObj) : []))
    .flatMap((s) => (Array.isArray(s.parts) ? s.parts.filter(isObj) : []));
  const calls = read.flatMap((m) => m.toolCalls);
  const other = parts.filter((p) => p.type !== "text" && !/result/i.test(String(p.type)));
  if (calls.length)
    f.holds(
      "chatToolCallKeys",
      `${where}: ${calls.length} tool call(s) read (${[...new Set(calls.map((c) => c.name))].join(", ")})`,
    );
  else if (other.length)
    f.contradicted(
      "chatToolCallKeys",
      `${where}: parts of type ${[...new Set(other.map((p) => String(p.type)))].join(", ")} carry keys ` +
        `${[...new Set(other.flatMap((p) => Object.keys(p)))].join(", ")}, none read as a tool call`,
      true,
    );
}

/** The read-only chat checks: the org's chat list, then its first chat, its state and messages. */
export async function chatReadChecks(ctx: DoctorContext): Promise<void> {
  const f = ctx.findings;
  f.notChecked(
    "chatStartPath",
    "only a start shows it: run with --write (starts one chat; it costs credits)",
  );
  f.notChecked(
    "chatReplyPolling",
    "a waiting budget, nothing the API answers; --write measures how long one reply takes",
    false,
  );
  let chats: Obj[];
  try {
    const page = await ctx.client.get<unknown>(ASSUMPTIONS.chatsListPath, {
      org: ctx.org,
      query: { page: 1, take: 1 },
    });
    if (!Array.isArray(page)) throw new InventError("not a JSON array");
    chats = page.filter(isObj);
    f.holds("chatsListPath", `GET /orgs/${ctx.org}${ASSUMPTIONS.chatsListPath} lists the org's chats`, false);
  } catch (err) {
    f.contradicted(
      "chatsListPath",
      `GET /orgs/${ctx.org}${ASSUMPTIONS.chatsListPath}: ${reasonOf(err)}; \`pulumi-invent test\` then cannot tell whether ` +
        "a start whose answer was lost made a chat (it reports the outcome unknown instead)",
      false,
    );
    chats = [];
  }
  const chat = chats[0];
  if (!chat || typeof chat.id !== "string") {
    for (const a of CHAT_ASSUMPTIONS)
      if (!f.has(a))
        f.notChecked(a, "no chat in the org: run with --write (starts one chat; it costs credits)");
    return;
  }
  const path = fill(ASSUMPTIONS.chatPath, { chatId: chat.id });
  try {
    const one = await ctx.client.get<Obj>(path, { outsideOrg: true });
    f.holds("chatPath", `GET ${ASSUMPTIONS.chatPath} (outside /orgs) answered the chat`);
    const since = typeof one.created_at === "string" ? one.created_at : undefined;
    const query = since ? { [ASSUMPTIONS.chatMessagesSinceParam]: since, take: ASSUMPTIONS.maxPageSize } : {};
    const messages = await ctx.client.get<unknown>(`${path}/messages`, { outsideOrg: true, query });
    if (!Array.isArray(messages)) {
      f.contradicted("chatPath", `GET ${ASSUMPTIONS.chatPath}/messages answered no JSON array`, true);
      return;
    }
    if (since)
      f.holds(
        "chatMessagesSinceParam",
        `GET …/messages?${ASSUMPTIONS.chatMessagesSinceParam}=… accepted (${messages.length} message(s) since the chat began)`,
        false,
      );
    judgeChat(ctx, one, messages, `chat ${chat.id}`);
  } catch (err) {
    if (err instanceof NotFoundError)
      f.contradicted("chatPath", `GET ${path} answered 404 for a chat the org lists`, true);
    else if (err instanceof InventError && err.status === 400 && err.request?.includes("/messages"))
      f.contradicted(
        "chatMessagesSinceParam",
        `GET …/messages?${ASSUMPTIONS.chatMessagesSinceParam}=… answered 400: ${err.serverMessages.join("; ")}`,
        true,
      );
    else throw err;
  }
  for (const a of CHAT_ASSUMPTIONS)
    if (!f.has(a))
      f.notChecked(a, "only a conversation shows it: run with --write (starts one chat; it costs credits)");
}

/**
 * The write check: one conversation of two turns with the org's first enabled assistant, through the same
 * code as `pulumi-invent test`, then its delete. Returns the chat when it could not be deleted.
 */
export async function chatWriteChecks(ctx: DoctorContext): Promise<Leftover[]> {
  const f = ctx.findings;
  const assistants = await ctx.client.get<unknown>("/assistants", {
    org: ctx.org,
    query: { page: 1, take: ASSUMPTIONS.maxPageSize },
  });
  const assistant = (Array.isArray(assistants) ? assistants.filter(isObj) : []).find(
    (a) => a.enabled !== false && a.deleted !== true && typeof a.id === "string",
  );
  if (!assistant) {
    for (const a of ["chatStartPath", "chatReplyPolling"])
      f.notChecked(a, "no enabled assistant in the org to hold a conversation with");
    return [];
  }
  const id = String(assistant.id);
  ctx.progress(
    `starting one chat with assistant ${id} (two short turns: this costs credits), then deleting it`,
  );
  const logs: string[] = [];
  const conversation = new Conversation({
    client: ctx.client,
    org: ctx.org,
    assistantId: id,
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), debug: () => {} },
  });
  const leftovers: Leftover[] = [];
  try {
    const first = await conversation.say(
      "pulumi-invent doctor: a check of the API. Please answer in one short sentence.",
    );
    f.holds(
      "chatStartPath",
      `POST /orgs/${ctx.org}${fill(ASSUMPTIONS.chatStartPath, { assistantId: "…" })} started chat ${conversation.chatId}`,
    );
    f.holds(
      "chatReplyPolling",
      `the first reply was seen after ${first.latencyMs} ms (${first.calls} call(s), ${first.waitedMs} ms of waits); the ` +
        `deadline is ${ASSUMPTIONS.chatReplyPolling.deadlineMs} ms`,
      false,
    );
    const second = await conversation.say("Thank you. This is the last message of the check.");
    f.holds(
      "chatPath",
      `POST ${ASSUMPTIONS.chatPath}/messages added a turn and its reply came (${second.latencyMs} ms)`,
    );
    if (!first.tokens) f.notes.push("replies carry no usage: maxTokens expectations will be skipped");
    const chat = await ctx.client.get<Obj>(fill(ASSUMPTIONS.chatPath, { chatId: conversation.chatId! }), {
      outsideOrg: true,
    });
    const messages = await ctx.client.listAll<unknown>(
      `${fill(ASSUMPTIONS.chatPath, { chatId: conversation.chatId! })}/messages`,
      {
        outsideOrg: true,
      },
    );
    judgeChat(ctx, chat, messages, `the doctor's chat`);
    const s = signalsOf(chat);
    f.notes.push(
      `the doctor's chat after two turns: state ${s.seen.state}, ai_enabled ${String(s.seen.aiEnabled)}`,
    );
  } catch (err) {
    // A row that already holds keeps its verdict: "not checked" never outranks what was seen.
    for (const a of ["chatStartPath", "chatReplyPolling", "chatPath"])
      f.notChecked(a, `the doctor's conversation failed: ${reasonOf(err)}`);
  } finally {
    const closed = await conversation.close();
    if (conversation.chatId) {
      const path = fill(ASSUMPTIONS.chatPath, { chatId: conversation.chatId });
      let gone = closed.deleted;
      if (gone)
        try {
          await ctx.client.get(path, { outsideOrg: true });
          gone = false;
        } catch (err) {
          gone = err instanceof NotFoundError;
        }
      if (gone)
        f.holds("chatPath", `DELETE ${ASSUMPTIONS.chatPath} removed the chat (GET then answered 404)`);
      else {
        f.contradicted(
          "chatPath",
          `DELETE ${ASSUMPTIONS.chatPath}: ${closed.error ?? "the chat still answers"}`,
          true,
        );
        leftovers.push({
          kind: "Chat",
          id: conversation.chatId,
          path,
          error: closed.error ?? "still answers",
        });
      }
    }
    for (const l of logs) f.notes.push(`chat: ${l}`);
  }
  return leftovers;
}
