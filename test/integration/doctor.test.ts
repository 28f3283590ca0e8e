import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { runDoctor } from "../../provider/cli/doctor";
import type { DoctorReport } from "../../provider/doctor/report";
import { assistantSpec } from "../../provider/resources/assistant";
import { AGENCY_KEY, AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();
afterEach(() => applyAssumptionOverrides({}));

/** Runs doctor in-process against the emulator; returns the exit code, stdout, stderr and the JSON report. */
async function doctor(args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await runDoctor(args, {
    env: { INVENT_API_KEY: AGENCY_KEY, INVENT_BASE_URL: h.emulator.url, ...env },
    cwd: "/",
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    client: { minRetryDelayMs: 1, maxRetryDelayMs: 5 },
  });
  const report = args.includes("--json") ? (JSON.parse(out) as DoctorReport) : undefined;
  return { code, out, err, report };
}

const WRITE = ["--write", "--confirm-org", "Emulated Agency", "--json"];
const verdicts = (r: DoctorReport | undefined) =>
  Object.fromEntries((r?.findings ?? []).map((f) => [f.assumption, f.verdict]));
const contradicted = (r: DoctorReport | undefined) =>
  (r?.findings ?? []).filter((f) => f.verdict === "contradicted").map((f) => f.assumption);

/** Objects the API still shows (soft-deleted assistants are gone). */
async function live() {
  const s = await h.control.state();
  return [
    ...s.assistants.filter((a) => !a.deleted),
    ...s.connections,
    ...s.actions,
    ...s.channels,
    ...s.knowledgeContents,
    ...s.knowledgeLinks,
  ];
}

async function seedOrg() {
  const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
  await h.control.seedAction(AGENCY_ORG_ID, { assistant_id: a.id });
  await h.control.seedChannel(AGENCY_ORG_ID, { assistant_id: a.id });
  await h.control.seedConnection(AGENCY_ORG_ID, {
    type: "STRIPE",
    config: { api_key: "sk_test_0123456789" },
  });
  await h.control.seedKnowledgeContent(AGENCY_ORG_ID, { title: "FAQ" });
}

describe("pulumi-invent doctor against the emulator", () => {
  test("read-only: every assumption it checks holds, and it writes nothing", async () => {
    await seedOrg();
    await h.control.resetRequests();
    const { code, report } = await doctor(["--json"]);
    expect(contradicted(report)).toEqual([]);
    expect(code).toBe(0);
    const v = verdicts(report);
    for (const a of [
      "listItemsCarryWholeObject",
      "channelsPath",
      "channelsGetById",
      "knowledgeLinksPath",
      "errorBodyNestStyle",
      "orgReadable",
      "maxPageSize",
      "reorderPositionStep",
      "knowledgeStatuses",
      "connectionConfigKeysSnakeCase",
    ])
      expect([a, v[a]]).toEqual([a, "holds"]);
    expect(v.patchDeepMergesNestedObjects).toBe("not checked");
    expect(await h.control.writes()).toBe(0);
    expect(report?.notes.join("\n")).toMatch(/channel_count/);
  });

  test("read-only: boards and contacts: where a board's segment is, the contact list, its filter, a contact by id", async () => {
    await seedOrg();
    const board = await h.control.seed("boards", AGENCY_ORG_ID, { name: "Sales" });
    const [a] = await h.control.assistants(AGENCY_ORG_ID);
    await h.control.editAssistant(AGENCY_ORG_ID, a.id, {
      boards: [
        {
          id: "abd_1",
          board_id: board.id,
          board_name: "Sales",
          initial_segment: { id: "seg_1", name: "New" },
          created_at: a.created_at,
          updated_at: a.updated_at,
        },
      ],
    });
    await h.control.seed("contacts", AGENCY_ORG_ID, { name: "Ann" });
    const v = verdicts((await doctor(["--json"])).report);
    expect([v.assistantBoardSegmentIn, v.contactsGetById, v["[D] contact filters"]]).toEqual([
      "holds",
      "holds",
      "holds",
    ]);
    await h.control.settings({ boardsShape: "flat", contactGetById: false });
    const other = await doctor(["--json"]);
    expect(other.code).toBe(0); // the library copes either way
    const byId = other.report?.findings.find((f) => f.assumption === "contactsGetById");
    expect(byId).toMatchObject({
      verdict: "contradicted",
      override: { key: "contactsGetById", value: false },
    });
    expect(verdicts(other.report).assistantBoardSegmentIn).toBe("holds");
  });

  test("read-only in an empty org says child kinds are not checked for want of an assistant", async () => {
    const { code, report } = await doctor(["--json"]);
    expect(code).toBe(0);
    const f = report?.findings.find((x) => x.assumption === "channelsGetById");
    expect(f).toMatchObject({
      verdict: "not checked",
      evidence: expect.stringMatching(/no assistant in the org/),
    });
  });

  test("--write: every assumption it checks holds, and nothing is left behind", async () => {
    const { code, report, err } = await doctor(WRITE);
    expect(contradicted(report)).toEqual([]);
    expect(code).toBe(0);
    expect(err).toMatch(/spends one of the org's 10 assistant creations/);
    const v = verdicts(report);
    for (const a of [
      "patchDeepMergesNestedObjects",
      "credentialMask",
      "isMaskOf",
      "softDelete",
      "knowledgeLinkMethods",
      "actionsDeleteById",
      "knowledgeContentsDeleteById",
      "listItemsCarryWholeObject",
      "actionInputKeysSnakeCase",
    ])
      expect([a, v[a]]).toEqual([a, "holds"]);
    expect(report?.leftovers).toEqual([]);
    expect(await live()).toEqual([]);
  });

  test("contradicting emulator: each contradiction comes with its override; exit 1; nothing left behind", async () => {
    await h.control.settings({
      softDelete: false,
      errorBody: "plain",
      listItemsWhole: false,
      patchSemantics: "replace",
    });
    const { code, report } = await doctor(WRITE);
    expect(code).toBe(1);
    expect(contradicted(report).sort()).toEqual(
      [
        "errorBodyNestStyle",
        "listItemsCarryWholeObject",
        "patchDeepMergesNestedObjects",
        "softDelete",
      ].sort(),
    );
    const overrides = Object.fromEntries(
      (report?.findings ?? []).filter((f) => f.override).map((f) => [f.override!.key, f.override!.value]),
    );
    expect(overrides).toEqual({
      errorBodyNestStyle: false,
      listItemsCarryWholeObject: false,
      patchDeepMergesNestedObjects: false,
      softDelete: false,
    });
    expect(await live()).toEqual([]);
    // The table prints the exact command for each.
    const text = await doctor(["--write", "--confirm-org", "Emulated Agency"]);
    expect(text.out).toContain(
      "pulumi config set --path 'invent:assumptions.patchDeepMergesNestedObjects' false",
    );
    expect(text.out).toContain(`export INVENT_ASSUMPTIONS='{"softDelete":false}'`);
    // With the overrides configured, the relied-on ones hold as configured and the exit code is 0.
    const fixed = await doctor(WRITE, { INVENT_ASSUMPTIONS: JSON.stringify(overrides) });
    expect(fixed.report?.overridesInForce).toEqual(overrides);
  });

  test("free-form keys: an input key rule the API contradicts is reported with its override, either way", async () => {
    const finding = (r: DoctorReport | undefined) =>
      r?.findings.find((x) => x.assumption === "actionInputKeysSnakeCase");
    const kept = await doctor(WRITE, { INVENT_ASSUMPTIONS: '{"actionInputKeysSnakeCase": true}' });
    expect(finding(kept.report)).toMatchObject({
      verdict: "contradicted",
      evidence: expect.stringMatching(/came back as sent \(timeoutMs, retry_count, x-api-version, v2Url\)/),
      override: { key: "actionInputKeysSnakeCase", value: false },
    });
    await h.control.settings({ freeFormKeys: "snake_case" });
    const rewritten = await doctor(WRITE);
    expect(rewritten.code).toBe(1);
    expect(finding(rewritten.report)).toMatchObject({
      verdict: "contradicted",
      evidence: "config.input keys came back rewritten: timeout_ms, retry_count, x-api-version, v2_url",
      override: { key: "actionInputKeysSnakeCase", value: true },
    });
    const fixed = await doctor(WRITE, { INVENT_ASSUMPTIONS: '{"actionInputKeysSnakeCase": true}' });
    expect(finding(fixed.report)?.verdict).toBe("holds");
  });

  test("a masked credential in another shape is reported with a credentialMask override", async () => {
    // Simulated by overriding the library's expectation instead of the emulator's mask.
    const { report, code } = await doctor(WRITE, {
      INVENT_ASSUMPTIONS: '{"credentialMask": {"prefix": "xx"}}',
    });
    expect(code).toBe(1);
    const f = report?.findings.find((x) => x.assumption === "credentialMask");
    expect(f?.override).toEqual({ key: "credentialMask", value: { prefix: "****", revealsSuffix: true } });
    expect(JSON.stringify(report)).not.toMatch(/sk_test_doctor/);
  });

  test("--write leaves nothing behind when a step fails, and reports what it could not delete", async () => {
    await h.control.failNext({
      route: "PATCH /orgs/:org_id/assistants/:id",
      status: 500,
      count: 20,
    });
    const failed = await doctor(WRITE);
    const f = failed.report?.findings.find((x) => x.assumption === "patchDeepMergesNestedObjects");
    expect(f).toMatchObject({
      verdict: "not checked",
      evidence: expect.stringMatching(/PATCH of the assistant failed/),
    });
    expect(await live()).toEqual([]);
    await h.control.clearFaults();

    await h.control.failNext({
      route: "DELETE /orgs/:org_id/assistants/:id",
      status: 500,
      count: 40,
    });
    const stuck = await doctor(WRITE);
    expect(stuck.code).toBe(1);
    const [assistant] = await live();
    expect(stuck.report?.leftovers).toEqual([
      expect.objectContaining({
        kind: "Assistant",
        id: assistant.id,
        path: expect.stringContaining(assistant.id),
      }),
    ]);
    expect(await live()).toHaveLength(1); // only the assistant: its children were deleted first
  });

  test.each([
    ["before the server acts (503)", { status: 503 }],
    ["after the server acts (502, answer lost)", { status: 502, afterCommit: true }],
    ["after the server acts (connection dropped)", { dropConnection: true, afterCommit: true }],
  ])("--write creates each throwaway exactly once: a POST failing %s", async (_, fault) => {
    for (const route of [
      "POST /orgs/:org_id/assistants",
      "POST /orgs/:org_id/connections",
      "POST /orgs/:org_id/assistants/:assistant_id/actions",
      "POST /orgs/:org_id/assistants/:assistant_id/integrations",
      "POST /orgs/:org_id/knowledge/contents",
    ] as const)
      await h.control.failNext({ route, ...fault });
    const { code, report } = await doctor(WRITE);
    expect(contradicted(report)).toEqual([]);
    expect({ code, leftovers: report?.leftovers }).toEqual({ code: 0, leftovers: [] });
    const posts = (await h.control.requestLog()).filter(
      (r) => r.method === "POST" && !r.route.includes("chats"),
    );
    // A failure the server never acted on is sent again once; a lost answer is found by a listing instead.
    expect(posts.length).toBe("afterCommit" in fault ? 5 : 10);
    expect(await live()).toEqual([]);
  });

  test("--write whose create outcome stays unknown reports a leftover to look for by name, and never makes two", async () => {
    await h.control.failNext({ route: "POST /orgs/:org_id/assistants", status: 502, afterCommit: true });
    // The read-only checks' listings and the one before the POST answer; the check after it fails, its
    // retries too (the client makes 6 attempts).
    await doctor(["--json"]);
    const reads = await h.control.count("GET /orgs/:org_id/assistants");
    await h.control.failNext({
      route: "GET /orgs/:org_id/assistants",
      status: 503,
      skip: reads + 1,
      count: 6,
    });
    const { code, report, out } = await doctor(WRITE);
    expect(code).toBe(1);
    const [made] = (await h.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);
    expect(made.name).toMatch(/^pulumi-invent doctor \d{8}T\d{6}$/);
    expect((await h.control.assistants(AGENCY_ORG_ID)).length).toBe(1);
    expect(report?.leftovers).toEqual([
      {
        kind: "Assistant",
        path: `/orgs/c/assistants`,
        error: "the create's answer was lost and the check for the object failed too.",
        lookFor: expect.stringMatching(
          new RegExp(`^an assistant named "${made.name}", created at or after \\d{4}-\\d\\d-\\d\\dT`),
        ),
      },
    ]);
    expect(report?.findings.find((f) => f.assumption === "patchDeepMergesNestedObjects")).toMatchObject({
      verdict: "not checked",
      evidence: expect.stringMatching(/unknown outcome/),
    });
    void out;
  });

  test("the text report says what to look for after an unknown outcome", async () => {
    await h.control.failNext({ route: "POST /orgs/:org_id/connections", status: 502, afterCommit: true });
    await h.control.failNext({ route: "GET /orgs/:org_id/connections", status: 503, skip: 2, count: 6 });
    const { code, out } = await doctor(["--write", "--confirm-org", "Emulated Agency"]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /- Connection, outcome unknown \(\/orgs\/c\/connections\): the create's answer was lost and the check for the object failed too\. Look for a RESEND connection named "pulumi-invent doctor \d{8}T\d{6}", created at or after \S+; delete it if it exists\./,
    );
    expect((await h.control.connections(AGENCY_ORG_ID)).length).toBe(1);
  });

  test("--write needs the org's name: a wrong one or none (no TTY) writes nothing", async () => {
    expect((await doctor(["--write", "--confirm-org", "Some Other Org"])).code).toBe(2);
    const none = await doctor(["--write"]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--confirm-org/);
    expect(await h.control.writes()).toBe(0);
  });

  test("a wrong key gets a clear message, and the key is never printed", async () => {
    const bad = "inv_test_wrongwrongwrongwrongwrong";
    const { code, err, out } = await doctor([], { INVENT_API_KEY: bad });
    expect(code).toBe(1);
    expect(err).toMatch(/API key was refused \(401\)/);
    expect(err + out).not.toContain(bad);
    const ok = await doctor([]);
    expect(ok.err + ok.out).not.toContain(AGENCY_KEY);
  });

  test("the real command line runs end to end (ts-node)", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "provider/cli/main.ts", "doctor", "--json"],
      {
        cwd: `${__dirname}/../..`,
        env: {
          ...process.env,
          INVENT_API_KEY: AGENCY_KEY,
          INVENT_BASE_URL: h.emulator.url,
          INVENT_ORG_ID: "",
        },
      },
    );
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.org).toEqual({ id: AGENCY_ORG_ID, name: "Emulated Agency" });
    expect(contradicted(report)).toEqual([]);
  }, 60_000);
});

