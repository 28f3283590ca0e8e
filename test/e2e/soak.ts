/**
 * The seeded fault suite: a stack of assistants and connections driven through the real Pulumi CLI while the
 * emulator injects faults at a fixed rate from a fixed seed (429s, 5xx and resets, before and after the server
 * acts). Each run goes up (faults) → up (clean, until converged) → clean preview and refresh → update (faults)
 * → converge → destroy (faults) → destroy (clean), and counts what must never happen: duplicates, orphans,
 * lost objects, and anything left after destroy.
 *
 * Used by fault-suite.test.ts (a few seeds in `npm test`) and scripts/soak.ts (`npm run soak -- --seeds N`).
 */
import { join } from "node:path";
import { PulumiProject, RunResult } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, AGENCY_ORG_ID, RunningEmulator } from "../emulator/server";

/** Stack config `fleet` of the fixture program (test/e2e/fixtures/fleet). */
export interface Fleet {
  assistants: { key: string; name: string; instructions: string }[];
  connections: { key: string; type: string; name: string; credential: string }[];
}

export const FLEET_FIXTURE = join(__dirname, "fixtures/fleet");

/** Four assistants and three connections, each with content of its own; `version` changes every value. */
export function fleet(version: number): Fleet {
  return {
    assistants: ["sales", "support", "billing", "returns"].map((k) => ({
      key: k,
      name: `${k[0].toUpperCase()}${k.slice(1)}`,
      instructions: `You help with ${k}. Version ${version}.`,
    })),
    connections: [
      { key: "stripe-test", type: "STRIPE", name: `Billing test v${version}`, credential: "stripeTest" },
      { key: "stripe-live", type: "STRIPE", name: `Billing live v${version}`, credential: "stripeLive" },
      { key: "resend", type: "RESEND", name: `Mail v${version}`, credential: "resend" },
    ],
  };
}

/** Credentials of the fleet: shaped like keys, never real. */
export const CREDENTIALS = {
  stripeTest: "sk_test_soak_aaaa0001",
  stripeLive: "sk_test_soak_bbbb0002",
  resend: "re_test_soak_cccc0003",
};

/** What one seed's run found. Every count but `requests`, `faults` and `ups` must be zero. */
export interface SoakResult {
  seed: number;
  rate: number;
  /** API requests the emulator answered (faulted ones included). */
  requests: number;
  /** Injected faults by kind. */
  faults: Record<string, number>;
  /** `up`s until the stack converged, per phase: create, update. */
  ups: { create: number; update: number };
  /** Destroys until nothing was left (the faulted one included). */
  destroys: number;
  /** Live objects beyond one per declared resource. */
  duplicates: number;
  /** Live objects that state does not hold. */
  orphans: number;
  /** Declared resources with no live object holding their declared content, or state ids with no live object. */
  lost: number;
  /** Live objects left after the final destroy. */
  leftAfterDestroy: number;
  /** Whether clean preview and refresh reported no changes after each convergence. */
  cleanAfterConverge: boolean;
  /** Problems, in words, for the report. */
  notes: string[];
}

/** How many clean `up --refresh` runs a phase may need before it counts as not converging. */
const MAX_CONVERGE_UPS = 4;

