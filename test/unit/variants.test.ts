/**
 * The core's choice of shapes (`field.variants`), large values kept as a digest in state (`digestInState`),
 * and the wait for asynchronously finished objects (`awaitSettled`), without HTTP.
 */
import { createHash } from "node:crypto";
import { InventClient } from "../../provider/client";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import { incoherences } from "../../provider/schema/coherence";
import { field, WireObject } from "../../provider/schema/fields";
import { ResourceSpec } from "../../provider/schema/spec";
import { referenceMarkdown } from "../../provider/schema/reference";
import { awaitSettled, Progress } from "../../provider/schema/settle";
import { typesSource } from "../../provider/schema/typegen";
import { validate } from "../../provider/schema/validate";
import { changes, fromWire, stateForm, toWire } from "../../provider/schema/wire";

const K = knowledgeContentSpec.fields;
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("a choice of shapes", () => {
  test("the variant set is sent as one object tagged with its type", () => {
    expect(toWire(K, { title: "T", text: "hello" }, "create")).toEqual({
      title: "T",
      content: { type: "TEXT", text: "hello" },
    });
    expect(toWire(K, { title: "T", url: "https://a.b", crawl: true }, "create")).toEqual({
      title: "T",
      content: { type: "URL", url: "https://a.b", mode: "crawl" },
    });
    expect(toWire(K, { title: "T", url: "https://a.b", crawl: false }, "create").content).toEqual({
      type: "URL",
      url: "https://a.b",
      mode: "single",
    });
    expect(toWire(K, { title: "T", fileId: "f_1" }, "create").content).toEqual({
      type: "FILE",
      file_id: "f_1",
    });
  });

  test("a member reads only from an object of its own variant (another variant is drift)", () => {
    const live = { title: "T", content: { type: "URL", url: "https://a.b", mode: "crawl" } };
    expect(fromWire(K, live, { url: "x", crawl: false })).toMatchObject({ url: "https://a.b", crawl: true });
    expect(fromWire(K, live, { fileId: "f_1" })).toMatchObject({ fileId: null });
  });

  test("check: exactly one variant, its main value present", () => {
    const reasons = (v: Record<string, unknown>) => validate(K, v).map((f) => f.reason);
    expect(reasons({ title: "T", fileId: "f" })).toEqual([]);
    expect(reasons({ title: "T" })).toEqual([
      expect.stringMatching(/^text, url or fileId: one of them is required/),
    ]);
    expect(reasons({ title: "T", text: "a", fileId: "f" })).toEqual([
      expect.stringMatching(/^text, fileId: set only one of text, url or fileId/),
    ]);
    expect(reasons({ title: "T", crawl: false })).toEqual(["url: is required with crawl."]);
    const optional = field.variants(
      { name: "source", doc: "Where from.", tag: "kind" },
      { A: { a: field.string({ doc: "" }) }, B: { b: field.string({ doc: "" }) } },
    );
    expect(validate(optional, {})).toEqual([]);
  });

  test("docs and types show the choice", () => {
    const types = typesSource([knowledgeContentSpec as unknown as ResourceSpec]);
    expect(types).toContain(
      "export type KnowledgeContentArgs = KnowledgeContentCommonArgs & KnowledgeContentContentArgs;",
    );
    expect(types).toMatch(
      /export type KnowledgeContentContentArgs =\s+\| KnowledgeContentTextArgs\s+\| KnowledgeContentUrlArgs\s+\| KnowledgeContentFileArgs;/,
    );
    expect(types).toMatch(
      /export interface KnowledgeContentUrlArgs \{[\s\S]*url: Input<string>;[\s\S]*crawl\?: Input<boolean>;\s+text\?: never;\s+fileId\?: never;\s+\}/,
    );
    expect(types).toMatch(/readonly textSha256: Output<string \| undefined>;/);
    expect(types).not.toMatch(/readonly text: /);
    const md = referenceMarkdown(knowledgeContentSpec as unknown as ResourceSpec);
    expect(md).toContain(
      '| `text` | one of content, replaces, digest in state | `content.text` with `content.type: "TEXT"` |',
    );
    expect(md).toContain(
      "Set exactly one of `text`, `url` (with `crawl`) or `fileId`; it is sent as `content`",
    );
    expect(md).toContain("| `textSha256` |");
  });
});

