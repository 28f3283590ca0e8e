/**
 * Chats and their messages, as kind descriptors (descriptor.ts): started under an assistant, then addressed
 * as `/chats/:id` outside any org path, with replies written by the reply engine (conversation.ts) over the
 * emulator clock. The settings `chatReply*`, `chatMessagesOrder`, `chatToolCallStyle` and `chatAgentsOnline`
 * switch each assumption the runner makes (invent-api.md, "Chats").
 */
import {
  CHAT_ID_PREFIX,
  CHAT_ITEM_BASE,
  CHAT_START_PATH,
  CHAT_VISIBILITY,
  CHATS_LIST_PATH,
  HANDOFF_EVENT_TEXT,
  MESSAGE_ID_PREFIX,
  ONLINE_AGENT,
  USER_PART_TYPES,
} from "./assumptions";
import { planReply } from "./conversation";
import { defineKind, HttpError, type KindContext } from "./descriptor";
import {
  isoSeconds,
  newId,
  type ChatPart,
  type Spec,
  type Store,
  type StoredAssistant,
  type StoredChat,
  type StoredChatMessage,
} from "./store";

const PART: Spec = {
  kind: "object",
  open: true, // start_timestamp, end_timestamp, … [E]
  fields: { type: { kind: "enum", values: USER_PART_TYPES }, text: { kind: "string", min: 1 } },
  required: ["type", "text"],
};
const PARTS: Spec = { kind: "array", items: PART };

/** `message` must hold at least one part [D]. */
function atLeastOnePart(body: Record<string, unknown>): string[] {
  return Array.isArray(body.message) && body.message.length === 0
    ? ["message must contain at least 1 elements"]
    : [];
}

const textOf = (m: StoredChatMessage): string =>
  m.messages
    .flatMap((s) => s.parts)
    .filter((p) => p.type === "text")
    .map((p) => String(p.text))
    .join("\n");

function messagesOf(store: Store, chat: StoredChat): StoredChatMessage[] {
  return store.list("chatMessages", chat.org_id, { field: "chat_id", value: chat.id }) as StoredChatMessage[];
}

/** Adds a message to a chat, dated now (emulator clock), in the store's creation order. */
function insertMessage(
  store: Store,
  chat: StoredChat,
  fields: Partial<StoredChatMessage> & Pick<StoredChatMessage, "role" | "status">,
): StoredChatMessage {
  const stamp = store.now();
  const message: StoredChatMessage = {
    org_id: chat.org_id,
    id: newId(MESSAGE_ID_PREFIX),
    chat_id: chat.id,
    model: null,
    messages: [],
    error: null,
    usage: null,
    pending: null,
    reply_id: null,
    created_at: stamp,
    updated_at: stamp,
    ...fields,
  };
  store.map("chatMessages").set(message.id, message);
  return message;
}

/**
 * The assistant's answer to `user`, planned now and written `chatReplyLatencyMs` later (or never, or
 * failed, as the one-shot settings say). None when the AI no longer answers (handed off, or closed).
 */
function startReply(ctx: KindContext, chat: StoredChat, user: StoredChatMessage): void {
  const { store, settings } = ctx;
  if (!chat.state.ai_enabled || chat.state.state === "CLOSED") return;
  const assistant = store.find("assistants", chat.org_id, chat.state.assistant_id) as
    StoredAssistant | undefined;
  if (!assistant) return;
  const history = messagesOf(store, chat)
    .filter((m) => m.id !== user.id)
    .map(textOf);
  const plan = planReply(store, assistant, textOf(user), history);
  const now = store.clock();
  const stall = settings.chatReplyStallNext > 0;
  const fail = !stall && settings.chatReplyFailNext > 0;
  if (stall) settings.chatReplyStallNext -= 1;
  if (fail) settings.chatReplyFailNext -= 1;
  const calls: ChatPart[] = plan.calls.flatMap((c, i) => {
    const callId = `call_${user.id.slice(MESSAGE_ID_PREFIX.length, MESSAGE_ID_PREFIX.length + 8)}${i}`;
    return [
      {
        type: "tool-call",
        tool_call_id: callId,
        tool_name: c.name,
        ...(c.actionId ? { action_id: c.actionId } : {}),
        input: c.input,
      },
      { type: "tool-result", tool_call_id: callId, output: c.output },
    ];
  });
  const text: ChatPart = { type: "text", text: plan.text };
  const separateTools = settings.chatToolCallStyle === "message" && calls.length > 0;
  const pending = {
    done_at: stall ? null : settings.chatReplyMode === "sync" ? now : now + settings.chatReplyLatencyMs,
    outcome: fail ? ("FAILED" as const) : ("COMPLETED" as const),
    error: fail ? settings.chatReplyFailReason : null,
    usage: plan.usage,
    handoff: plan.handoff,
    end: plan.end,
    agentsOnline: settings.chatAgentsOnline,
  };
  const model = assistant.config.model;
  if (separateTools)
    insertMessage(store, chat, {
      role: "tool",
      status: "RUNNING",
      model,
      pending: { ...pending, parts: calls, usage: null, handoff: false, end: false },
    });
  const reply = insertMessage(store, chat, {
    role: "assistant",
    status: "RUNNING",
    model,
    pending: { ...pending, parts: separateTools ? [text] : [...calls, text] },
  });
  user.reply_id = reply.id;
  chat.status = "RUNNING";
  chat.updated_at = store.bump(chat.updated_at);
}

