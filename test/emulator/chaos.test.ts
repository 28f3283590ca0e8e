/** The seeded fault mode ("chaos"), exercised over real HTTP on loopback. */
import { CHAOS_5XX_STATUSES, faultFor, mulberry32 } from "./chaos";
import { FAULT_KINDS, type ChaosSpec, type FaultKind, type SettingsReport } from "./control";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, type RunningEmulator } from "./server";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(async () => {
  await emu.control.reset();
});

/** What the client saw: the HTTP status, or "reset" when the connection was dropped. */
type Outcome = number | "reset";

async function call(
  target: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ outcome: Outcome; headers?: Headers }> {
  try {
    const res = await fetch(target.url + path, {
      method,
      headers: { authorization: `Bearer ${AGENCY_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return { outcome: res.status, headers: res.headers };
  } catch {
    return { outcome: "reset" };
  }
}

/** A fixed mix of reads and writes that does not depend on the answers. */
async function workload(target: RunningEmulator, n: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    const step =
      i % 3 === 0
        ? call(target, "POST", "/orgs/c/connections", { type: "MCP", name: `m${i}`, config: { url: "u" } })
        : call(target, "GET", i % 3 === 1 ? "/orgs/c/connections" : "/orgs/c/assistants");
    outcomes.push((await step).outcome);
  }
  return outcomes;
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

async function settingsReport(): Promise<SettingsReport> {
  return (await fetch(`${emu.url}/_emulator/settings`)).json() as Promise<SettingsReport>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postSettings(body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emu.url}/_emulator/settings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("the PRNG and the draw", () => {
  it("mulberry32 is a pure function of the seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it("faults about `rate` of the draws, spread evenly over the kinds and the 5xx statuses", () => {
    const next = mulberry32(1);
    const kinds: Record<string, number> = {};
    const statuses: Record<number, number> = {};
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const f = faultFor(next(), 0.2, FAULT_KINDS);
      if (!f?.kind) continue;
      kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
      if (f.kind.startsWith("5xx")) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
    }
    expect(total(kinds) / n).toBeCloseTo(0.2, 1);
    for (const kind of FAULT_KINDS) expect(kinds[kind] / total(kinds)).toBeCloseTo(1 / FAULT_KINDS.length, 1);
    for (const status of CHAOS_5XX_STATUSES) expect(statuses[status] / total(statuses)).toBeCloseTo(1 / 3, 1);
    expect(faultFor(0, 0, FAULT_KINDS)).toBeUndefined();
    expect(faultFor(0.999999, 1, ["reset-after"])).toMatchObject({ dropConnection: true, afterCommit: true });
  });
});

describe("chaos", () => {
  it("is deterministic: two emulators with the same seed answer the same sequence", async () => {
    const other = await startEmulator();
    try {
      const spec: ChaosSpec = { seed: 42, rate: 0.5 };
      await emu.control.chaos(spec);
      await other.control.chaos(spec);
      const mine = await workload(emu, 60);
      const theirs = await workload(other, 60);
      expect(theirs).toEqual(mine);
      expect(new Set(mine).size).toBeGreaterThan(2); // a mix, not all one outcome
      expect(await other.control.faultCounts()).toEqual(await emu.control.faultCounts());
      const faultsOf = async (e: RunningEmulator) =>
        (await e.control.requestLog()).map((x) => x.fault ?? null);
      expect(await faultsOf(other)).toEqual(await faultsOf(emu));
      // The same creates were committed (ids are random, names are not).
      const names = async (e: RunningEmulator) => (await e.control.connections()).map((c) => c.name);
      expect(await names(other)).toEqual(await names(emu));

      // Another seed, another sequence; the same seed set again restarts it.
      await other.control.chaos({ seed: 43, rate: 0.5 });
      expect(await workload(other, 60)).not.toEqual(mine);
      await other.control.chaos(spec);
      expect(await workload(other, 60)).toEqual(mine);
    } finally {
      await other.stop();
    }
  });

  it("rate 0 faults nothing, but still draws for every API request and none for control calls", async () => {
    const report = await emu.control.chaos({ seed: 1, rate: 0 });
    expect(report).toEqual({ seed: 1, rate: 0, kinds: [...FAULT_KINDS], draws: 0 });
    expect(await workload(emu, 30)).toEqual(Array(30).fill(200));
    expect(await emu.control.faultCounts()).toEqual({
      "429": 0,
      "5xx-before": 0,
      "5xx-after": 0,
      "reset-before": 0,
      "reset-after": 0,
    });
    expect((await emu.control.requestLog()).some((e) => e.injected)).toBe(false);
    await emu.control.state();
    expect((await settingsReport()).chaos?.draws).toBe(30);
  });

  it("rate 1 faults every request, counting each kind as the log shows it", async () => {
    await emu.control.chaos({ seed: 7, rate: 1 });
    const outcomes = await workload(emu, 60);
    for (const o of outcomes) expect([429, ...CHAOS_5XX_STATUSES, "reset"]).toContain(o);
    const counts = await emu.control.faultCounts();
    expect(total(counts)).toBe(60);
    for (const kind of FAULT_KINDS) expect(counts[kind]).toBeGreaterThan(0);

    const log = await emu.control.requestLog();
    expect(log.every((e) => e.injected && e.fault)).toBe(true);
    const tally: Record<string, number> = {};
    for (const e of log) tally[e.fault as FaultKind] = (tally[e.fault as FaultKind] ?? 0) + 1;
    expect(tally).toEqual(counts);
    // The client saw what the log says: a dropped connection for resets, the status otherwise.
    expect(log.map((e) => (e.status === 0 ? "reset" : e.status))).toEqual(outcomes);
    expect(log.filter((e) => e.fault === "429").every((e) => e.status === 429)).toBe(true);

    await emu.control.resetRequests();
    expect(total(await emu.control.faultCounts())).toBe(0);
    expect((await settingsReport()).chaos).toMatchObject({ seed: 7, rate: 1, draws: 60 }); // still on
  });

  it("429 carries Retry-After: 1 when retryAfterSeconds is on", async () => {
    await emu.control.chaos({ seed: 3, rate: 1, kinds: ["429"] });
    const limited = await call(emu, "GET", "/orgs/c/assistants");
    expect(limited.outcome).toBe(429);
    expect(limited.headers?.get("retry-after")).toBe("1");
    await emu.control.settings({ retryAfterSeconds: false });
    const bare = await call(emu, "GET", "/orgs/c/assistants");
    expect(bare.outcome).toBe(429);
    expect(bare.headers?.get("retry-after")).toBeNull();
  });

  it("-after kinds commit the change the client never hears of; -before kinds do not", async () => {
    const create = (name: string) => call(emu, "POST", "/orgs/c/assistants", { name });

    await emu.control.chaos({ seed: 1, rate: 1, kinds: ["5xx-before", "reset-before"] });
    for (let i = 0; i < 6; i++)
      expect([...CHAOS_5XX_STATUSES, "reset"]).toContain((await create("no")).outcome);
    expect(await emu.control.assistants()).toEqual([]);

    await emu.control.chaos({ seed: 1, rate: 1, kinds: ["5xx-after"] });
    expect(CHAOS_5XX_STATUSES).toContain((await create("lost answer")).outcome);
    await emu.control.chaos({ seed: 1, rate: 1, kinds: ["reset-after"] });
    expect((await create("lost connection")).outcome).toBe("reset");
    expect((await emu.control.assistants(AGENCY_ORG_ID)).map((a) => a.name)).toEqual([
      "lost answer",
      "lost connection",
    ]);
    expect(await emu.control.faultCounts()).toMatchObject({ "5xx-after": 1, "reset-after": 1 });
  });

  it("failNext takes precedence and is not counted as a chaos fault", async () => {
    await emu.control.chaos({ seed: 5, rate: 1, kinds: ["reset-before"] });
    await emu.control.failNext({ status: 418 });
    expect((await call(emu, "GET", "/orgs/c/assistants")).outcome).toBe(418);
    expect((await call(emu, "GET", "/orgs/c/assistants")).outcome).toBe("reset");
    expect(await emu.control.faultCounts()).toMatchObject({ "reset-before": 1 });
    const log = await emu.control.requestLog();
    expect(log.map((e) => [e.status, e.injected, e.fault])).toEqual([
      [418, true, undefined],
      [0, true, "reset-before"],
    ]);
  });

  it("null and reset switch it off; reset also clears the counts", async () => {
    await emu.control.chaos({ seed: 9, rate: 1, kinds: ["5xx-before"] });
    expect(CHAOS_5XX_STATUSES).toContain((await call(emu, "GET", "/orgs/c/assistants")).outcome);
    expect(await emu.control.chaos(null)).toBeNull();
    expect((await call(emu, "GET", "/orgs/c/assistants")).outcome).toBe(200);

    await emu.control.chaos({ seed: 9, rate: 1 });
    await call(emu, "GET", "/orgs/c/assistants");
    // Switching chaos off and on again keeps the counts: only the two resets clear them.
    expect(total(await emu.control.faultCounts())).toBe(2);
    await emu.control.reset();
    expect((await settingsReport()).chaos).toBeNull();
    expect(total(await emu.control.faultCounts())).toBe(0);
    expect((await call(emu, "GET", "/orgs/c/assistants")).outcome).toBe(200);
  });

  it("refuses a bad spec with 400 naming each problem, and changes nothing", async () => {
    const bad = await postSettings({
      softDelete: false,
      chaos: { seed: 1.5, rate: 2, kinds: ["boom"], extra: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(bad.json.message).toEqual([
      "chaos.extra is not a chaos option",
      "chaos.seed must be an integer",
      "chaos.rate must be a number from 0 to 1",
      `chaos.kinds must be a non-empty array of: ${FAULT_KINDS.join(", ")}`,
    ]);
    const cases: [unknown, string][] = [
      ["on", "chaos must be an object {seed, rate, kinds?} or null"],
      [{ rate: 0.1 }, "chaos.seed must be an integer"],
      [{ seed: 1 }, "chaos.rate must be a number from 0 to 1"],
      [{ seed: 1, rate: "0.5" }, "chaos.rate must be a number from 0 to 1"],
      [{ seed: 1, rate: -0.1 }, "chaos.rate must be a number from 0 to 1"],
      [
        { seed: 1, rate: 0.1, kinds: [] },
        `chaos.kinds must be a non-empty array of: ${FAULT_KINDS.join(", ")}`,
      ],
      [
        { seed: 1, rate: 0.1, kinds: "429" },
        `chaos.kinds must be a non-empty array of: ${FAULT_KINDS.join(", ")}`,
      ],
      [{ seed: 1, rate: 0.1, kinds: ["429", "429"] }, "chaos.kinds must not repeat a kind"],
    ];
    for (const [chaos, message] of cases) {
      const res = await postSettings({ chaos });
      expect({ chaos, status: res.status, message: res.json.message }).toEqual({
        chaos,
        status: 400,
        message: [message],
      });
    }
    const report = await settingsReport();
    expect(report.chaos).toBeNull();
    expect(report.settings.softDelete).toBe(true);
    await expect(emu.control.chaos({ seed: 1, rate: 1.5 })).rejects.toThrow(/400/);
  });
});