describe("doctor's verdicts are true of what it observed, and only of that", () => {
  test("under rate limiting (429s on every probe and on random requests) the verdicts are the same, exit 0", async () => {
    await seedOrg();
    const calm = await doctor(["--json"]);
    // Each probe doctor makes itself (lists with headers, error bodies, channels, links) meets 429s first ...
    for (const route of [
      "GET /orgs/:org_id/assistants",
      "GET /orgs/:org_id/assistants/:id",
      "GET /orgs/:org_id/connections",
      "GET /orgs/:org_id/knowledge/contents",
      "GET /orgs/:org_id/assistants/:assistant_id/integrations",
      "GET /orgs/:org_id/assistants/:assistant_id/knowledge/contents",
    ])
      await h.control.failNext({ route, status: 429, count: 2, retryAfter: 0 });
    // ... and a tenth of every request at random.
    await h.control.chaos({ seed: 7, rate: 0.1, kinds: ["429"] });
    const limited = await doctor(["--json"]);
    expect((await h.control.requestLog()).filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(12);
    expect(verdicts(limited.report)).toEqual(verdicts(calm.report));
    expect(contradicted(limited.report)).toEqual([]);
    expect(limited.code).toBe(0);
    expect(JSON.stringify(limited.report)).not.toMatch(/answered 429|no usable answer/);
  }, 60_000);

  test("a probe that never gets an answer is not checked, never contradicted, and nothing is called empty", async () => {
    await seedOrg();
    // Every knowledge listing fails with 503, past the client's retries.
    await h.control.failNext({ route: "GET /orgs/:org_id/knowledge/contents", status: 503, count: 50 });
    const { report, code } = await doctor(["--json"]);
    expect(contradicted(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report?.notes.join("\n")).not.toMatch(/no KnowledgeContent in the org/);
    expect(report?.notes.join("\n")).toMatch(
      /KnowledgeContent not checked: GET \/knowledge\/contents got no usable answer/,
    );
    expect(verdicts(report).knowledgeTextIn).toBe("not checked");
  });

  test.each([
    ["nest", "holds", 'the client reports \\"Assistant not found\\"'],
    ["nested", "contradicted", "a shape the client reads: the client reports"],
    ["problem", "contradicted", "a shape the client reads"],
    ["plain", "contradicted", "a shape the client does not know: it quotes an excerpt"],
  ] as const)(
    "error body %s: the verdict quotes what the client reports (%s)",
    async (style, verdict, words) => {
      await h.control.settings({ errorBody: style });
      const { report } = await doctor(["--json"]);
      const row = report?.findings.find((f) => f.assumption === "errorBodyNestStyle");
      expect(row?.verdict).toBe(verdict);
      expect(JSON.stringify(row?.evidence)).toContain(words);
      expect(row?.relied).toBe(false);
    },
  );

  test("knowledgeTextIn: where the text comes back, found by --write; a text in no assumed place gets an override", async () => {
    await h.control.settings({ knowledgeTextAt: "top-level", listItemsWhole: false });
    const top = await doctor(WRITE);
    const row = top.report?.findings.find((f) => f.assumption === "knowledgeTextIn");
    expect(row).toMatchObject({ verdict: "holds" });
    expect(row?.evidence).toContain("the GET carries the text at text; list items do not");
    // The library assumed only content.text: the text at the top level is found, and the override says so.
    const narrow = await doctor(WRITE, { INVENT_ASSUMPTIONS: '{"knowledgeTextIn": ["content.text"]}' });
    const found = narrow.report?.findings.find((f) => f.assumption === "knowledgeTextIn");
    expect(found).toMatchObject({
      verdict: "contradicted",
      override: { key: "knowledgeTextIn", value: ["text", "content.text"] },
    });
    expect(await live()).toEqual([]);
  });

  test("a 404 on the assumed link endpoint (both objects exist) is a contradiction, not 'not checked'", async () => {
    const { report, code } = await doctor(WRITE, {
      INVENT_ASSUMPTIONS: '{"knowledgeLinksPath": "/assistants/{assistantId}/knowledge/links"}',
    });
    const row = report?.findings.find((f) => f.assumption === "knowledgeLinksPath");
    expect(row?.verdict).toBe("contradicted");
    expect(row?.evidence).toContain("answered 404 while the assistant and the content exist");
    expect(code).toBe(1);
    expect(await live()).toEqual([]);
  });

  test("list items lacking a field their GET has contradict listItemsCarryWholeObject for that kind", async () => {
    await seedOrg();
    await h.control.settings({ knowledgeTextAt: "content", listItemsWhole: false });
    const { report } = await doctor(["--json"]);
    const row = report?.findings.find((f) => f.assumption === "listItemsCarryWholeObject");
    expect(row?.verdict).toBe("contradicted");
    expect(row?.evidence).toContain("KnowledgeContent list items lack content");
  });
});

describe("overrides make the lifecycle pass against a server that contradicts an assumption", () => {
  const declared = {
    name: "Support",
    instructions: "Be brief.",
    conversation: { welcomeBanner: "Hi", autoIntroMessage: "Hello" },
  };

  async function updateOneNestedField() {
    const p = h.provider(assistantSpec);
    const { id, outs } = await p.create({ ...declared });
    await p.update(id, outs, {
      ...declared,
      conversation: { ...declared.conversation, welcomeBanner: "Hey" },
    });
    const [stored] = await h.control.assistants(AGENCY_ORG_ID);
    return stored.config;
  }

  test('PATCH "replace": an update of one nested field loses its siblings without the override, keeps them with it', async () => {
    await h.control.settings({ patchSemantics: "replace" });
    const lost = await updateOneNestedField();
    expect(lost.conversation.welcome_banner).toBe("Hey");
    expect(lost.conversation.auto_intro_message).toBe(""); // reset to the server default
    expect(lost.instructions).toBe(""); // config replaced whole

    await h.control.reset();
    await h.control.settings({ patchSemantics: "replace" });
    applyAssumptionOverrides({ patchDeepMergesNestedObjects: false });
    const kept = await updateOneNestedField();
    expect(kept.conversation).toMatchObject({ welcome_banner: "Hey", auto_intro_message: "Hello" });
    expect(kept.instructions).toBe("Be brief.");
  });

  test("list items without config: reads stay right, and with the override they skip the useless listing", async () => {
    await h.control.settings({ listItemsWhole: false });
    const p = h.provider(assistantSpec);
    const { id, outs } = await p.create({ ...declared });
    await h.control.resetRequests();
    expect((await p.read(id, outs)).props).toMatchObject({ instructions: "Be brief." });
    expect(await h.calls()).toEqual({
      "GET /orgs/:org_id/assistants": 1,
      "GET /orgs/:org_id/assistants/:id": 1,
    });

    applyAssumptionOverrides({ listItemsCarryWholeObject: false });
    const fresh = h.provider(assistantSpec);
    await h.control.resetRequests();
    expect((await fresh.read(id, outs)).props).toMatchObject({ instructions: "Be brief." });
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/assistants/:id": 1 });
  });
});
