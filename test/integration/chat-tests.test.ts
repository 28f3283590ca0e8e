/**
 * `pulumi-invent test` in-process against the emulator over real HTTP: every expectation kind passing and
 * failing exactly, repeats and pass rates, skipped judges (never passed), a judge assistant and an
 * OpenAI-compatible judge, bad files and settings, failed and stalled replies, the reporters' output (the JUnit
 * XML parses, Markdown lists failures first), exit codes, no key in any report, and no chat left behind.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { runTest } from "../../provider/cli/test";
import type { SuiteReport } from "../../provider/testing/runner";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, type RunningEmulator } from "../emulator/server";
import { seedDesk } from "../support/desk";
import { scriptedServer } from "../support/scripted-server";

let emu: RunningEmulator;
let dir: string;
let desk: string;
let action: string;
let judgeId: string;

beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), "pulumi-invent-chat-tests-"));
});
afterAll(async () => {
  applyAssumptionOverrides({});
  rmSync(dir, { recursive: true, force: true });
  await emu.stop();
});
beforeEach(async () => {
  await emu.control.reset();
  await emu.control.settings({ chatReplyLatencyMs: 30 });
  ({
    assistant: { id: desk },
    action: { id: action },
  } = await seedDesk(emu.control));
  judgeId = (
    await emu.control.seedAssistant(AGENCY_ORG_ID, {
      name: "Judge",
      config: { instructions: "You judge support replies and answer with a verdict." },
    })
  ).id;
});

/** Runs the command with files written into a fresh directory; returns its exit code, output and JSON report. */
async function run(files: Record<string, string>, args: string[] = [], env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(dir, "run-"));
  mkdirSync(join(cwd, "tests"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, "tests", name), text);
  let stdout = "";
  let stderr = "";
  const code = await runTest(["--reporter", "junit,markdown,json", "--out", "out", ...args], {
    cwd,
    env: {
      PATH: process.env.PATH,
      INVENT_API_KEY: AGENCY_KEY,
      INVENT_BASE_URL: emu.url,
      INVENT_ASSUMPTIONS: JSON.stringify({
        chatReplyPolling: { firstMs: 20, factor: 1.5, maxMs: 40, deadlineMs: 3000 },
      }),
      ...env,
    },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    client: { minRetryDelayMs: 1, maxRetryDelayMs: 5 },
  });
  const read = (f: string) => {
    try {
      return readFileSync(join(cwd, "out", f), "utf8");
    } catch {
      return "";
    }
  };
  const json = read("chat-tests.json");
  return {
    code,
    stdout,
    stderr,
    report: json ? (JSON.parse(json) as SuiteReport) : undefined,
    junit: read("chat-tests.junit.xml"),
    markdown: read("chat-tests.md"),
    status: (name: string) =>
      json ? (JSON.parse(json) as SuiteReport).tests.find((t) => t.name === name)?.status : undefined,
  };
}

const PASSING = () => `assistant: ${desk}
tests:
  - name: order status
    turns:
      - user: "Where is my order 12345?"
        expect:
          tool: { called: "Look up an order", input: { order_number: { regex: "^12345$" } } }
          reply: { contains: ["12345"], notContains: ["I don't know"] }
  - name: a tool by catalog id and by action id, with a literal input
    turns:
      - user: "Where is my order 7?"
        expect:
          tool:
            - { called: "TOOLS:HTTP_REQUEST", input: { order_number: 7 } }
            - { called: "${action}" }
            - { notCalled: transfer_to_human }
  - name: shipping from knowledge
    turns:
      - user: "How long does shipping take?"
        expect:
          reply: { equals: "two to four working days in the eu.", regex: "^two", ignoreCase: true }
          noTool: true
          maxLatencyMs: 20000
          maxTokens: 500
  - name: angry customer goes to a human
    turns:
      - user: "This is the third time. I want a person."
        expect: { handoff: true, ended: false, tool: { called: transfer_to_human } }
  - name: two turns, then goodbye ends it
    tags: [smoke]
    turns:
      - user: "Hello"
        expect: { handoff: false }
      - user: "Thanks, goodbye"
        expect: { ended: true }
`;

