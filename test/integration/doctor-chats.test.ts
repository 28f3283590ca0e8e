/**
 * `doctor` checks the chat assumptions: read-only against the org's chats (no write), with `--write` through
 * one real conversation (said to cost credits, deleted afterwards), and reports a contradiction with its cause.
 */
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { runDoctor } from "../../provider/cli/doctor";
import type { DoctorReport } from "../../provider/doctor/report";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, type RunningEmulator } from "../emulator/server";
import { emulatorApi } from "../emulator/test-api";

let emu: RunningEmulator;
beforeAll(async () => (emu = await startEmulator()));
afterAll(() => emu.stop());
beforeEach(async () => {
  await emu.control.reset();
  await emu.control.settings({ chatReplyLatencyMs: 20 });
});
afterEach(() => applyAssumptionOverrides({}));
const api = emulatorApi(() => emu);

async function doctor(args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await runDoctor([...args, "--json"], {
    env: {
      INVENT_API_KEY: AGENCY_KEY,
      INVENT_BASE_URL: emu.url,
      INVENT_ASSUMPTIONS: JSON.stringify({ chatReplyPolling: { firstMs: 10, maxMs: 20 } }),
      ...env,
    },
    cwd: "/",
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    client: { minRetryDelayMs: 1, maxRetryDelayMs: 5 },
  });
  const report = JSON.parse(out) as DoctorReport;
  const row = (a: string) => report.findings.find((f) => f.assumption === a)!;
  return { code, err, report, row };
}

async function orgWithAChat() {
  const a = await emu.control.seedAssistant(AGENCY_ORG_ID, { name: "Desk" });
  await emu.control.seedAction(AGENCY_ORG_ID, {
    assistant_id: a.id,
    name: "Look up an order",
    config: { input: {}, definitions: [{ path: "order_number", definition: {} }] },
  });
  const chat = await api("POST", `/orgs/c/assistants/${a.id}/chats`, {
    body: { message: [{ type: "text", text: "Where is my order 5?" }] },
  });
  await new Promise((r) => setTimeout(r, 50)); // the reply is written
  return chat.json.id as string;
}

const CHAT_ROWS = [
  "chatsListPath",
  "chatPath",
  "chatMessagesSinceParam",
  "chatMessageStatuses",
  "chatToolCallKeys",
  "chatHandoffSignals",
  "chatEndedStates",
];

describe("doctor and the chat assumptions", () => {
  test("read-only, no chat in the org: not checked, with the way to check them", async () => {
    const r = await doctor([]);
    expect(r.code).toBe(0);
    expect(r.row("chatPath")).toMatchObject({
      verdict: "not checked",
      evidence: "no chat in the org: run with --write (starts one chat; it costs credits)",
    });
    expect(r.row("chatsListPath").verdict).toBe("holds");
  });

  test("read-only with a chat: the paths, statuses, tool calls and state hold; nothing is written", async () => {
    await orgWithAChat();
    await emu.control.resetRequests();
    const r = await doctor([]);
    expect(r.code).toBe(0);
    expect(Object.fromEntries(CHAT_ROWS.map((a) => [a, r.row(a).verdict]))).toEqual(
      Object.fromEntries(CHAT_ROWS.map((a) => [a, "holds"])),
    );
    expect(r.row("chatToolCallKeys").evidence).toMatch(/1 tool call\(s\) read \(Look up an order\)/);
    expect(await emu.control.writes()).toBe(0);
  });

  test("--write holds a two-turn conversation, says it costs credits, and deletes the chat", async () => {
    await emu.control.seedAssistant(AGENCY_ORG_ID, { name: "Desk" });
    const r = await doctor(["--write", "--confirm-org", "Emulated Agency"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/starting one chat with assistant ast_\w+ \(two short turns: this costs credits\)/);
    expect(r.row("chatStartPath").verdict).toBe("holds");
    expect(r.row("chatReplyPolling").evidence).toMatch(/the first reply was seen after \d+ ms/);
    expect(r.row("chatPath").evidence).toMatch(/DELETE \/chats\/\{chatId\} removed the chat/);
    expect(r.report.leftovers).toEqual([]);
    expect(await emu.control.chats()).toEqual([]);
    expect(await emu.control.count("POST /chats/:chat_id/messages")).toBe(1);
  });

  test("contradictions: a wrong chat path, tool-call keys that read nothing", async () => {
    await orgWithAChat();
    const path = await doctor([], { INVENT_ASSUMPTIONS: '{"chatPath": "/conversations/{chatId}"}' });
    expect(path.code).toBe(1);
    expect(path.row("chatPath")).toMatchObject({
      verdict: "contradicted",
      evidence: expect.stringMatching(/^GET \/conversations\/cht_\w+ answered 404 for a chat the org lists/),
    });
    const keys = await doctor([], { INVENT_ASSUMPTIONS: '{"chatToolCallKeys": {"name": ["function"]}}' });
    expect(keys.row("chatToolCallKeys")).toMatchObject({
      verdict: "contradicted",
      evidence: expect.stringMatching(
        /parts of type tool-call carry keys type, tool_call_id, tool_name, action_id, input/,
      ),
    });
  });
});
