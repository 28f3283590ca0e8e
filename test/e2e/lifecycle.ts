/**
 * The acceptance lifecycle of one example, through the real Pulumi CLI against the emulator, in the spirit of
 * terraform-plugin-framework's acceptance steps: apply, plan is empty, refresh is empty, update in place,
 * replace, drift (edit and deletion), destroy check, plus a secrets audit over everything the CLI printed and
 * stored. API calls per step come from the emulator's counters and are written to a report.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packedLibrary, PulumiProject, REPO } from "../../scripts/lib/pulumi-project";
import { ApiRoute, ChaosSpec } from "../emulator/control";
import { AGENCY_KEY, EmulatorOptions, RunningEmulator, startEmulator } from "../emulator/server";

export interface LifecycleCase {
  example: string;
  /** Name of the report (and the describe block) when the example runs more than once. Default `example`. */
  report?: string;
  /** Settings the emulator starts with (e.g. `OTHER_SHAPES`). */
  emulator?: EmulatorOptions;
  /** Rate-limit faults at random for the whole run: answered 429s are counted apart from the calls of a step. */
  chaos?: ChaosSpec;
  /** Stack config beside invent:apiKey / invent:baseUrl. */
  config: Record<string, string>;
  secrets?: Record<string, string>;
  /** Dynamic resources the program declares. */
  resources: number;
  /** A change applied in place: one call of `route`, nothing else written. */
  inPlace: { key: string; value: string; route: ApiRoute };
  /** A change that replaces one resource: one create and one delete of its kind (and `alsoWrites` it causes). */
  replacing: {
    key: string;
    value: string;
    creates: ApiRoute;
    deletes: ApiRoute;
    alsoWrites?: Record<string, number>;
  };
  /** Writes of the `up` after the drift assistant was deleted by hand. Default: one assistant POST. */
  recreateWrites?: Record<string, number>;
  /** Stack output holding the id of the assistant the drift steps edit and delete. */
  driftAssistantOutput: string;
  /** Extra steps after the standard ones (before destroy). */
  extra?: (t: LifecycleContext) => void;
  /** Plain-text values that must never appear in state or CLI output. */
  secretValues?: string[];
  /** Writes of the first `up`, by route. Default: one POST per resource. */
  createWrites?: Record<string, number>;
  /** DELETE calls of `destroy`. Default: one per resource. */
  destroyDeletes?: number;
  /** More steps, as data: each sets stack config, runs `up`, and expects exactly these writes. */
  steps?: LifecycleStep[];
  /**
   * Objects made outside the stack before it starts (as in the dashboard: a browser-only connection the
   * program binds by lookup); returns their ids, which destroy must leave alone.
   */
  seed?: (emulator: RunningEmulator) => Promise<string[]>;
  /** After every step's `up`, a refresh must find no changes too (besides the clean preview). */
  refreshAfterEachStep?: boolean;
  /** Text the final `destroy` must print (what it says of objects the API cannot delete). */
  destroyOutput?: string[];
}

/** One declared step of the lifecycle: a config change, the writes `up` must make, then a clean preview. */
export interface LifecycleStep {
  name: string;
  config: Record<string, string>;
  writes: Record<string, number>;
  /** Text the `up` output must contain (e.g. "1 replaced"). */
  output?: string;
}

export interface LifecycleContext {
  project: () => PulumiProject;
  emulator: () => RunningEmulator;
  /** Runs an action and returns the API calls it made (route → count). */
  callsOf: (action: () => Promise<unknown>) => Promise<Record<string, number>>;
}

const writesOnly = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([route, n]) => n > 0 && !route.startsWith("GET")));

