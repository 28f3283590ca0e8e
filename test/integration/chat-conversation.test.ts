/**
 * provider/chats against the emulator over real HTTP: a conversation starts, posts each turn exactly once,
 * waits for replies (async and sync), reads hand-offs, and deletes its chat, with faults injected before and
 * after the server acts on every write (start, post, delete): no duplicated turn, no chat left behind.
 */
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { Conversation, ReplyError, ServerClock, UnknownTurnError } from "../../provider/chats/conversation";
import { InventClient } from "../../provider/client";
import { Logger } from "../../provider/log";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, type RunningEmulator } from "../emulator/server";
import { rejection } from "../support/rejection";

const START = "POST /orgs/:org_id/assistants/:assistant_id/chats";
const POST = "POST /chats/:chat_id/messages";
const DELETE = "DELETE /chats/:id";
const LIST = "GET /chats/:chat_id/messages";

let emu: RunningEmulator;
let client: InventClient;
const logs: string[] = [];
const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), debug: () => {} };
let assistantId: string;
let actionId: string;

beforeAll(async () => {
  emu = await startEmulator();
  client = new InventClient({
    apiKey: AGENCY_KEY,
    baseUrl: emu.url,
    logger,
    minRetryDelayMs: 5,
    maxRetryDelayMs: 20,
  });
  applyAssumptionOverrides({ chatReplyPolling: { firstMs: 20, factor: 1.5, maxMs: 60, deadlineMs: 5000 } });
});
afterAll(async () => {
  applyAssumptionOverrides({});
  await client.close();
  await emu.stop();
});
beforeEach(async () => {
  await emu.control.reset();
  await emu.control.settings({ chatReplyLatencyMs: 60 });
  logs.length = 0;
  const a = await emu.control.seedAssistant(AGENCY_ORG_ID, {
    name: "Desk",
    config: { instructions: "You answer questions about orders. Shipping takes two days." },
  });
  assistantId = a.id;
  actionId = (
    await emu.control.seedAction(AGENCY_ORG_ID, {
      assistant_id: a.id,
      name: "Look up an order",
      config: { input: {}, definitions: [{ path: "order_number", definition: { type: "string" } }] },
    })
  ).id;
});

const conversation = (extra: Partial<ConstructorParameters<typeof Conversation>[0]> = {}) =>
  new Conversation({ client, org: "c", assistantId, logger, serverClock: new ServerClock(), ...extra });
const userTurns = async (text: string) =>
  (await emu.control.chatMessages()).filter(
    (m) => m.role === "user" && m.messages[0]?.parts[0]?.text === text,
  ).length;

describe("a conversation", () => {
  test("two turns: replies, tool calls with their input, tokens; the chat is deleted", async () => {
    const c = conversation();
    const first = await c.say("How long does shipping take?");
    expect(first).toMatchObject({ outcome: "replied", reply: "Shipping takes two days.", toolCalls: [] });
    expect(first.tokens?.total).toBeGreaterThan(0);
    const second = await c.say("Where is my order 4242?");
    expect(second.toolCalls).toEqual([
      { id: expect.any(String), name: "Look up an order", actionId, input: { order_number: "4242" } },
    ]);
    expect(second.reply).toContain("4242");
    expect(await c.close()).toEqual({ deleted: true });
    expect(await emu.control.chats()).toEqual([]);
  });

  test("sync replies are used from the post's answer: no waiting", async () => {
    await emu.control.settings({ chatReplyMode: "sync", chatReplyLatencyMs: 30 });
    const c = conversation();
    await c.say("Hello");
    const turn = await c.say("How long does shipping take?");
    expect(turn).toMatchObject({ reply: "Shipping takes two days.", waitedMs: 0, calls: 2 });
    await c.close();
  });

  test("newest-first lists and tool calls in a message of their own are read the same", async () => {
    await emu.control.settings({ chatMessagesOrder: "newest-first", chatToolCallStyle: "message" });
    const c = conversation();
    const turn = await c.say("Where is my order 77?");
    expect(turn.toolCalls.map((t) => [t.name, t.input])).toEqual([
      ["Look up an order", { order_number: "77" }],
    ]);
    expect(turn.messages.map((m) => m.role)).toEqual(["tool", "assistant"]);
    await c.close();
  });

  test("hand-off: the signals say so, and a later turn expects no reply", async () => {
    const c = conversation();
    const turn = await c.say("I want a person");
    expect(turn.toolCalls.map((t) => t.name)).toEqual(["transfer_to_human"]);
    expect(await c.signals()).toMatchObject({ handoff: true, ended: false, seen: { aiEnabled: false } });
    expect(await c.say("Hello?")).toMatchObject({ outcome: "no-reply", reply: "" });
    await c.close();
  });

  test("a failed reply and a reply past the deadline are errors naming the chat", async () => {
    await emu.control.settings({ chatReplyFailNext: 1, chatReplyFailReason: "insufficient credits" });
    const c = conversation();
    const failed = await rejection<ReplyError>(c.say("Hello"));
    expect(failed).toBeInstanceOf(ReplyError);
    expect(failed.message).toMatch(/ended FAILED: insufficient credits/);
    await c.close();
    await emu.control.settings({ chatReplyStallNext: 1 });
    const slow = conversation({ replyDeadlineMs: 200 });
    const timeout = await rejection<ReplyError>(slow.say("Hello"));
    expect(timeout.reason).toBe("timeout");
    expect(timeout.message).toMatch(/no reply in chat cht_\w+ within 0s \(the reply is still RUNNING\)/);
    expect(await slow.close()).toEqual({ deleted: true });
    expect(await emu.control.chats()).toEqual([]);
  });
});