describe("a large value kept as a digest in state", () => {
  const text = "x".repeat(10_000);
  const live = { title: "T", content: { type: "TEXT", text } };

  test("outputs hold the digest, not a second copy; the current values still carry it", () => {
    const current = fromWire(K, live, { title: "T", text });
    expect(current).toMatchObject({ text, textSha256: sha256(text) });
    const outs = stateForm(K, current);
    expect(outs).not.toHaveProperty("text");
    expect(outs.textSha256).toBe(sha256(text));
    // State without the text still reads it back (for refresh's inputs).
    expect(fromWire(K, live, outs)).toMatchObject({ text });
  });

  test("diff compares digests: same text no change, another text a replacement", () => {
    const outs = stateForm(K, fromWire(K, live, { title: "T", text }));
    expect(changes(K, outs, { title: "T", text })).toEqual([]);
    expect(changes(K, outs, { title: "T", text: `${text}!` })).toEqual([{ path: "text", replace: true }]);
  });

  test("a digest is of a top-level string that is not secret; a variant member is not required itself", () => {
    const spec = (fields: ResourceSpec["fields"]) =>
      ({
        type: "Thing",
        doc: "",
        path: "/things",
        fields: { orgId: field.orgId(), ...fields },
      }) as ResourceSpec;
    expect(
      incoherences(spec({ s: field.string({ doc: "", secret: true, digestInState: true }) })).join(),
    ).toMatch(/Thing.s: only a top-level string that is not secret/);
    expect(
      incoherences(
        spec({ s: field.string({ doc: "", digestInState: true }), sSha256: field.string({ doc: "" }) }),
      ).join(),
    ).toMatch(/clashes/);
    const members = field.variants(
      { name: "source", doc: "", tag: "kind" },
      { A: { a: field.string({ doc: "", required: true }) } },
    );
    expect(incoherences(spec(members)).join()).toMatch(
      /Thing.a: a variant member is top-level, and neither required/,
    );
  });
});

describe("waiting for an object the API finishes later", () => {
  function fakeTime() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms), at: () => t };
  }
  const state = (o: WireObject): Progress =>
    o.status === "DONE"
      ? { done: true }
      : o.status === "BAD"
        ? { failed: "bad input." }
        : { pending: String(o.status) };
  function target(answers: string[], timeoutMs: number, time = fakeTime()) {
    const logs: string[] = [];
    const gets: number[] = [];
    const client = {
      get: async () => {
        gets.push(time.at());
        return { status: answers.shift() ?? "WAIT" };
      },
    } as unknown as InventClient;
    const logger = { info: (m: string) => logs.push(m), warn: () => {}, debug: () => {} };
    return {
      logs,
      gets,
      t: {
        client,
        logger,
        org: "c",
        path: "/x/1",
        label: "X 1",
        noun: "processing",
        state,
        timeoutMs,
        ...time,
      },
    };
  }

  test("polls with growing pauses until done, reporting progress", async () => {
    const { t, gets, logs } = target(["WAIT", "WAIT", "WAIT", "DONE"], 60_000);
    const s = await awaitSettled(t, { status: "WAIT" });
    expect(s).toMatchObject({ progress: { done: true }, polls: 4 });
    expect(gets).toEqual([500, 1250, 2375, 4062.5]);
    expect(logs[0]).toBe("X 1: processing: WAIT, 0.0 s so far (waiting up to 60.0 s).");
    expect(logs[logs.length - 1]).toBe("X 1: processing done after 4.1 s (4 status reads).");
  });

  test("a failure ends the wait with the reason", async () => {
    const { t } = target(["BAD"], 60_000);
    expect(await awaitSettled(t, { status: "WAIT" })).toMatchObject({
      progress: { failed: "bad input." },
      polls: 1,
    });
  });

  test("the deadline ends the wait, the last poll at the deadline; pauses stop growing at 15 s", async () => {
    const { t, gets } = target([], 100_000);
    const s = await awaitSettled(t, { status: "WAIT" });
    expect(s.progress).toEqual({ pending: "WAIT" });
    expect(gets[gets.length - 1]).toBe(100_000);
    const pauses = gets.map((g, i) => g - (gets[i - 1] ?? 0));
    expect(Math.max(...pauses)).toBe(15_000);
  });
});