const FAILING = () => `assistant: ${desk}
judge: { assistant: ${judgeId} }
tests:
  - { name: reply, turns: [{ user: "Where is my order 1?", expect: { reply: { contains: "99999" } } }] }
  - { name: tool, turns: [{ user: "Where is my order 1?", expect: { tool: { called: "Refund" } } }] }
  - { name: tool input, turns: [{ user: "Where is my order 1?", expect: { tool: { called: "Look up an order", input: { order_number: "2" } } } }] }
  - { name: noTool, turns: [{ user: "Where is my order 1?", expect: { noTool: true } }] }
  - { name: handoff, turns: [{ user: "How long does shipping take?", expect: { handoff: true } }] }
  - { name: ended, turns: [{ user: "How long does shipping take?", expect: { ended: true } }] }
  - { name: maxLatencyMs, turns: [{ user: "Hello", expect: { maxLatencyMs: 1 } }] }
  - { name: maxTokens, turns: [{ user: "Hello", expect: { maxTokens: 1 } }] }
  - { name: judge, turns: [{ user: "Write me a poem about cars", expect: { judge: "Writes a poem about cars" } }] }
  - name: stops at the first failing turn
    turns:
      - { user: "Hello", expect: { reply: { contains: "nothing like this" } } }
      - { user: "Where is my order 1?", expect: { tool: { called: "Look up an order" } } }
`;