describe("faults on every write, before and after the server acts", () => {
  const faults = [
    ["500 before", { status: 500 }],
    ["500 after", { status: 500, afterCommit: true }],
    ["reset before", { dropConnection: true }],
    ["reset after", { dropConnection: true, afterCommit: true }],
  ] as const;

  test.each(faults)("start, %s: one chat, one first turn, a reply", async (_name, fault) => {
    await emu.control.failNext({ route: START, ...fault });
    const c = conversation();
    const turn = await c.say("How long does shipping take?");
    expect(turn.reply).toBe("Shipping takes two days.");
    expect(await emu.control.chats()).toHaveLength(1);
    expect(await userTurns("How long does shipping take?")).toBe(1);
    expect(logs.join("\n")).toMatch(
      "afterCommit" in fault
        ? /the failed start did make chat cht_\w+; using it/
        : /the failed start made nothing; starting again/,
    );
    await c.close();
    expect(await emu.control.chats()).toEqual([]);
  });

  test.each(faults)("post, %s: the turn is in the chat once, with its reply", async (_name, fault) => {
    const c = conversation();
    await c.say("Hello");
    await emu.control.failNext({ route: POST, ...fault });
    const turn = await c.say("Where is my order 9?");
    expect(turn.toolCalls).toHaveLength(1);
    expect(await userTurns("Where is my order 9?")).toBe(1);
    expect((await emu.control.chatMessages()).filter((m) => m.role === "assistant")).toHaveLength(2);
    expect(logs.join("\n")).toMatch(
      "afterCommit" in fault
        ? /the failed post did add message msg_\w+; not sending it again/
        : /the failed post added nothing/,
    );
    await c.close();
  });

  test.each(faults)("delete, %s: the chat is gone and close says so", async (_name, fault) => {
    const c = conversation();
    await c.say("Hello");
    await emu.control.failNext({ route: DELETE, ...fault });
    expect(await c.close()).toEqual({ deleted: true });
    expect(await emu.control.chats()).toEqual([]);
  });

  test("a lost post whose check fails too is an unknown outcome naming what to look for", async () => {
    const c = conversation();
    await c.say("Hello");
    await emu.control.failNext({ route: POST, status: 500, afterCommit: true });
    await emu.control.failNext({ route: LIST, status: 500, count: 10 });
    const err = await rejection<UnknownTurnError>(c.say("Where is my order 9?"));
    expect(err).toBeInstanceOf(UnknownTurnError);
    expect(err.message).toMatch(/Look in chat cht_\w+ for a user message "Where is my order 9\?"/);
    await emu.control.clearFaults();
    expect(await c.close()).toEqual({ deleted: true });
    expect(await userTurns("Where is my order 9?")).toBe(0); // deleted with its chat
  });

  test("repeats of one test start at once: each takes its own chat, even with lost answers", async () => {
    await emu.control.failNext({ route: START, status: 500, afterCommit: true, count: 2 });
    const cs = [conversation(), conversation(), conversation()];
    const turns = await Promise.all(cs.map((c) => c.say("How long does shipping take?")));
    expect(turns.map((t) => t.reply)).toEqual(Array(3).fill("Shipping takes two days."));
    expect(new Set(cs.map((c) => c.chatId)).size).toBe(3);
    expect(await emu.control.chats()).toHaveLength(3);
    await Promise.all(cs.map((c) => c.close()));
    expect(await emu.control.chats()).toEqual([]);
  });
});
