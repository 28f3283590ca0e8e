/**
 * KnowledgeContent and KnowledgeLink against the emulator over real HTTP: a choice of shapes on the wire,
 * create waiting for asynchronous processing (failure and deadline recorded half-made), a large text kept once
 * in state, and links as calls on a URL plus a flag in the per-assistant list.
 */
import { createHash } from "node:crypto";
import { assistantSpec } from "../../provider/resources/assistant";
import { knowledgeContentSpec } from "../../provider/resources/knowledge-content";
import { knowledgeLinkSpec } from "../../provider/resources/knowledge-link";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

/** Processing time the emulator gives each content here (PENDING for a fifth of it, then PROCESSING). */
const PROCESSING_MS = 400;

const h = useHarness({ knowledgeProcessingMs: PROCESSING_MS });
afterAll(() =>
  console.log(`knowledge processing waits (emulator: ${PROCESSING_MS} ms each):\n  ${waits.join("\n  ")}`),
);

const CONTENTS = "/orgs/:org_id/knowledge/contents";
const LINKS = "/orgs/:org_id/assistants/:assistant_id/knowledge/contents";
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const FAQ = "Q: How long does shipping take?\nA: Two to four working days in the EU.";
/** What each create waited, as its own progress line says (for the report). */
const waits: string[] = [];

/** Creates and notes how long processing took and how many status reads it cost. */
async function created(values: Record<string, unknown>) {
  const [started, from] = [Date.now(), h.logs.length];
  const made = await h.provider(knowledgeContentSpec).create(values);
  const line = h.logs.slice(from).find((l) => /processing done after/.test(l));
  waits.push(`${String(values.title)}: ${Date.now() - started} ms in create; ${line}`);
  return made;
}