export function lifecycle(c: LifecycleCase): void {
  let emulator: RunningEmulator;
  let project: PulumiProject;
  let seeded: string[] = [];
  const printed: string[] = [];
  const report: { step: string; ms: number; calls: Record<string, number>; rateLimited: number }[] = [];
  const name = c.report ?? c.example;
  /** Bytes of each resource in `pulumi stack export`, and of its `__provider` stub. */
  const stateBytes: Record<string, { resource: number; provider: number }> = {};

  async function step(name: string, action: () => Promise<{ output: string; ms: number }>) {
    await emulator.control.resetRequests();
    const res = await action();
    printed.push(res.output);
    // A request answered 429 was not processed: it is counted apart (the client waited and sent it again).
    const counts: Record<string, number> = {};
    let rateLimited = 0;
    for (const r of await emulator.control.requestLog())
      if (r.status === 429) rateLimited++;
      else counts[r.route] = (counts[r.route] ?? 0) + 1;
    report.push({ step: name, ms: res.ms, calls: counts, rateLimited });
    return { ...res, calls: counts };
  }

  const ctx: LifecycleContext = {
    project: () => project,
    emulator: () => emulator,
    callsOf: async (action) =>
      (
        await step("extra", async () => {
          const started = Date.now();
          const r = (await action()) as { output?: string };
          return { output: r?.output ?? "", ms: Date.now() - started };
        })
      ).calls,
  };

  /** After an `up`: preview shows no changes (and refresh finds none, when the case asks). */
  async function expectClean() {
    expect((await project.preview(["--expect-no-changes"])).code).toBe(0);
    if (c.refreshAfterEachStep) expect((await project.refresh(["--expect-no-changes"])).code).toBe(0);
  }

  async function driftTarget() {
    const id = String((await project.outputs())[c.driftAssistantOutput]);
    const stored = (await emulator.control.state()).assistants.find((a) => a.id === id && !a.deleted);
    if (!stored) throw new Error(`assistant ${id} is not in the emulator`);
    return stored;
  }

  describe(`lifecycle of examples/${c.example}${c.report ? ` (${c.report})` : ""} (real Pulumi CLI, emulator)`, () => {
    beforeAll(async () => {
      emulator = await startEmulator(c.emulator);
      seeded = (await c.seed?.(emulator)) ?? [];
      if (c.chaos) await emulator.control.chaos(c.chaos);
      project = await PulumiProject.create(join(REPO, "examples", c.example), await packedLibrary());
      await project.init(
        "e2e",
        { "invent:baseUrl": emulator.url, ...c.config },
        { "invent:apiKey": AGENCY_KEY, ...c.secrets },
      );
    }, 600_000);

    afterAll(async () => {
      const dir = join(tmpdir(), "pulumi-invent-e2e-report");
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `${name}.json`),
        JSON.stringify({ report, stateBytes, history: project?.history }, null, 2),
      );
      const total = (r: (typeof report)[number]) => Object.values(r.calls).reduce((a, b) => a + b, 0);
      console.log(
        `${name}: ` +
          report
            .map(
              (r) =>
                `${r.step} ${(r.ms / 1000).toFixed(1)}s, ${total(r)} calls${r.rateLimited ? ` + ${r.rateLimited} × 429 absorbed` : ""} ` +
                JSON.stringify(writesOnly(r.calls)),
            )
            .join("\n  ") +
          `\n  state bytes per resource: ${JSON.stringify(stateBytes)}`,
      );
      project?.remove();
      await emulator?.stop();
    });

    test("preview shows the creations and writes nothing", async () => {
      const { output, calls } = await step("preview", () => project.preview());
      expect(output).toContain(`+ ${c.resources + 1} to create`);
      expect(writesOnly(calls)).toEqual({});
    });

    test("up creates every resource with the expected writes (one POST each unless declared)", async () => {
      const { calls } = await step("up (create)", () => project.up());
      if (c.createWrites) {
        expect(writesOnly(calls)).toEqual(c.createWrites);
        return;
      }
      const posts = Object.entries(calls)
        .filter(([r]) => r.startsWith("POST"))
        .reduce((n, [, k]) => n + k, 0);
      expect(posts).toBe(c.resources);
      expect(Object.keys(writesOnly(calls)).every((r) => r.startsWith("POST"))).toBe(true);
    });

    test("a second preview shows no changes", async () => {
      const res = await step("preview (clean)", () => project.preview(["--expect-no-changes"]));
      expect(res.output).not.toMatch(/to update|to replace|to create/);
      expect(writesOnly(res.calls)).toEqual({});
    });

    test("refresh finds no changes", async () => {
      const res = await step("refresh (clean)", () => project.refresh(["--expect-no-changes"]));
      expect(res.output).toMatch(/unchanged/);
      expect(writesOnly(res.calls)).toEqual({});
    });

    test("an in-place change is exactly one write, no replacement", async () => {
      await project.ok(["config", "set", c.inPlace.key, c.inPlace.value]);
      const { output, calls } = await step("up (in place)", () => project.up());
      expect(writesOnly(calls)).toEqual({ [c.inPlace.route]: 1 });
      expect(output).toContain("1 updated");
      await expectClean();
    });

    test("a replacing change creates the new object, then deletes the old one", async () => {
      await project.ok(["config", "set", c.replacing.key, c.replacing.value]);
      const { output, calls } = await step("up (replace)", () => project.up());
      expect(writesOnly(calls)).toEqual({
        [c.replacing.creates]: 1,
        [c.replacing.deletes]: 1,
        ...c.replacing.alsoWrites,
      });
      expect(output).toContain("1 replaced");
      await expectClean();
    });

    test("drift: an out-of-band edit is found by refresh and reverted by the next up", async () => {
      const before = await driftTarget();
      await emulator.control.editAssistant(before.org_id, before.id, { name: "Renamed in the dashboard" });
      const refreshed = await step("refresh (drift)", () => project.refresh());
      expect(refreshed.output).toContain("Renamed in the dashboard");
      expect((await project.preview(["--expect-no-changes"])).code).not.toBe(0);
      const { calls } = await step("up (revert drift)", () => project.up());
      expect(writesOnly(calls)).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
      expect((await driftTarget()).name).toBe(before.name);
      await expectClean();
    });

    test("drift: an out-of-band deletion is dropped by refresh and recreated by up", async () => {
      const before = await driftTarget();
      await emulator.control.deleteAssistant(before.org_id, before.id);
      const refreshed = await step("refresh (deleted)", () => project.refresh());
      expect(refreshed.output).toMatch(/deleted/);
      const { calls } = await step("up (recreate)", () => project.up());
      expect(writesOnly(calls)).toEqual(c.recreateWrites ?? { "POST /orgs/:org_id/assistants": 1 });
      const after = await driftTarget();
      expect(after.id).not.toBe(before.id);
      expect(after.name).toBe(before.name);
      await expectClean();
    });

    for (const s of c.steps ?? []) {
      test(`step: ${s.name}`, async () => {
        for (const [k, v] of Object.entries(s.config)) await project.ok(["config", "set", k, v]);
        const { output, calls } = await step(s.name, () => project.up());
        expect(writesOnly(calls)).toEqual(s.writes);
        if (s.output) expect(output).toContain(s.output);
        await expectClean();
      });
    }

    if (c.extra) c.extra(ctx);

    test("secrets audit: no key, minted secret or credential in plain text in state or CLI output", async () => {
      const state = await project.exportText();
      const minted = (await emulator.control.state()).assistants
        .map((a) => a.secret_key)
        .filter((k): k is string => !!k);
      const text = [state, ...printed].join("\n");
      for (const secret of [AGENCY_KEY, ...minted, ...(c.secretValues ?? [])]) {
        expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
      }
      // What the README says state holds: Pulumi records the stack config as the inputs of the dynamic path's
      // default provider, the key among it, encrypted; no Invent resource holds any setting.
      const resources: { type: string; inputs: Record<string, unknown> }[] =
        JSON.parse(state).deployment.resources;
      const provider = resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
      expect(provider?.inputs["invent:apiKey"]).toEqual({
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        ciphertext: expect.any(String),
      });
      for (const r of resources.filter((x) => x.type.includes("invent:")))
        expect(JSON.stringify(r.inputs)).not.toMatch(/invent:(apiKey|baseUrl|orgId)/);
      for (const r of JSON.parse(state).deployment.resources.filter((x: { type: string }) =>
        x.type.includes("invent:"),
      )) {
        stateBytes[r.urn.split("::").pop()] = {
          resource: JSON.stringify(r).length,
          provider: String(r.inputs.__provider).length,
        };
        expect(String(r.inputs.__provider).length).toBeLessThanOrEqual(1024); // 707-708 bytes today
        expect(String(r.inputs.__provider)).toContain('require("pulumi-invent/runtime")');
      }
    });

    test("destroy leaves nothing of the stack in the emulator", async () => {
      const ids = (await project.resources()).filter((r) => r.type.includes("invent:")).map((r) => r.id);
      const { calls, output } = await step("destroy", () => project.destroy());
      for (const text of c.destroyOutput ?? []) expect(output).toContain(text);
      const deletes = Object.entries(calls)
        .filter(([r]) => r.startsWith("DELETE"))
        .reduce((n, [, k]) => n + k, 0);
      expect(deletes).toBe(c.destroyDeletes ?? c.resources);
      const state = await emulator.control.state();
      const alive = [...state.assistants.filter((a) => !a.deleted), ...state.connections].filter((o) =>
        ids.includes(o.id),
      );
      expect(alive).toEqual([]);
      expect([
        ...state.assistants.filter((a) => !a.deleted),
        ...state.connections.filter((o) => !seeded.includes(o.id)),
        ...state.actions,
        ...state.channels,
        ...state.knowledgeContents,
        ...state.knowledgeLinks,
      ]).toEqual([]);
    });
  });
}
