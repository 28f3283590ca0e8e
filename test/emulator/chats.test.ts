/**
 * The emulator holds conversations: chats started under an assistant and addressed outside any org, messages,
 * replies written over the emulator clock (async or sync, failed or stalled on demand), and a reply engine
 * driven by the assistant's configuration, exercised over real HTTP with a fake clock.
 */
import { DEFAULT_CHAT_REPLY_LATENCY_MS, HANDOFF_EVENT_TEXT } from "./assumptions";
import { API_ROUTES } from "./control";
import {
  AGENCY_KEY,
  AGENCY_ORG_ID,
  OTHER_ORG_KEY,
  SUB_ORG_ID,
  SUB_ORG_KEY,
  startEmulator,
  type RunningEmulator,
} from "./server";
import { emulatorApi } from "./test-api";
import { seedDesk } from "../support/desk";

const T0 = Date.parse("2024-05-01T12:00:00Z");
let now = T0;
let emu: RunningEmulator;
beforeAll(async () => (emu = await startEmulator({ clock: () => now })));
afterAll(() => emu.stop());
beforeEach(async () => {
  now = T0;
  await emu.control.reset();
});

const api = emulatorApi(() => emu);
const text = (t: string) => [{ type: "text", text: t }];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Msg = any;
const words = (m: Msg) =>
  (m.messages as Msg[])
    .flatMap((s) => s.parts)
    .filter((p: Msg) => p.type === "text")
    .map((p: Msg) => p.text)
    .join(" ");

const supportDesk = (org = AGENCY_ORG_ID, conversation: Record<string, unknown> = {}) =>
  seedDesk(emu.control, org, conversation);

async function start(assistantId: string, message: string, org = "c", key = AGENCY_KEY) {
  return api("POST", `/orgs/${org}/assistants/${assistantId}/chats`, {
    key,
    body: { message: text(message) },
  });
}
const list = async (chatId: string, key = AGENCY_KEY, query = "") =>
  (await api("GET", `/chats/${chatId}/messages${query}`, { key })).json as Msg[];