/** A reply whose time has come: written (or failed), and what it does to the chat. */
function settleReply(m: StoredChatMessage, nowMs: number, store: Store): void {
  const p = m.pending;
  if (!p || p.done_at === null || nowMs < p.done_at) return;
  const at = isoSeconds(p.done_at);
  m.pending = null;
  m.status = p.outcome;
  m.updated_at = at > m.updated_at ? at : store.bump(m.updated_at);
  if (p.outcome === "FAILED") {
    m.error = p.error;
    return;
  }
  m.messages = [{ role: m.role, parts: p.parts }];
  m.usage = p.usage;
  const chat = store.map("chats").get(m.chat_id) as StoredChat | undefined;
  if (!chat) return;
  if (p.handoff) {
    chat.state.ai_enabled = false;
    if (p.agentsOnline) {
      chat.state.assigned_user = { ...ONLINE_AGENT };
      chat.state.assigned_at = at;
    }
    insertMessage(store, chat, {
      role: "event",
      status: "COMPLETED",
      messages: [{ role: "event", parts: [{ type: "text", text: HANDOFF_EVENT_TEXT }] }],
    });
  }
  if (p.end) chat.state.state = "CLOSED";
  if (!messagesOf(store, chat).some((x) => x.pending)) chat.status = "COMPLETED";
  chat.updated_at = store.bump(chat.updated_at);
}

/** Whether the post of `obj` blocks until its reply is written (setting `chatReplyMode: "sync"`). */
const replyDelay = (ctx: KindContext): number =>
  ctx.settings.chatReplyMode === "sync" ? ctx.settings.chatReplyLatencyMs : 0;