describe("pulumi-invent test against the emulator", () => {
  test("every expectation kind passes: exit 0, reports written, no chat left", async () => {
    const r = await run({ "support.chat.yaml": PASSING() });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(r.report!.totals).toEqual({ passed: 5, failed: 0, skipped: 0, error: 0 });
    expect(r.stdout).toMatch(
      /^PASSED {2}order status {2}\[tests\/support\.chat\.yaml; 1\/1 passed; \d+ ms, \d+ tokens\]$/m,
    );
    expect(r.stderr).toMatch(/\[\d\/5\] PASSED shipping from knowledge/);
    expect(await emu.control.chats()).toEqual([]);
  });

  test("every expectation kind fails exactly, naming what was expected and what came back: exit 1", async () => {
    const r = await run({ "failing.chat.yaml": FAILING() });
    expect(r.code).toBe(1);
    const failed = (name: string) => {
      const t = r.report!.tests.find((x) => x.name === name)!;
      const e = t.runs[0].turns.flatMap((turn) => turn.expectations).find((x) => x.status !== "passed")!;
      return { status: t.status, kind: e.kind, expected: e.expected, actual: e.actual };
    };
    expect(failed("reply")).toEqual({
      status: "failed",
      kind: "reply",
      expected: 'reply contains "99999"',
      actual: expect.stringContaining('"I ran \\"Look up an order\\" for 1: done."'),
    });
    expect(failed("tool")).toMatchObject({
      kind: "tool",
      expected: 'tool "Refund" called',
      actual: 'Look up an order({"order_number":"1"})',
    });
    expect(failed("tool input")).toMatchObject({
      kind: "tool",
      expected: 'tool "Look up an order" called with order_number "2"',
    });
    expect(failed("noTool")).toMatchObject({
      kind: "noTool",
      actual: 'Look up an order({"order_number":"1"})',
    });
    expect(failed("handoff")).toMatchObject({
      kind: "handoff",
      actual: "false (ai_enabled=true, assigned=nobody)",
    });
    expect(failed("ended")).toMatchObject({ kind: "ended", actual: "false (state=OPEN)" });
    expect(failed("maxLatencyMs")).toMatchObject({ kind: "maxLatencyMs", expected: "latency <= 1 ms" });
    expect(failed("maxTokens")).toMatchObject({ kind: "maxTokens", expected: "tokens <= 1" });
    expect(failed("judge")).toMatchObject({
      kind: "judge",
      actual: expect.stringMatching(/^FAIL \(assistant ast_\w+\): The reply covers 0 of 3/),
    });
    const stops = r.report!.tests.find((x) => x.name === "stops at the first failing turn")!.runs[0];
    expect({ turns: stops.turns.length, notRun: stops.notRun }).toEqual({ turns: 1, notRun: 1 });
    // The judge's own chats are deleted too.
    expect(await emu.control.chats()).toEqual([]);
  });

  test("reporters: JUnit parses (a case per repetition), Markdown lists failures first, no key anywhere", async () => {
    const r = await run({ "a.chat.yaml": PASSING(), "b.chat.yaml": FAILING() }, [
      "--repeat",
      "2",
      "--only",
      "order",
      "--only",
      "reply",
    ]);
    expect(XMLValidator.validate(r.junit)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => ["testsuite", "testcase"].includes(n),
    }).parse(r.junit);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(cases.map((c: Record<string, string>) => c["@_name"]).sort()).toEqual([
      "order status [1/2]",
      "order status [2/2]",
      "reply [1/2]",
      "reply [2/2]",
    ]);
    expect(doc.testsuites["@_failures"]).toBe("2");
    const failure = cases.find((c: Record<string, unknown>) => c.failure) as {
      failure: Record<string, string>;
      "system-out": string;
    };
    expect(failure.failure["@_message"]).toMatch(/^expected reply contains "99999"; got "I ran/);
    expect(failure["system-out"]).toContain("user: Where is my order 1?");
    const md = r.markdown;
    expect(md.indexOf("### Failures")).toBeGreaterThan(0);
    expect(md.indexOf("### Failures")).toBeLessThan(md.indexOf("### All tests"));
    expect(md).toContain('| 1 | 1 | reply contains "99999" |');
    for (const text of [r.junit, r.markdown, JSON.stringify(r.report), r.stdout, r.stderr])
      expect(text).not.toContain(AGENCY_KEY);
  });

  test("without a judge: judge expectations are skipped, a judge-only required test is not a pass (exit 2)", async () => {
    const file = `assistant: ${desk}
tests:
  - { name: judged only, turns: [{ user: "Hello", expect: { judge: "Greets the user" } }] }
  - { name: judged and checked, turns: [{ user: "How long does shipping take?", expect: { reply: { contains: "days" }, judge: "Says how long" } }] }
  - { name: advisory judged, required: false, turns: [{ user: "Hello", expect: { judge: "Greets" } }] }
`;
    const r = await run({ "j.chat.yaml": file });
    expect(r.code).toBe(2);
    expect(r.status("judged only")).toBe("skipped");
    expect(r.status("judged and checked")).toBe("passed");
    expect(r.report!.tests.find((t) => t.name === "judged and checked")!.skippedNotes).toEqual([
      expect.stringMatching(/^judge: Says how long: no judge is configured/),
    ]);
    expect(r.stderr).toMatch(
      /tests\/j\.chat\.yaml: test "judged only", test "judged and checked", test "advisory judged": judge expectations will be SKIPPED/,
    );
    expect(r.junit).toContain('<skipped message="judge: Greets the user: no judge is configured');
  });

  test("an OpenAI-compatible judge decides, with the key from the environment (never shown)", async () => {
    const judge = await scriptedServer([
      { body: { choices: [{ message: { content: "VERDICT: PASS\nIt greets." } }] } },
      { body: { choices: [{ message: { content: "I think it is fine" } }] } },
    ]);
    try {
      const file = `assistant: ${desk}
tests:
  - { name: first, turns: [{ user: "Hello", expect: { judge: "Greets the user" } }] }
`;
      const env = {
        INVENT_TEST_JUDGE_URL: `${judge.url}/v1`,
        INVENT_TEST_JUDGE_MODEL: "m",
        INVENT_TEST_JUDGE_API_KEY: "sk-judge-secret-0001",
      };
      const ok = await run({ "o.chat.yaml": file }, [], env);
      expect(ok.code).toBe(0);
      expect(judge.received[0]).toMatchObject({ method: "POST", url: "/v1/chat/completions" });
      expect(judge.received[0].headers.authorization).toBe("Bearer sk-judge-secret-0001");
      expect(JSON.parse(judge.received[0].body).messages[1].content).toMatch(
        /^Judge the last reply[\s\S]*CRITERIA: Greets the user\nCONVERSATION:\nuser: Hello\nassistant: /,
      );
      // No verdict line: an error, never a pass (exit 3).
      const bad = await run({ "o.chat.yaml": file }, [], env);
      expect(bad.code).toBe(3);
      expect(bad.stdout).toMatch(
        /ERROR: expected judge: Greets the user; got no verdict \(m at http:\/\/127\.0\.0\.1:\d+\/v1: the judge answered without a verdict line/,
      );
      for (const t of [ok.stdout, ok.stderr, ok.junit, ok.markdown, bad.stdout, bad.junit])
        expect(t).not.toContain("sk-judge-secret-0001");
    } finally {
      await judge.close();
    }
  });

  test("repeats and pass rates: 2 of 3 passing meets 0.6, not 1", async () => {
    const file = (rate: number) => `assistant: ${desk}
tests:
  - { name: flaky, repeat: 3, passRate: ${rate}, turns: [{ user: "How long does shipping take?", expect: { reply: { contains: "days" } } }] }
`;
    await emu.control.settings({ chatReplyFailNext: 1 });
    const lenient = await run({ "r.chat.yaml": file(0.6) }, ["--concurrency", "1"]);
    expect(lenient.code).toBe(0);
    expect(lenient.report!.tests[0]).toMatchObject({ status: "passed", passed: 2, repeat: 3 });
    await emu.control.settings({ chatReplyFailNext: 1 });
    const strict = await run({ "r.chat.yaml": file(1) }, ["--concurrency", "1"]);
    expect(strict.code).toBe(3);
    expect(strict.report!.tests[0].runs.map((x) => x.status)).toEqual(["error", "passed", "passed"]);
    expect(strict.stdout).toMatch(/ended FAILED: The model provider returned an error/);
    expect(await emu.control.chats()).toEqual([]);
  });

  test("a chat that cannot be deleted is a warning naming it, in every report; the tests still pass", async () => {
    await emu.control.failNext({ route: "DELETE /chats/:id", status: 500, count: 20 });
    const file = `assistant: ${desk}\ntests: [{ name: t, turns: [{ user: Hello, expect: { noTool: true } }] }]\n`;
    const r = await run({ "d.chat.yaml": file });
    await emu.control.clearFaults();
    expect(r.code).toBe(0);
    const [chat] = await emu.control.chats();
    expect(r.stderr).toContain(`warning: chat ${chat.id} of test "t" could not be deleted`);
    expect(r.stdout).toContain(`Chats left behind (delete them in the dashboard): ${chat.id}`);
    expect(r.report!.leftovers).toEqual([
      { chatId: chat.id, error: expect.stringMatching(/failed with 500/) },
    ]);
    expect(r.markdown).toContain(`### Chats left behind\n\n- ${chat.id}:`);
  });

  test("a reply that never comes: exit 3 naming the test and what to do; the chat is deleted", async () => {
    await emu.control.settings({ chatReplyStallNext: 1 });
    const file = `assistant: ${desk}
replyTimeoutSeconds: 1
tests:
  - { name: slow, turns: [{ user: "Hello", expect: { reply: { contains: "x" } } }] }
`;
    const r = await run({ "s.chat.yaml": file });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /\[1\/1\] ERROR slow \([\d.]+s, \d+ calls\): no reply in chat cht_\w+ within 1s \(the reply is still RUNNING\)\. Raise the deadline/,
    );
    expect(await emu.control.chats()).toEqual([]);
  });

  test("bad files: every problem on one line with file, line, test, turn and field; exit 2 and no API call", async () => {
    await emu.control.resetRequests();
    const r = await run({
      "bad.chat.yaml": `assistant: ${desk}
tests:
  - name: typo
    turns:
      - user: "Hi"
        expect:
          reply: { contans: "x" }
  - name: no user
    repeats: 2
    turns:
      - expect: { noTool: true }
  - name: typo
    turns: [{ user: "x", expect: { tool: { called: a, notCalled: b } } }]
`,
      "broken.chat.yaml": "assistant: x\ntests: [\n",
      "dup.chat.yaml": `assistant: x\ntests:\n  - { name: same, turns: [{ user: a, expect: { noTool: true } }] }\n  - { name: same, turns: [{ user: b, expect: { noTool: true } }] }\n`,
    });
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        'tests/bad.chat.yaml:7: test "typo", turn 1: expect.reply.contans: unknown field; did you mean "contains"?',
        'tests/bad.chat.yaml:9: test "no user": repeats: unknown field; did you mean "repeat"?',
        'tests/bad.chat.yaml:11: test "no user", turn 1: user: is required',
        'tests/bad.chat.yaml:13: test "typo", turn 1: expect.tool: needs exactly one of called, notCalled',
        'tests/dup.chat.yaml:4: test "same": name: repeats the name "same"',
        expect.stringMatching(/^tests\/broken\.chat\.yaml:3:1: not valid YAML: /),
      ]),
    );
    expect(await emu.control.requestCounts()).toEqual({});
  });

  test("settings: an unknown assistant id, a name without a stack, no key: exit 2, one line each", async () => {
    const one = (assistant: string) =>
      `assistant: ${assistant}\ntests: [{ name: t, turns: [{ user: Hi, expect: { noTool: true } }] }]\n`;
    const missing = await run({ "m.chat.yaml": one("ast_doesNotExist0000000000") });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/assistant ast_doesNotExist0000000000 was not found in org c \(404\)/);
    const named = await run({ "n.chat.yaml": one("support") });
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(
      /there is no Pulumi project here to resolve it: run in the project's directory, or give the id/,
    );
    const nokey = await run({ "k.chat.yaml": one(desk) }, [], { INVENT_API_KEY: "" });
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toMatch(/No Invent API key is configured/);
    const usage = await run({ "u.chat.yaml": one(desk) }, ["--reporter", "xml"]);
    expect(usage.code).toBe(2);
    const preview = await run({ "p.chat.yaml": one(desk) }, ["--affected-by", "nope.json"]);
    expect(preview.code).toBe(2);
    expect(preview.stderr).toMatch(
      /--affected-by .*nope\.json: not the output of `pulumi preview --json` \(ENOENT/,
    );
  });

  test("--assistant replaces each file's assistant; --tag selects", async () => {
    const r = await run(
      { "x.chat.yaml": PASSING().replace(`assistant: ${desk}`, "assistant: ast_other000000000000000000") },
      ["--assistant", desk, "--tag", "smoke"],
    );
    expect(r.code).toBe(0);
    expect(r.report!.tests.map((t) => t.name)).toEqual(["two turns, then goodbye ends it"]);
  });
});