describe("chats over HTTP", () => {
  test("start answers the chat; the reply runs, then is written after the latency", async () => {
    const { assistant } = await supportDesk();
    const chat = await start(assistant.id, "How long does shipping take?");
    expect(chat.status).toBe(200);
    expect(chat.json).toMatchObject({
      id: expect.stringMatching(/^cht_/),
      org_id: AGENCY_ORG_ID,
      status: "RUNNING",
    });
    expect(chat.json.state).toMatchObject({ state: "OPEN", ai_enabled: true, assistant_id: assistant.id });
    let messages = await list(chat.json.id);
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "COMPLETED"],
      ["assistant", "RUNNING"],
    ]);
    expect(messages[1]).not.toHaveProperty("pending");
    now += DEFAULT_CHAT_REPLY_LATENCY_MS;
    messages = await list(chat.json.id);
    expect(messages[1]).toMatchObject({ status: "COMPLETED", usage: { total_tokens: expect.any(Number) } });
    expect(words(messages[1])).toBe("Two to four working days in the EU.");
  });

  test("a user turn is one message; an action is called with the order number from the message", async () => {
    const { assistant, action } = await supportDesk();
    const chat = (await start(assistant.id, "Hello")).json;
    now += 5000;
    const posted = await api("POST", `/chats/${chat.id}/messages`, {
      body: { message: text("Where is my order 12345?") },
    });
    expect(posted.json).toMatchObject({ role: "user", status: "COMPLETED" });
    now += 5000;
    const reply = (await list(chat.id)).at(-1);
    const parts = reply.messages[0].parts;
    expect(parts[0]).toEqual({
      type: "tool-call",
      tool_call_id: expect.any(String),
      tool_name: "Look up an order",
      action_id: action.id,
      input: { order_number: "12345" },
    });
    expect(parts[1]).toMatchObject({ type: "tool-result", tool_call_id: parts[0].tool_call_id });
    expect(words(reply)).toContain("12345");
  });

  test("sync mode: the post blocks for the latency and answers the reply", async () => {
    const { assistant } = await supportDesk();
    await emu.control.settings({ chatReplyMode: "sync", chatReplyLatencyMs: 200 });
    const chat = (await start(assistant.id, "Hello")).json;
    const started = Date.now();
    const posted = await api("POST", `/chats/${chat.id}/messages`, {
      body: { message: text("How long does shipping take?") },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(posted.json).toMatchObject({ role: "assistant", status: "COMPLETED" });
  });

  test("hand-off: a transfer call, the AI stops answering, an event; with agents online, an assignee", async () => {
    const { assistant } = await supportDesk();
    await emu.control.settings({ chatAgentsOnline: true });
    const chat = (await start(assistant.id, "I want a person.")).json;
    now += 5000;
    const messages = await list(chat.id);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "event"]);
    expect(messages[1].messages[0].parts[0]).toMatchObject({
      type: "tool-call",
      tool_name: "transfer_to_human",
    });
    expect(words(messages[2])).toBe(HANDOFF_EVENT_TEXT);
    const state = (await api("GET", `/chats/${chat.id}`)).json.state;
    expect(state).toMatchObject({ ai_enabled: false, assigned_user: { name: "Emulated Agent" } });
    // The human's turn now: a user message gets no AI reply.
    await api("POST", `/chats/${chat.id}/messages`, { body: { message: text("Hello?") } });
    now += 5000;
    expect((await list(chat.id)).map((m) => m.role)).toEqual(["user", "assistant", "event", "user"]);
  });

  test("no transfer tool: no hand-off; goodbye with the end tool closes the chat", async () => {
    const { assistant } = await supportDesk(AGENCY_ORG_ID, { enable_transfer_to_human_tool: false });
    const chat = (await start(assistant.id, "I want a human")).json;
    now += 5000;
    expect(words((await list(chat.id))[1])).toContain("can't transfer you");
    await api("POST", `/chats/${chat.id}/messages`, { body: { message: text("Thanks, goodbye") } });
    now += 5000;
    expect((await api("GET", `/chats/${chat.id}`)).json.state).toMatchObject({
      state: "CLOSED",
      ai_enabled: true,
    });
  });

  test("off-topic: the fallback says it does not know and what it can help with", async () => {
    const { assistant } = await supportDesk();
    const chat = (await start(assistant.id, "Write me a poem about cars")).json;
    now += 5000;
    expect(words((await list(chat.id))[1])).toBe(
      "I'm sorry, I don't know about that. I can help with: Look up an order; Shipping FAQ.",
    );
  });

  test("failed and stalled replies, one-shot", async () => {
    const { assistant } = await supportDesk();
    await emu.control.settings({
      chatReplyFailNext: 1,
      chatReplyFailReason: "quota exceeded",
      chatReplyStallNext: 0,
    });
    const failed = (await start(assistant.id, "Hello")).json;
    await emu.control.settings({ chatReplyStallNext: 1 });
    const stalled = (await start(assistant.id, "Hello")).json;
    now += 3_600_000;
    expect((await list(failed.id))[1]).toMatchObject({ status: "FAILED", error: "quota exceeded" });
    expect((await list(stalled.id))[1]).toMatchObject({ status: "RUNNING" });
    expect((await api("GET", `/chats/${stalled.id}`)).json.status).toBe("RUNNING");
  });

  test("list order and from_date are switchable and filter; tool calls in a message of their own", async () => {
    const { assistant } = await supportDesk();
    await emu.control.settings({ chatMessagesOrder: "newest-first", chatToolCallStyle: "message" });
    const chat = (await start(assistant.id, "Where is my order 77?")).json;
    now += 5000;
    const messages = await list(chat.id);
    expect(messages.map((m) => m.role)).toEqual(["assistant", "tool", "user"]);
    expect(messages[1].messages[0].parts[0]).toMatchObject({
      type: "tool-call",
      input: { order_number: "77" },
    });
    expect(await list(chat.id, AGENCY_KEY, `?from_date=${new Date(T0 + 60_000).toISOString()}`)).toEqual([]);
    expect((await api("GET", `/chats/${chat.id}/messages?from_date=yesterday`)).status).toBe(400);
  });

  test("org scoping outside /orgs: the chat's org key and its parent's reach it, others get 404", async () => {
    const { assistant } = await supportDesk(SUB_ORG_ID);
    const chat = (await start(assistant.id, "Hello", "c", SUB_ORG_KEY)).json;
    expect((await api("GET", `/chats/${chat.id}`, { key: SUB_ORG_KEY })).status).toBe(200);
    expect((await api("GET", `/chats/${chat.id}`, { key: AGENCY_KEY })).status).toBe(200);
    expect((await api("GET", `/chats/${chat.id}/messages`, { key: OTHER_ORG_KEY })).status).toBe(404);
    expect((await api("GET", `/chats/${chat.id}`, { key: null })).status).toBe(401);
    expect((await api("GET", `/orgs/${SUB_ORG_ID}/chats`)).json.map((c: Msg) => c.id)).toEqual([chat.id]);
  });

  test("a start takes only the message: other fields are refused, an empty message too", async () => {
    const { assistant } = await supportDesk();
    const bad = await api("POST", `/orgs/c/assistants/${assistant.id}/chats`, {
      body: { message: text("Hi"), temporary: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toEqual(["property temporary should not exist"]);
    const empty = await api("POST", `/orgs/c/assistants/${assistant.id}/chats`, { body: { message: [] } });
    expect(empty.json.message).toEqual(["message must contain at least 1 elements"]);
    expect((await start("ast_missing000000000000000", "Hi")).status).toBe(404);
  });

  test("delete removes the chat and its messages; then 404", async () => {
    const { assistant } = await supportDesk();
    const chat = (await start(assistant.id, "Hello")).json;
    expect((await api("DELETE", `/chats/${chat.id}`)).status).toBe(200);
    expect((await api("GET", `/chats/${chat.id}`)).status).toBe(404);
    expect(await emu.control.chatMessages()).toEqual([]);
  });

  test("a judge assistant answers a verdict from the criteria's words", async () => {
    const judge = await emu.control.seedAssistant(AGENCY_ORG_ID, {
      name: "Judge",
      config: { instructions: "You judge replies. Answer with a verdict line." },
    });
    const ask = (criteria: string) =>
      start(
        judge.id,
        `CRITERIA: ${criteria}\nCONVERSATION:\nuser: hi\nassistant: Sorry, I can help with orders and shipping.`,
      );
    const pass = (await ask("Says sorry and offers help with orders")).json;
    const fail = (await ask("Writes a poem about cars")).json;
    now += 5000;
    expect(words((await list(pass.id))[1])).toMatch(/^VERDICT: PASS\n/);
    expect(words((await list(fail.id))[1])).toMatch(/^VERDICT: FAIL\n/);
  });

  test("routes for counts and fault filters follow the contract", () => {
    expect(API_ROUTES).toEqual(
      expect.arrayContaining([
        "POST /orgs/:org_id/assistants/:assistant_id/chats",
        "GET /orgs/:org_id/chats",
        "GET /chats/:id",
        "DELETE /chats/:id",
        "GET /chats/:chat_id/messages",
        "POST /chats/:chat_id/messages",
      ]),
    );
  });
});
