/**
 * Test files in each form (YAML, JSON, TypeScript) validate against one schema, and a bad one gives one line
 * per problem naming the file, the test, the turn and the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTestFiles, loadTestFiles, TestFileError } from "../../provider/testing/load";

const FIXTURES = join(__dirname, "../fixtures/chat-tests");
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "pulumi-invent-chat-files-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problems = (name: string, text: string): string[] => {
  writeFileSync(join(dir, name), text);
  try {
    loadTestFiles([name], dir);
  } catch (e) {
    if (e instanceof TestFileError) return e.problems;
    throw e;
  }
  return [];
};

describe("test files", () => {
  test("the TypeScript form (defineChatTests) loads to the same shape as YAML", () => {
    const [ts] = loadTestFiles([join(FIXTURES, "typed.chat.ts")], FIXTURES);
    writeFileSync(
      join(dir, "same.chat.yaml"),
      `assistant: ast_typedForm0000000000000
tests:
  - name: order status
    repeat: 2
    passRate: 0.5
    turns: [{ user: "Where is my order 12345?", expect: { tool: { called: "Look up an order" } } }]
`,
    );
    const [yaml] = loadTestFiles(["same.chat.yaml"], dir);
    expect(ts.file).toEqual(yaml.file);
    expect(ts.path).toBe("typed.chat.ts");
  });

  test("JSON works too; the finder takes *.chat.* files and skips node_modules", () => {
    writeFileSync(
      join(dir, "j.chat.json"),
      JSON.stringify({
        assistant: "x",
        tests: [{ name: "t", turns: [{ user: "u", expect: { ended: true } }] }],
      }),
    );
    expect(loadTestFiles(["j.chat.json"], dir)[0].file.tests[0].turns[0].expect).toEqual({ ended: true });
    expect(findTestFiles(FIXTURES).map((f) => f.split("/").pop())).toEqual(["typed.chat.ts"]);
  });

  test("wrong types and values name the field; a test without any expectation is refused", () => {
    expect(
      problems(
        "t.chat.yaml",
        `assistant: x
tests:
  - name: a
    passRate: 2
    turns:
      - user: hi
        expect: { reply: { contains: 5 }, maxTokens: -1, tool: { called: x, input: { k: [1] } } }
  - name: b
    turns: [{ user: hi }]
  - name: c
    turns: [{ user: hi, expect: { reply: { regex: "(" } } }]
`,
      ),
    ).toEqual([
      't.chat.yaml:7: test "a", turn 1: expect.reply.contains: must be a text or a list of texts',
      't.chat.yaml:7: test "a", turn 1: expect.tool.input.k: must be a value, or {equals}, {contains} or {regex}',
      't.chat.yaml:7: test "a", turn 1: expect.maxTokens: must be more than 0',
      't.chat.yaml:4: test "a": passRate: must be at most 1',
      't.chat.yaml:8: test "b": has no expectation: give at least one turn an expect',
      't.chat.yaml:11: test "c", turn 1: expect.reply.regex: is not a valid regular expression',
    ]);
  });

  test("a file-level typo and a missing file", () => {
    expect(problems("f.chat.yaml", "asistant: x\ntests: []\n")).toEqual([
      "f.chat.yaml:1: assistant: is required",
      "f.chat.yaml:2: tests: must have at least 1 item(s)",
      'f.chat.yaml:1: asistant: unknown field; did you mean "assistant"?',
    ]);
    expect(() => loadTestFiles(["nope.chat.yaml"], dir)).toThrow("nope.chat.yaml: no such file");
  });
});