export async function soakSeed(
  emulator: RunningEmulator,
  project: PulumiProject,
  seed: number,
  rate: number,
): Promise<SoakResult> {
  const control = emulator.control;
  await control.reset();
  const notes: string[] = [];
  const result: SoakResult = {
    seed,
    rate,
    requests: 0,
    faults: {},
    ups: { create: 0, update: 0 },
    destroys: 0,
    duplicates: 0,
    orphans: 0,
    lost: 0,
    leftAfterDestroy: 0,
    cleanAfterConverge: true,
    notes,
  };
  await project.init(
    `soak-${seed}-${Date.now().toString(36)}`,
    { "invent:baseUrl": emulator.url, fleet: JSON.stringify(fleet(1)) },
    { "invent:apiKey": AGENCY_KEY, credentials: JSON.stringify(CREDENTIALS) },
  );
  let requests = 0;
  const faults: Record<string, number> = {};
  /** Runs `action` with chaos on, counting requests and faults. */
  const withFaults = async (action: () => Promise<RunResult>) => {
    await control.resetRequests();
    await control.chaos({ seed, rate });
    try {
      return await action();
    } finally {
      await control.chaos(null);
      requests += Object.values(await control.requestCounts()).reduce((a, b) => a + b, 0);
      for (const [k, n] of Object.entries(await control.faultCounts())) faults[k] = (faults[k] ?? 0) + n;
    }
  };
  const clean = async (action: () => Promise<RunResult>) => {
    await control.resetRequests();
    const res = await action();
    requests += Object.values(await control.requestCounts()).reduce((a, b) => a + b, 0);
    return res;
  };
  const up = (extra: string[] = []) => project.pulumi(["up", "--yes", "--skip-preview", ...extra]);

  /** Clean `up --refresh` until one succeeds; returns the number of ups including the faulted one. */
  async function converge(first: RunResult, phase: string): Promise<number> {
    let ups = 1;
    let last = first;
    while (last.code !== 0) {
      if (ups > MAX_CONVERGE_UPS) {
        notes.push(`${phase}: not converged after ${ups} ups: ${tail(last.output)}`);
        return ups;
      }
      last = await clean(() => up(["--refresh"]));
      ups++;
    }
    return ups;
  }

  async function audit(declared: Fleet, phase: string) {
    const state = (await project.resources()).filter((r) => r.type.includes("invent:"));
    const ids = new Set(state.map((r) => String(r.id)));
    const assistants = (await control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);
    const connections = await control.connections(AGENCY_ORG_ID);
    const liveIds = new Set([...assistants, ...connections].map((o) => o.id));
    for (const a of declared.assistants) {
      const n = assistants.filter(
        (x) => x.name === a.name && x.config.instructions === a.instructions,
      ).length;
      if (n === 0) notes.push(`${phase}: assistant ${a.key} lost`);
      result.lost += n === 0 ? 1 : 0;
      result.duplicates += Math.max(0, n - 1);
    }
    for (const c of declared.connections) {
      const want = CREDENTIALS[c.credential as keyof typeof CREDENTIALS];
      const n = connections.filter((x) => x.name === c.name && x.config.api_key === want).length;
      if (n === 0) notes.push(`${phase}: connection ${c.key} lost`);
      result.lost += n === 0 ? 1 : 0;
      result.duplicates += Math.max(0, n - 1);
    }
    const orphans = [...liveIds].filter((id) => !ids.has(id));
    const dangling = [...ids].filter((id) => !liveIds.has(id));
    if (orphans.length) notes.push(`${phase}: orphans ${orphans.join(", ")}`);
    if (dangling.length) notes.push(`${phase}: state ids with no live object ${dangling.join(", ")}`);
    result.orphans += orphans.length;
    result.lost += dangling.length;
    const preview = await clean(() => project.preview(["--expect-no-changes"]));
    const refresh = await clean(() => project.refresh(["--expect-no-changes"]));
    if (preview.code !== 0 || refresh.code !== 0) {
      result.cleanAfterConverge = false;
      notes.push(`${phase}: not clean: ${tail(preview.code !== 0 ? preview.output : refresh.output)}`);
    }
  }

  result.ups.create = await converge(await withFaults(() => up()), "create");
  await audit(fleet(1), "create");

  await project.ok(["config", "set", "fleet", JSON.stringify(fleet(2))]);
  result.ups.update = await converge(await withFaults(() => up()), "update");
  await audit(fleet(2), "update");

  let destroyed = await withFaults(() => project.pulumi(["destroy", "--yes", "--skip-preview"]));
  result.destroys = 1;
  while (destroyed.code !== 0 && result.destroys <= MAX_CONVERGE_UPS) {
    destroyed = await clean(() => project.pulumi(["destroy", "--yes", "--skip-preview", "--refresh"]));
    result.destroys++;
  }
  if (destroyed.code !== 0) notes.push(`destroy: failed: ${tail(destroyed.output)}`);
  const left = [
    ...(await control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted),
    ...(await control.connections(AGENCY_ORG_ID)),
  ];
  result.leftAfterDestroy = left.length;
  if (left.length) notes.push(`destroy: left ${left.map((o) => o.id).join(", ")}`);
  await project.pulumi(["stack", "rm", "--yes", "--force"]);
  result.requests = requests;
  result.faults = faults;
  return result;
}

function tail(output: string): string {
  return output.trim().split("\n").slice(-6).join(" | ");
}

/** The soak table, one row per seed and a total. */
export function soakTable(rows: SoakResult[]): string {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.faults)))].sort();
  const head = [
    "seed",
    "requests",
    ...kinds.map((k) => `faults ${k}`),
    "dup",
    "orphans",
    "lost",
    "left",
    "ups create/update",
    "destroys",
    "clean",
  ];
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const sum = (f: (r: SoakResult) => number) => rows.reduce((n, r) => n + f(r), 0);
  return [
    line(head),
    line(head.map(() => "---")),
    ...rows.map((r) =>
      line([
        r.seed,
        r.requests,
        ...kinds.map((k) => r.faults[k] ?? 0),
        r.duplicates,
        r.orphans,
        r.lost,
        r.leftAfterDestroy,
        `${r.ups.create}/${r.ups.update}`,
        r.destroys,
        r.cleanAfterConverge ? "yes" : "NO",
      ]),
    ),
    line([
      "total",
      sum((r) => r.requests),
      ...kinds.map((k) => sum((r) => r.faults[k] ?? 0)),
      sum((r) => r.duplicates),
      sum((r) => r.orphans),
      sum((r) => r.lost),
      sum((r) => r.leftAfterDestroy),
      `${sum((r) => r.ups.create)}/${sum((r) => r.ups.update)}`,
      sum((r) => r.destroys),
      rows.every((r) => r.cleanAfterConverge) ? "yes" : "NO",
    ]),
  ].join("\n");
}