describe("KnowledgeContent", () => {
  test("create is one listing and one POST, then GETs until PROCESSED; state keeps the text once", async () => {
    const declared = { title: "Shipping FAQ", text: FAQ };
    const { id, outs } = await created({ ...declared });
    const n = await h.calls();
    expect(n).toEqual({
      [`GET ${CONTENTS}`]: 1,
      [`POST ${CONTENTS}`]: 1,
      [`GET ${CONTENTS}/:id`]: expect.any(Number),
    });
    // First poll after 500 ms: the 400 ms processing is over by then.
    expect(n[`GET ${CONTENTS}/:id`]).toBeGreaterThanOrEqual(1);
    expect(n[`GET ${CONTENTS}/:id`]).toBeLessThanOrEqual(2);
    const [stored] = await h.control.knowledgeContents(AGENCY_ORG_ID);
    expect(stored).toMatchObject({ id, title: "Shipping FAQ", content: { type: "TEXT", text: FAQ } });
    expect(outs).toMatchObject({
      title: "Shipping FAQ",
      textSha256: sha256(FAQ),
      status: "PROCESSED",
      size: Buffer.byteLength(FAQ),
      chunksCount: 1,
      error: null,
      orgId: "c",
    });
    expect(outs).not.toHaveProperty("text");
    expect(JSON.stringify(outs)).not.toContain("Two to four working days");
    expect(h.logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^KnowledgeContent "Shipping FAQ" kc_\w+: processing: PENDING, 0\.\d s so far/),
        expect.stringMatching(
          /^KnowledgeContent "Shipping FAQ" kc_\w+: processing done after \d+\.\d s \(\d status reads?\)/,
        ),
      ]),
    );

    // Refresh: outputs unchanged (no text), inputs hold the text as the API has it; diff is clean.
    const read = await h.provider(knowledgeContentSpec).read(id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(declared);
    expect(await h.provider(knowledgeContentSpec).diff(id, read.props!, { ...declared })).toMatchObject({
      changes: false,
    });
  });

  test("a changed text or title replaces; the deadline alone changes in place", async () => {
    const p = h.provider(knowledgeContentSpec);
    const declared = { title: "Shipping FAQ", text: FAQ };
    const { id, outs } = await created({ ...declared });
    expect(await p.diff(id, outs, { ...declared, text: `${FAQ}\nQ: Returns?` })).toEqual({
      changes: true,
      replaces: ["text"],
      deleteBeforeReplace: false,
    });
    expect(await p.diff(id, outs, { ...declared, title: "FAQ" })).toMatchObject({ replaces: ["title"] });
    expect(await p.diff(id, outs, { title: "Shipping FAQ", url: "https://acme.com/faq" })).toMatchObject({
      replaces: ["url"],
    });
    expect(await p.diff(id, outs, { ...declared, processingTimeoutSeconds: 60 })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  test("a URL content is sent as the URL variant; crawl is mode", async () => {
    const p = h.provider(knowledgeContentSpec);
    const declared = { title: "Help centre", url: "https://help.acme.com", crawl: true };
    const { id, outs } = await created({ ...declared });
    const [stored] = await h.control.knowledgeContents(AGENCY_ORG_ID);
    expect(stored.content).toEqual({ type: "URL", url: "https://help.acme.com", mode: "crawl" });
    expect(outs).toMatchObject({ ...declared, status: "PROCESSED", size: 65_536 });
    expect(outs).not.toHaveProperty("textSha256");
    const read = await p.read(id, outs);
    expect(read.inputs).toEqual(declared);
    expect(await p.diff(id, read.props!, { ...declared })).toMatchObject({ changes: false });
    expect(await p.diff(id, read.props!, { ...declared, crawl: false })).toMatchObject({
      replaces: ["crawl"],
    });
  });

  test("FAILED processing: an error with the server's reason, recorded half-made; up replaces it", async () => {
    await h.control.failNextKnowledge(1, "Could not extract any text from the content");
    const p = h.provider(knowledgeContentSpec);
    const declared = { title: "Scanned PDF", fileId: "file_123" };
    const err = (await p.create({ ...declared, __provider: "stub" }).catch((e: unknown) => e)) as {
      message: string;
      id: string;
      properties: Record<string, unknown>;
      reasons: string[];
    };
    expect(err.message).toMatch(
      /^KnowledgeContent "Scanned PDF" kc_\w+ was created, but its processing failed: Could not extract any text from the content\. Fix the source the reason names .*, then run `pulumi up` again\. It is recorded in state as failed; the next `pulumi up` deletes it first, then creates a new one, so the org never holds more than one failed copy/,
    );
    expect(err.reasons).toEqual([err.message]);
    expect(err.id).toMatch(/^kc_/);
    expect(err.properties).toMatchObject({
      ...declared,
      status: "FAILED",
      error: "Could not extract any text from the content",
      __provider: "stub",
      __unsettled: "failed",
    });
    // The next up replaces it, deleting this one first (a failed copy is worth nothing, and a replacement that
    // fails too must not leave two), whether or not a refresh ran first.
    expect(await p.diff(err.id, err.properties, { ...declared })).toMatchObject({
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
    const refreshed = await p.read(err.id, err.properties);
    expect(refreshed.props).toMatchObject({ __unsettled: "failed" });
    expect(await p.diff(err.id, refreshed.props!, { ...declared })).toMatchObject({
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
    await p.delete(err.id, err.properties);
    expect(await h.control.knowledgeContents(AGENCY_ORG_ID)).toEqual([]);
  });

  test("the deadline passing records it half-made; the next up waits again and creates nothing", async () => {
    await h.control.settings({ knowledgeProcessingMs: 60_000 });
    const p = h.provider(knowledgeContentSpec);
    const declared = { title: "Big manual", url: "https://acme.com/manual", processingTimeoutSeconds: 0.7 };
    const started = Date.now();
    const err = (await p.create({ ...declared, __provider: "stub" }).catch((e: unknown) => e)) as {
      message: string;
      id: string;
      properties: Record<string, unknown>;
    };
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.message).toMatch(
      /kc_\w+ was created, but its processing did not finish within 0\.7 s \(processingTimeoutSeconds\); last seen: PENDING\. .*waits for it again/,
    );
    expect(err.properties).toMatchObject({
      status: "PENDING",
      __unsettled: "pending",
      __provider: "stub",
    });
    expect(await p.diff(err.id, err.properties, { ...declared })).toMatchObject({
      changes: true,
      replaces: [],
    });

    await h.control.finishKnowledgeProcessing();
    await h.control.resetRequests();
    const { outs } = await p.update(err.id, err.properties, { ...declared });
    expect(outs).toMatchObject({ status: "PROCESSED" });
    expect(outs).not.toHaveProperty("__unsettled");
    expect(await h.calls()).toEqual({ [`GET ${CONTENTS}/:id`]: 1 });
    expect(await h.control.knowledgeContents(AGENCY_ORG_ID)).toHaveLength(1);
  });

  test("exactly one of text, url or fileId: refused at check, naming the properties, with no call", async () => {
    const p = h.provider(knowledgeContentSpec);
    const reasons = async (v: Record<string, unknown>) =>
      (await p.check({}, v)).failures.map((f) => f.reason);
    expect(await reasons({ title: "Nothing" })).toEqual([
      "text, url or fileId: one of them is required (what the assistant learns from: plain text, a web page (or site), or an uploaded file).",
    ]);
    expect(await reasons({ title: "Two", text: "x", url: "https://acme.com" })).toEqual([
      expect.stringMatching(/^text, url: set only one of text, url or fileId .*; remove the others\.$/),
    ]);
    expect(await reasons({ title: "Three", text: "x", crawl: true, fileId: "f" })).toEqual([
      expect.stringMatching(/^text, crawl, fileId: set only one of/),
    ]);
    expect(await reasons({ title: "Crawl", crawl: true })).toEqual(["url: is required with crawl."]);
    expect(await reasons({ title: "", text: "x".repeat(2_097_153), url: "ftp://x" })).toEqual([
      expect.stringMatching(/^title: must be at least 1 character/),
      expect.stringMatching(/^text: must be at most 2097152 characters long/),
      expect.stringMatching(/^url: must be an http\(s\) address/),
      expect.stringMatching(/^text, url: set only one of/),
    ]);
    expect(await h.calls()).toEqual({});
  });
});

describe("KnowledgeLink", () => {
  async function setup() {
    const assistant = await h.provider(assistantSpec).create({ name: "Support", knowledgeScope: "selected" });
    const faq = await created({ title: "Shipping FAQ", text: FAQ });
    const docs = await created({ title: "Help centre", url: "https://help.acme.com" });
    await h.control.resetRequests();
    return { assistantId: assistant.id, faqId: faq.id, faq, docsId: docs.id };
  }

  test("create is one PUT; read is the per-assistant list's linked flag; delete is one DELETE", async () => {
    const { assistantId, faqId } = await setup();
    const l = h.provider(knowledgeLinkSpec);
    const declared = { assistantId, contentId: faqId };
    const { id, outs } = await l.create({ ...declared });
    expect(await h.calls()).toEqual({ [`PUT ${LINKS}/:content_id`]: 1 });
    expect(id).toBe(`${assistantId}/${faqId}`);
    expect(await h.control.knowledgeLinks(AGENCY_ORG_ID)).toEqual([
      expect.objectContaining({ assistant_id: assistantId, content_id: faqId }),
    ]);
    expect(outs).toEqual({ ...declared, orgId: "c" });

    await h.control.resetRequests();
    const read = await l.read(id, outs);
    expect(read).toEqual({ id, props: outs, inputs: declared });
    expect(await h.calls()).toEqual({ [`GET ${LINKS}`]: 1 });
    expect(await l.diff(id, outs, { ...declared })).toMatchObject({ changes: false });
    expect(await l.diff(id, outs, { assistantId, contentId: "kc_other" })).toMatchObject({
      replaces: ["contentId"],
    });

    await h.control.resetRequests();
    await l.delete(id, outs);
    expect(await h.calls()).toEqual({ [`DELETE ${LINKS}/:content_id`]: 1 });
    expect(await h.control.knowledgeLinks(AGENCY_ORG_ID)).toEqual([]);
    await expect(l.delete(id, outs)).resolves.toBeUndefined(); // not linked any more: nothing to do
  });

  test("a refresh of an assistant's links costs one listing", async () => {
    const { assistantId, faqId, docsId } = await setup();
    const l = h.provider(knowledgeLinkSpec);
    const a = await l.create({ assistantId, contentId: faqId });
    const b = await l.create({ assistantId, contentId: docsId });
    await h.control.resetRequests();
    const [ra, rb] = await Promise.all([l.read(a.id, a.outs), l.read(b.id, b.outs)]);
    expect([ra.id, rb.id]).toEqual([a.id, b.id]);
    expect(await h.calls()).toEqual({ [`GET ${LINKS}`]: 1 });
  });

  test("drift: a link removed out of band reads as gone, and up makes it again", async () => {
    const { assistantId, faqId } = await setup();
    const l = h.provider(knowledgeLinkSpec);
    const { id, outs } = await l.create({ assistantId, contentId: faqId });
    const [link] = await h.control.knowledgeLinks(AGENCY_ORG_ID);
    await h.control.deleteKnowledgeLink(AGENCY_ORG_ID, link.id);
    expect(await l.read(id, outs)).toEqual({});
    await l.create({ assistantId, contentId: faqId });
    expect(await l.read(id, outs)).toMatchObject({ id });
  });

  test("deleting the content removes its links; deleting the assistant too", async () => {
    const { assistantId, faqId, faq, docsId } = await setup();
    const l = h.provider(knowledgeLinkSpec);
    const a = await l.create({ assistantId, contentId: faqId });
    const b = await l.create({ assistantId, contentId: docsId });
    await h.provider(knowledgeContentSpec).delete(faqId, faq.outs);
    expect(await l.read(a.id, a.outs)).toEqual({});
    await expect(l.delete(a.id, a.outs)).resolves.toBeUndefined();
    await h.provider(assistantSpec).delete(assistantId, { orgId: "c" });
    expect(await l.read(b.id, b.outs)).toEqual({});
    await expect(l.delete(b.id, b.outs)).resolves.toBeUndefined();
    expect(await h.control.knowledgeLinks(AGENCY_ORG_ID)).toEqual([]);
  });
});