export const CHATS = defineKind<StoredChat>()({
  key: "chats",
  label: "Chat",
  collection: CHATS_LIST_PATH,
  createCollection: CHAT_START_PATH,
  itemBase: CHAT_ITEM_BASE,
  item: ":id",
  orgless: { kind: "chats", param: "id" },
  idPrefix: CHAT_ID_PREFIX,
  ops: ["list", "create", "get", "update", "delete"],
  body: {
    fields: {
      message: PARTS,
      title: { kind: "string", nullable: true },
      model: { kind: "string", min: 1 },
      visibility: { kind: "string", min: 1 },
      pinned: { kind: "boolean" },
      tools: { kind: "array", items: { kind: "object", fields: {}, open: true } },
    },
    required: ["message"],
    // [A] a start takes only the first message; `title`, `temporary` and the rest are refused (400).
    createOnly: ["message"],
    updateOnly: ["title", "model", "visibility", "pinned", "tools"],
  },
  check: (body, op) => (op === "create" ? atLeastOnePart(body) : []),
  deletion: "hard",
  build(body, ctx) {
    const assistantId = ctx.params.assistant_id ?? (body.assistant_id as string | undefined);
    const assistant = assistantId
      ? (ctx.store.find("assistants", ctx.orgId, assistantId) as StoredAssistant | undefined)
      : undefined;
    if (!assistant || assistant.deleted) throw new HttpError(404, "Assistant not found");
    return {
      title: null,
      model: assistant.config.model,
      temporary: false,
      pinned: false,
      visibility: CHAT_VISIBILITY,
      status: "COMPLETED",
      state: {
        state: "OPEN",
        assistant_id: assistant.id,
        integration_id: "internal",
        ai_enabled: true,
        assigned_user: null,
        assigned_at: null,
        follow_up_at: null,
        muted_until: null,
        csat_score: null,
      },
    };
  },
  afterCreate(chat, ctx) {
    const parts = (ctx.body() as { message: ChatPart[] }).message;
    const user = insertMessage(ctx.store, chat, {
      role: "user",
      status: "COMPLETED",
      messages: [{ role: "user", parts: structuredClone(parts) }],
    });
    startReply(ctx, chat, user);
    for (const m of messagesOf(ctx.store, chat)) settleReply(m, ctx.nowMs(), ctx.store);
  },
  answerDelayMs: (_chat, ctx, op) => (op === "create" ? replyDelay(ctx) : 0),
  update(chat, body) {
    for (const key of ["title", "model", "visibility", "pinned"] as const)
      if (body[key] !== undefined) (chat as unknown as Record<string, unknown>)[key] = body[key];
  },
  seedBody: (partial) => ({ assistant_id: partial.assistant_id }),
  decorate(out, chat) {
    // [E] a chat shows its org; the members, tools and features of the examples are empty here.
    out.org_id = chat.org_id;
    out.shared_url = null;
    out.members = [];
    out.tools = [];
    out.features = {};
  },
});

const ISO_DATE: Spec = {
  kind: "string",
  check: (v, p) => (Number.isNaN(Date.parse(v)) ? `${p} must be a valid ISO 8601 date string` : undefined),
};

export const CHAT_MESSAGES = defineKind<StoredChatMessage>()({
  key: "chatMessages",
  label: "Message",
  collection: "/chats/:chat_id/messages",
  item: ":id",
  parent: { kind: "chats", param: "chat_id", field: "chat_id" },
  orgless: { kind: "chats", param: "chat_id" },
  idPrefix: MESSAGE_ID_PREFIX,
  ops: ["list", "create", "get", "update", "delete"],
  body: { fields: { message: PARTS }, required: ["message"] },
  check: (body) => atLeastOnePart(body),
  filters: { from_date: ISO_DATE, next: { kind: "string" } }, // [D] a start date and a cursor; [A] the names
  writeOnly: ["pending", "reply_id"],
  deletion: "hard",
  build(body, ctx) {
    return {
      chat_id: (ctx.parent as StoredChat).id,
      role: "user",
      status: "COMPLETED",
      model: null,
      messages: [{ role: "user", parts: structuredClone(body.message as ChatPart[]) }],
      error: null,
      usage: null,
      pending: null,
      reply_id: null,
    };
  },
  afterCreate(message, ctx) {
    const chat = ctx.parent as StoredChat;
    startReply(ctx, chat, message);
    for (const m of messagesOf(ctx.store, chat)) settleReply(m, ctx.nowMs(), ctx.store);
  },
  answerDelayMs: (_m, ctx, op) => (op === "create" ? replyDelay(ctx) : 0),
  present(message, ctx, op) {
    // "sync": the post answers with the reply it waited for [A]; "async": with the user's message.
    const reply = message.reply_id
      ? ctx.store.find("chatMessages", message.org_id, message.reply_id)
      : undefined;
    if (op === "create" && ctx.settings.chatReplyMode === "sync" && reply)
      return ctx.render("chatMessages", reply);
    return ctx.render("chatMessages", message);
  },
  update(message, body) {
    if (message.role === "user")
      message.messages = [{ role: "user", parts: structuredClone(body.message as ChatPart[]) }];
  },
  list(ctx, filters) {
    const chat = ctx.parent as StoredChat;
    const since = filters.from_date === undefined ? undefined : Date.parse(filters.from_date);
    const messages = messagesOf(ctx.store, chat).filter(
      (m) => since === undefined || Date.parse(m.created_at) >= since,
    );
    if (ctx.settings.chatMessagesOrder === "newest-first") messages.reverse();
    return messages.map((m) => ctx.render("chatMessages", m));
  },
  seedBody: () => ({ message: [{ type: "text", text: "Seeded message." }] }),
  tick: settleReply,
});
