/**
 * `pulumi-invent audit` in-process against the emulator, with stack states given as files (the real CLI's
 * `pulumi stack export` runs in test/e2e/drift-check.test.ts): what no stack knows is listed per org and kind,
 * with names, creation times and how to take it over; references and ids a stack uses count as known; several
 * stacks of one org; reads only; a listing that fails is "could not check" (exit 3), never "nothing unmanaged";
 * `--fail-on-unmanaged` exits 1; JSON. And what an audit of an org of 100 assistants costs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditReport } from "../../provider/audit/report";
import { runAudit } from "../../provider/cli/audit";
import { AGENCY_KEY, AGENCY_ORG_ID, SUB_ORG_ID } from "../emulator/server";
import { harness, Harness } from "../support/harness";

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await harness();
  dir = mkdtempSync(join(tmpdir(), "pulumi-invent-audit-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h.stop();
});
beforeEach(() => h.control.reset());

type Res = { type: string; id: string; org?: string; inputs?: Record<string, unknown>; reference?: boolean };

/** A state file as `pulumi stack export` writes it, holding these resources. */
function state(name: string, resources: Res[], outputs: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.json`);
  const entries = resources.map((r, i) => ({
    urn: `urn:pulumi:${name}::p::pulumi-nodejs:dynamic/invent:${r.type}::r${i}`,
    type: `pulumi-nodejs:dynamic/invent:${r.type}`,
    id: r.id,
    inputs: r.inputs ?? {},
    outputs: { ...(r.inputs ?? {}), orgId: r.org ?? "c", ...(r.reference ? { __reference: true } : {}) },
  }));
  const stack = {
    urn: `urn:pulumi:${name}::p::pulumi:pulumi:Stack::p-${name}`,
    type: "pulumi:pulumi:Stack",
    outputs,
  };
  writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [stack, ...entries] } }));
  return file;
}

async function audit(args: string[]) {
  let out = "";
  let err = "";
  const code = await runAudit(args, {
    env: { INVENT_API_KEY: AGENCY_KEY, INVENT_BASE_URL: h.emulator.url },
    cwd: dir,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    client: { minRetryDelayMs: 1, maxRetryDelayMs: 5 },
  });
  const report = args.includes("--json") ? (JSON.parse(out) as AuditReport) : undefined;
  return { code, out, err, report };
}

const unmanagedIds = (r?: AuditReport) =>
  r?.orgs.flatMap((o) => o.kinds.flatMap((k) => k.unmanaged.map((u) => u.id)));

describe("pulumi-invent audit", () => {
  test("lists what no stack knows, per kind, with name, creation time and the lines to take it over", async () => {
    const c = h.control;
    const managed = await c.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
    const stray = await c.seedAssistant(AGENCY_ORG_ID, { name: "Sales bot" });
    const strayAction = await c.seedAction(AGENCY_ORG_ID, { assistant_id: managed.id, name: "Old lookup" });
    const referenced = await c.seedAssistant(AGENCY_ORG_ID, { name: "Referenced" });
    const whatsapp = await c.seedConnection(AGENCY_ORG_ID, { type: "WHATSAPP", name: "Support line" });
    const channel = await c.seedChannel(AGENCY_ORG_ID, {
      assistant_id: managed.id,
      integration_id: "whatsapp_bot",
      connection_id: whatsapp.id,
    });
    const prod = state("prod", [
      { type: "Assistant", id: managed.id },
      // A channel wired to a looked-up connection: the connection's id is in its arguments.
      { type: "Channel", id: channel.id, inputs: { assistantId: managed.id, connectionId: whatsapp.id } },
    ]);
    const staging = state("staging", [{ type: "Assistant", id: referenced.id, reference: true }]);
    await c.resetRequests();
    const { code, report, out } = await audit(["--state", prod, "--state", staging, "--json"]);
    expect(code).toBe(0);
    expect(await c.writes()).toBe(0);
    // The emulator's agency has a client sub-org that no stack mentions: it is unmanaged too.
    expect(unmanagedIds(report)!.sort()).toEqual([stray.id, strayAction.id, SUB_ORG_ID].sort());
    const kinds = Object.fromEntries(report!.orgs[0].kinds.map((k) => [k.kind, k]));
    expect(kinds.Assistant).toMatchObject({ listed: 3, unmanaged: [{ id: stray.id, name: '"Sales bot"' }] });
    expect(kinds.Assistant.unmanaged[0]).toEqual({
      kind: "Assistant",
      id: stray.id,
      name: '"Sales bot"',
      createdAt: stray.created_at,
      adopt: `new invent.Assistant("…", { adoptId: "${stray.id}", … })`,
      export:
        `pulumi-invent export --org c --only ${stray.id} --out takeover && ` +
        "pulumi import --file takeover/import.json --generate-code=false",
    });
    expect(kinds.Action.unmanaged).toEqual([
      expect.objectContaining({
        id: strayAction.id,
        parent: { kind: "Assistant", id: managed.id },
        adopt: `new invent.Action("…", { assistantId: "${managed.id}", adoptId: "${strayAction.id}", … })`,
      }),
    ]);
    expect(kinds.Connection).toMatchObject({ listed: 1, unmanaged: [] });
    expect(Object.keys(kinds).sort()).toEqual(
      [
        "Action",
        "Assistant",
        "Channel",
        "Connection",
        "KnowledgeContent",
        "Segment",
        "SubOrganization",
      ].sort(),
    );
    expect(out).not.toContain(AGENCY_KEY);
    // The text form: per org and kind, each object with how to take it over.
    const text = await audit(["--state", prod, "--state", staging, "--fail-on-unmanaged"]);
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      `  Assistant: 3 listed, 1 unmanaged\n    - ${stray.id} "Sales bot", created ${stray.created_at}`,
    );
    expect(text.out).toContain(`        adopt:  new invent.Assistant("…", { adoptId: "${stray.id}", … })`);
    expect(text.out).toMatch(/3 objects in the org are in no stack's state\.\n$/);
  });

  test("a listing that fails is 'could not check' (exit 3), never 'nothing unmanaged'", async () => {
    const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Support" });
    const prod = state("prod", [{ type: "Assistant", id: a.id }]);
    await h.control.failNext({ route: "GET /orgs/:org_id/connections", status: 503, count: 20 });
    const { code, report, out } = await audit(["--state", prod, "--json"]);
    expect(code).toBe(3);
    const connection = report!.orgs[0].kinds.find((k) => k.kind === "Connection")!;
    expect(connection).toMatchObject({ unmanaged: [], couldNotCheck: expect.stringMatching(/503/) });
    expect(connection.listed).toBeUndefined();
    expect(report!.couldNotCheck).toBe(1);
    void out;
    await h.control.clearFaults();
    // The assistants listing failing leaves their actions and channels unchecked too.
    await h.control.failNext({ route: "GET /orgs/:org_id/assistants", status: 503, count: 20 });
    const text = await audit(["--state", prod, "--fail-on-unmanaged"]);
    expect(text.code).toBe(3);
    expect(text.out).toMatch(/Assistant: COULD NOT CHECK: .*503/);
    expect(text.out).toContain("Action: COULD NOT CHECK: its Assistants could not be listed");
    expect(text.out).toMatch(/INCOMPLETE: 3 kinds could not be checked/);
  });

  test("several stacks of an agency's orgs: each org they use is listed once, by its own stacks' knowledge", async () => {
    const own = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Agency bot" });
    const client = await h.control.seedAssistant(SUB_ORG_ID, { name: "Client bot" });
    const clientStray = await h.control.seedAssistant(SUB_ORG_ID, { name: "Client stray" });
    const agency = state("agency", [{ type: "Assistant", id: own.id }]);
    const sub = state("client", [{ type: "Assistant", id: client.id, org: SUB_ORG_ID }]);
    const { code, report } = await audit(["--state", agency, "--state", sub, "--json"]);
    expect(code).toBe(0);
    expect(report!.orgs.map((o) => o.org)).toEqual(["c", SUB_ORG_ID]);
    expect(unmanagedIds(report)).toEqual([clientStray.id]);
    // `c` named by its id too is listed once.
    const both = await audit(["--state", agency, "--org", "c", "--org", AGENCY_ORG_ID, "--json"]);
    expect(both.report!.orgs.map((o) => o.org)).toEqual([AGENCY_ORG_ID]);
  });

  test("a stack with an unknown create outcome says an unmanaged object may be it", async () => {
    const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: "Maybe mine" });
    const prod = state("prod", [{ type: "Assistant", id: "unknown-outcome-abc123" }]);
    const { out } = await audit(["--state", prod]);
    expect(out).toContain(`- ${a.id} "Maybe mine"`);
    expect(out).toMatch(
      /Stack .*prod\.json has 1 create whose outcome is unknown \(r0\): an unmanaged object above may be one of them/,
    );
  });

  test("bad options are refused naming them (the command exits 2 with its usage)", async () => {
    await expect(audit(["--stat", "x"])).rejects.toThrow(/Unknown option '--stat'/);
    await expect(audit(["--state", join(dir, "missing.json")])).rejects.toThrow(
      /--state .*missing\.json: not a readable/,
    );
    await expect(audit(["--state", state("x", []), "--org", "acme"])).rejects.toThrow(/--org must be "c"/);
  });

  test("an org of 100 assistants (two actions and a channel each): the audit costs 3 calls", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const a = await h.control.seedAssistant(AGENCY_ORG_ID, { name: `Bot ${i}` });
      await h.control.seedAction(AGENCY_ORG_ID, { assistant_id: a.id });
      await h.control.seedAction(AGENCY_ORG_ID, { assistant_id: a.id });
      await h.control.seedChannel(AGENCY_ORG_ID, { assistant_id: a.id });
      if (i % 10) ids.push(a.id);
    }
    const prod = state(
      "fleet",
      ids.map((id) => ({ type: "Assistant", id })),
    );
    await h.control.resetRequests();
    const started = Date.now();
    const { report } = await audit(["--state", prod, "--json"]);
    const ms = Date.now() - started;
    expect(await h.calls()).toEqual({
      "GET /orgs/:org_id/assistants": 1,
      "GET /orgs/:org_id/connections": 1,
      "GET /orgs/:org_id/knowledge/contents": 1,
      "GET /orgs/:org_id/orgs": 1,
      "GET /orgs/:org_id/segments": 1,
    });
    expect(report!.orgs[0].calls).toBe(5);
    const count = (kind: string) => report!.orgs[0].kinds.find((k) => k.kind === kind)!.unmanaged.length;
    expect([count("Assistant"), count("Action"), count("Channel")]).toEqual([10, 200, 100]);
    console.log(
      `audit of an org of 100 assistants (+200 actions, 100 channels): 3 API calls, ${ms} ms in-process`,
    );
  });
});
