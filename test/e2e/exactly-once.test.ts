/**
 * Exactly-once creation through the real Pulumi CLI, with the emulator's fault injection: the reproductions of
 * the bugs it fixed (a wrong object adopted, an unknown outcome forgotten and then duplicated) and the cases
 * around them. Each test runs on a stack of its own over one installed fleet project.
 */
import { join } from "node:path";
import { packedLibrary, PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../emulator/server";

jest.setTimeout(300_000);

const POST = "POST /orgs/:org_id/assistants";
const LIST = "GET /orgs/:org_id/assistants";

let emulator: RunningEmulator;
let project: PulumiProject;
let stacks = 0;

beforeAll(async () => {
  emulator = await startEmulator();
  project = await PulumiProject.create(join(__dirname, "fixtures/fleet"), await packedLibrary());
}, 600_000);
afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});
beforeEach(() => emulator.control.reset());

interface Fleet {
  assistants?: { key: string; name: string; instructions?: string }[];
  connections?: { key: string; type: string; name?: string; credential: string }[];
}

/** A new stack of the fleet project declaring `fleet`. */
async function stack(fleet: Fleet, credentials: Record<string, string> = {}) {
  await project.init(
    `s${++stacks}`,
    { "invent:baseUrl": emulator.url, fleet: JSON.stringify(fleet) },
    { "invent:apiKey": AGENCY_KEY, credentials: JSON.stringify(credentials) },
  );
}
const declare = (fleet: Fleet) => project.ok(["config", "set", "fleet", JSON.stringify(fleet)]);
const live = async () => (await emulator.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);
const stateIds = async () =>
  (await project.resources()).filter((r) => r.type.includes("invent:")).map((r) => String(r.id));

test("reproduction 1: a second same-named assistant with a 503 on its create is made, not merged into the first", async () => {
  const twinA = { key: "twin-a", name: "Support", instructions: "Twin A." };
  await stack({ assistants: [twinA] });
  await project.up();
  await declare({ assistants: [twinA, { key: "twin-b", name: "Support", instructions: "Twin B." }] });
  await emulator.control.failNext({ route: POST, status: 503 });
  const res = await project.up();
  expect(res.output).toMatch(/the failed request made nothing; sending it again/);
  const outs = (await project.outputs()).assistants as Record<string, string>;
  expect(outs["twin-a"]).not.toBe(outs["twin-b"]);
  expect((await live()).map((a) => a.config.instructions).sort()).toEqual(["Twin A.", "Twin B."]);
  expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
  await project.destroy();
  expect(await live()).toEqual([]);
});

test("reproduction 2: a 503, then a lost answer on the re-send: one object, recorded in state, no duplicate later", async () => {
  await stack({ assistants: [{ key: "support", name: "Support" }] });
  await emulator.control.failNext({ route: POST, status: 503 });
  await emulator.control.failNext({ route: POST, status: 502, afterCommit: true });
  const res = await project.up();
  expect(res.output).toMatch(/the failed request did create ast_\w+; using it/);
  expect((await live()).map((a) => a.id)).toEqual(await stateIds());
  await project.up();
  expect(await live()).toHaveLength(1);
  await project.destroy();
  expect(await live()).toEqual([]);
});

test("an assistant made by hand with the same name is never taken over, even after a 503", async () => {
  const theirs = await emulator.control.seedAssistant(AGENCY_ORG_ID, {
    name: "Support",
    config: { instructions: "Made by hand." },
  });
  await stack({ assistants: [{ key: "support", name: "Support", instructions: "From code." }] });
  await emulator.control.failNext({ route: POST, status: 503 });
  const res = await project.up();
  expect(res.output).toMatch(/already has an object with this name/);
  const [ours] = await stateIds();
  expect(ours).not.toBe(theirs.id);
  await project.destroy();
  const left = await live();
  expect(left.map((a) => [a.id, a.config.instructions])).toEqual([[theirs.id, "Made by hand."]]);
});

test("two STRIPE connections named Billing (test and live keys) stay two under a 503", async () => {
  await stack(
    {
      connections: [
        { key: "billing-test", type: "STRIPE", name: "Billing", credential: "test" },
        { key: "billing-live", type: "STRIPE", name: "Billing", credential: "live" },
      ],
    },
    { test: "sk_test_billing_aaaa1111", live: "sk_test_billing_bbbb2222" },
  );
  await emulator.control.failNext({ route: "POST /orgs/:org_id/connections", status: 503 });
  await project.up();
  const stored = await emulator.control.connections(AGENCY_ORG_ID);
  expect(stored.map((c) => c.config.api_key).sort()).toEqual([
    "sk_test_billing_aaaa1111",
    "sk_test_billing_bbbb2222",
  ]);
  expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
  await project.destroy();
  expect(await emulator.control.connections(AGENCY_ORG_ID)).toEqual([]);
});

describe("an unknown outcome is recorded, refused until resolved, and resolved by refresh", () => {
  beforeEach(async () => {
    await stack({ assistants: [{ key: "support", name: "Support", instructions: "From code." }] });
    // The answer is lost after the server acted, and the verifying listing fails through all its retries.
    await emulator.control.failNext({ route: POST, status: 502, afterCommit: true });
    await emulator.control.failNext({ route: LIST, status: 500, count: 6, skip: 1 });
  });

  test("up fails saying so; preview and up refuse until refresh; refresh records the one object", async () => {
    const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/Assistant "Support": the outcome of the create is unknown/);
    expect(failed.output).toMatch(/run `pulumi refresh`/);
    const [made] = await live();
    expect(await stateIds()).toEqual([expect.stringMatching(/^unknown-outcome-/)]);

    await emulator.control.resetRequests();
    const preview = await project.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/outcome is still unknown .*Run `pulumi refresh`/);
    const again = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(again.code).not.toBe(0);
    expect(await emulator.control.count(POST)).toBe(0);

    expect((await project.refresh()).code).toBe(0);
    expect(await stateIds()).toEqual([made.id]);
    expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
    expect(await live()).toHaveLength(1);
    await project.destroy();
    expect(await live()).toEqual([]);
  });

  test("up --refresh resolves it in one command", async () => {
    expect((await project.pulumi(["up", "--yes", "--skip-preview"])).code).not.toBe(0);
    await project.up(["--refresh"]);
    expect(await stateIds()).toEqual((await live()).map((a) => a.id));
    expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    await project.destroy();
  });

  test("destroy deletes the object the unknown create made: nothing is left behind", async () => {
    expect((await project.pulumi(["up", "--yes", "--skip-preview"])).code).not.toBe(0);
    expect(await live()).toHaveLength(1);
    await project.destroy();
    expect(await live()).toEqual([]);
  });
});
