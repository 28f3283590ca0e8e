/**
 * `npm run bench [-- options]`: what users of large stacks wait for. The real Pulumi CLI runs the fixture
 * program test/bench/fixtures/many (N assistants) against the emulator through preview, up, a clean
 * preview, refresh, an up that edits every assistant's instructions, and destroy. For each step: wall time,
 * API calls by route, a plain undici script making the same calls (its whole-process wall time), and where
 * the time went (before the first API call, between the first and the last, after it; CPU of the engine, the
 * program and the provider). Then state bytes per resource, the `__provider` bytes, CPU per resource; one
 * size again with PULUMI_SKIP_CHECKPOINTS=true; one size at the API's real 500 requests/minute; and last the
 * in-process micro-benchmark (provider-vs-plain.ts, also `npm run bench:micro`). Prints figures, asserts
 * nothing. Not part of `npm test`.
 *
 * Options (all optional):
 *   --sizes 10,100,1000     stack sizes N, emulator limits raised, and the provider told so (default 10,100,1000)
 *   --parallel 8            `--parallel` of every pulumi command, and the baseline's concurrency (default 8:
 *                           the CLI's own default on a 2-core machine, 4 x cores)
 *   --limited-size 300      N of the run at the real 500 requests/minute (default 300: its up makes about
 *                           900 calls, so it waits for the limit and the next steps meet the server's 429s;
 *                           0 = none)
 *   --checkpoints-size 100  N run again with PULUMI_SKIP_CHECKPOINTS=true (default 100 when in sizes, else
 *                           the smallest; 0 = none)
 *   --step-timeout-min 30   a pulumi command running longer is killed and the run's later steps skipped
 *   --fronts dynamic,native the fronts run at each size (default both): `native` runs the same fixture on
 *                           pulumi-invent/native (the plugin installed from the packed package), raised limits,
 *                           checkpoints on, and is compared with the dynamic run of the same size
 *   --no-micro              skip the micro-benchmark
 *
 * How the figures are taken:
 * - CPU of the program and of the provider process: a `--require` preload (NODE_OPTIONS) in every Node
 *   process the CLI starts records `process.cpuUsage()` at exit (or at the SIGINT the engine stops plugins
 *   with); the fixture itself records when its own code starts and ends. CPU of the whole command: bash's
 *   `times` after `pulumi` exits (the command and every descendant it waited for); "engine & rest" is that
 *   minus the program and the provider.
 * - API calls and their span: the emulator's request counters and log (timestamps), reset before each step.
 * - The baseline (plain-calls.ts) is transpiled to JavaScript once and run with plain `node`, against objects
 *   of its own in another org; only at raised limits (at 500/min the floor column says what the limit
 *   allows).
 * - Temp dirs (the project, its file backend, probes) are removed at the end, on failure and on Ctrl-C.
 */
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transpileModule, ModuleKind, ScriptTarget } from "typescript";
import { packedLibrary, PulumiProject, REPO } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, RunningEmulator, startEmulator, SUB_ORG_ID } from "../emulator/server";
import type { EmulatorSettings, RequestLogEntry } from "../emulator/control";
import type { PlainJob } from "./plain-calls";
import { installPlugin } from "../e2e/native";

const FIXTURE = join(__dirname, "fixtures/many");
const RAISED: Partial<EmulatorSettings> = {
  requestsPerMinute: 1_000_000,
  assistantCreatesPerHour: 1_000_000,
};
/** The provider's override at raised limits (`invent:assumptions`). */
const RAISED_CLIENT = JSON.stringify({ requestsPerMinute: RAISED.requestsPerMinute });
/** The API's real per-minute limit (the emulator's default); only the hourly creation limit is lifted. */
const REAL: Partial<EmulatorSettings> = { requestsPerMinute: 500, assistantCreatesPerHour: 1_000_000 };
const REAL_PER_MINUTE = 500;

const ROUTES = {
  list: "GET /orgs/:org_id/assistants",
  create: "POST /orgs/:org_id/assistants",
  get: "GET /orgs/:org_id/assistants/:id",
  patch: "PATCH /orgs/:org_id/assistants/:id",
  delete: "DELETE /orgs/:org_id/assistants/:id",
} as const;
const SHORT: Record<string, string> = {
  [ROUTES.list]: "list",
  [ROUTES.create]: "POST",
  [ROUTES.get]: "GET",
  [ROUTES.patch]: "PATCH",
  [ROUTES.delete]: "DELETE",
};

interface Options {
  sizes: number[];
  parallel: number;
  limitedSize: number;
  checkpointsSize: number;
  stepTimeoutMs: number;
  micro: boolean;
  fronts: Front[];
}

type Front = "dynamic" | "native";

function options(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number (got ${v})`);
    return n;
  };
  const sizes = (value("sizes") ?? "10,100,1000").split(",").map((s) => Number(s.trim()));
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--sizes takes whole numbers >= 1 separated by commas (got ${value("sizes")})`);
  }
  const known = new Set([
    "sizes",
    "parallel",
    "limited-size",
    "checkpoints-size",
    "step-timeout-min",
    "fronts",
  ]);
  const fronts = (value("fronts") ?? "dynamic,native").split(",").map((f) => f.trim());
  if (!fronts.length || fronts.some((f) => f !== "dynamic" && f !== "native"))
    throw new Error(`--fronts takes dynamic and/or native (got ${value("fronts")})`);
  for (const [i, a] of argv.entries()) {
    if (a.startsWith("--") && !known.has(a.slice(2)) && a !== "--no-micro")
      throw new Error(`unknown option ${a}`);
    if (a.startsWith("--") && known.has(a.slice(2)) && argv[i + 1] === undefined)
      throw new Error(`${a} needs a value`);
  }
  return {
    sizes,
    parallel: Math.max(1, num("parallel", 8)),
    limitedSize: num("limited-size", 300),
    checkpointsSize: num("checkpoints-size", sizes.includes(100) ? 100 : Math.min(...sizes)),
    stepTimeoutMs: num("step-timeout-min", 30) * 60_000,
    micro: !argv.includes("--no-micro"),
    fronts: fronts as Front[],
  };
}

/** A step of the lifecycle: the pulumi arguments, and a config change made (untimed) before it. */
interface Step {
  label: string;
  args: string[];
  config?: Record<string, string>;
}

const STEPS: Step[] = [
  { label: "preview", args: ["preview"] },
  { label: "up", args: ["up", "--yes", "--skip-preview"] },
  { label: "clean preview", args: ["preview", "--expect-no-changes"] },
  { label: "refresh", args: ["refresh", "--yes", "--skip-preview", "--expect-no-changes"] },
  { label: "changing up", args: ["up", "--yes", "--skip-preview"], config: { version: "2" } },
  { label: "destroy", args: ["destroy", "--yes", "--skip-preview"] },
];

/** What the preload and the fixture wrote about one Node process (or one point in the program). */
interface ProbeLine {
  role: string;
  pid?: number;
  how?: string;
  startedAt?: number;
  at?: number;
  user: number;
  system: number;
}

interface StepResult {
  label: string;
  code: number;
  timedOut: boolean;
  wallMs: number;
  calls: Record<string, number>;
  totalCalls: number;
  /** 429 answers, when the emulator's log held every request of the step. */
  rateLimited?: number;
  /** First and last API request, ms after the command started. */
  firstCallMs?: number;
  lastCallMs?: number;
  cpu: { total?: number; program?: number; provider?: number };
  program?: { startMs: number; bodyStartMs?: number; bodyEndMs?: number; bodyCpuMs?: number };
  providerProcesses: number;
  plainMs?: number;
  plainError?: string;
  tail: string;
}

interface RunResult {
  front: Front;
  mode: "raised" | "500/min";
  n: number;
  skipCheckpoints: boolean;
  steps: StepResult[];
  state?: { bytes: number; resources: number; providerBytes: number };
}

/** Kept for the signal handler: what must be cleaned up whatever happens. */
const cleanup: (() => void | Promise<void>)[] = [];
const children = new Set<ChildProcess>();

/** The preload: records CPU of the program and provider processes at exit. Plain JavaScript, no imports. */
const PRELOAD = `"use strict";
const fs = require("node:fs");
const file = process.env.BENCH_PROBE_FILE;
const script = String(process.argv[1] || "");
const role = /dynamic-provider|pulumi-resource-invent/.test(script) ? "provider" : /cmd[\\\\/]run/.test(script) ? "program" : "";
if (file && role) {
  let done = false;
  const record = (how) => {
    if (done) return;
    done = true;
    const cpu = process.cpuUsage();
    fs.appendFileSync(file, JSON.stringify({ role, pid: process.pid, how, startedAt: performance.timeOrigin,
      at: Date.now(), user: cpu.user, system: cpu.system }) + "\\n");
  };
  process.on("exit", () => record("exit"));
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      record(sig);
      // Only the default action was replaced: when nobody else listens, die of the signal as before.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}
`;

/** Runs `pulumi <args>` under bash so `times` can report the CPU of the command and all it waited for. */
function runPulumi(
  project: PulumiProject,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number; ms: number; output: string; timedOut: boolean }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      "bash",
      [
        "-c",
        'pulumi "$@"; rc=$?; times > "$BENCH_TIMES_FILE"; exit $rc',
        "bash",
        ...args,
        "--non-interactive",
      ],
      { cwd: project.dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    children.add(child);
    let output = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code: code ?? -1, ms: Date.now() - started, output, timedOut });
    });
  });
}

/** Kills a child this bench started (its whole process group when it leads one). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL"); // not a group leader
  }
}

/** `times` prints the shell's own user/system time, then its children's: `0m1.234s 0m0.056s`. */
function childCpuMs(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const secs = [...(lines[1] ?? "").matchAll(/(\d+)m([\d.]+)s/g)].map(
    (m) => Number(m[1]) * 60 + Number(m[2]),
  );
  return secs.length === 2 ? (secs[0] + secs[1]) * 1000 : undefined;
}

function readProbe(file: string): ProbeLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ProbeLine);
}

const cpuMs = (l: ProbeLine) => (l.user + l.system) / 1000;

class Bench {
  private seq = 0;

  constructor(
    private readonly opts: Options,
    private readonly emulator: RunningEmulator,
    private readonly project: PulumiProject,
    private readonly work: string,
    private readonly plainJs: string,
  ) {}

  async run(
    mode: RunResult["mode"],
    n: number,
    skipCheckpoints: boolean,
    front: Front = "dynamic",
  ): Promise<RunResult> {
    const control = this.emulator.control;
    await control.reset();
    await control.settings(mode === "raised" ? RAISED : REAL);
    const id = ++this.seq;
    const stack = `bench-${id}-n${n}`;
    const result: RunResult = { front, mode, n, skipCheckpoints, steps: [] };
    const idsFile = join(this.work, `plain-ids-${id}.json`);
    const what = `${front} N=${n} ${mode}${skipCheckpoints ? " PULUMI_SKIP_CHECKPOINTS=true" : ""}`;
    await this.project.init(
      stack,
      {
        "invent:baseUrl": this.emulator.url,
        count: String(n),
        version: "1",
        front,
        // At raised limits the provider is told so, as a user whose org has a higher limit would tell it
        // (doctor prints the line): otherwise its own limiter, not the tool, would set the pace of large N.
        ...(mode === "raised" ? { "invent:assumptions": RAISED_CLIENT } : {}),
      },
      { "invent:apiKey": AGENCY_KEY },
    );
    try {
      for (const step of STEPS) {
        for (const [k, v] of Object.entries(step.config ?? {}))
          await this.project.ok(["config", "set", k, v]);
        const res = await this.step(step, `${id}-${result.steps.length}`, skipCheckpoints);
        if (mode === "raised" && front === "dynamic" && res.totalCalls > 0)
          await this.plain(res, n, idsFile, step);
        result.steps.push(res);
        progress(
          `${what}: ${step.label} ${res.wallMs} ms, ${res.totalCalls} calls` +
            (res.code === 0 ? "" : ` (exit ${res.code}${res.timedOut ? ", timed out" : ""}: ${res.tail})`),
        );
        if (step.label === "up" && res.code === 0) result.state = await this.state();
        if (res.timedOut) break;
      }
    } finally {
      const rm = await this.project.pulumi(["stack", "rm", "--yes", "--force", stack]);
      if (rm.code !== 0) progress(`stack rm ${stack} failed: ${tail(rm.output)}`);
    }
    return result;
  }

  private async step(step: Step, tag: string, skipCheckpoints: boolean): Promise<StepResult> {
    const control = this.emulator.control;
    const probeFile = join(this.work, `probe-${tag}.jsonl`);
    const timesFile = join(this.work, `times-${tag}.txt`);
    const env: NodeJS.ProcessEnv = {
      ...this.project.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require "${join(this.work, "preload.js")}"`.trim(),
      BENCH_PROBE_FILE: probeFile,
      BENCH_TIMES_FILE: timesFile,
    };
    if (skipCheckpoints) env.PULUMI_SKIP_CHECKPOINTS = "true";
    await control.resetRequests();
    const t0 = Date.now();
    const res = await runPulumi(
      this.project,
      [...step.args, "--parallel", String(this.opts.parallel)],
      env,
      this.opts.stepTimeoutMs,
    );
    const requests = await control.requests();
    const calls = Object.fromEntries(Object.entries(requests.counts).filter(([, c]) => c > 0));
    const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
    const api = requests.log.filter((e: RequestLogEntry) => e.route !== "(unmatched)");
    const complete = api.length >= totalCalls;
    const times = api.map((e) => Date.parse(e.at));
    const probe = readProbe(probeFile);
    const programs = probe.filter((l) => l.role === "program");
    const providers = probe.filter((l) => l.role === "provider");
    const bodyStart = probe.find((l) => l.role === "program-body-start");
    const bodyEnd = probe.find((l) => l.role === "program-body-end");
    const sum = (ls: ProbeLine[]) => (ls.length ? ls.reduce((a, l) => a + cpuMs(l), 0) : undefined);
    return {
      label: step.label,
      code: res.code,
      timedOut: res.timedOut,
      wallMs: res.ms,
      calls,
      totalCalls,
      rateLimited: complete ? api.filter((e) => e.status === 429).length : undefined,
      firstCallMs: complete && times.length ? Math.min(...times) - t0 : undefined,
      lastCallMs: times.length ? Math.max(...times) - t0 : undefined,
      cpu: { total: childCpuMs(timesFile), program: sum(programs), provider: sum(providers) },
      program: programs.length
        ? {
            startMs: Math.round((programs[0].startedAt ?? t0) - t0),
            bodyStartMs: bodyStart?.at !== undefined ? bodyStart.at - t0 : undefined,
            bodyEndMs: bodyEnd?.at !== undefined ? bodyEnd.at - t0 : undefined,
            bodyCpuMs: bodyStart && bodyEnd ? cpuMs(bodyEnd) - cpuMs(bodyStart) : undefined,
          }
        : undefined,
      providerProcesses: providers.length,
      tail: tail(res.output),
    };
  }

  /** The same calls by a plain undici script, as its own process. */
  private async plain(res: StepResult, n: number, idsFile: string, step: Step): Promise<void> {
    const c = (route: string) => res.calls[route] ?? 0;
    const job: PlainJob = {
      undici: require.resolve("undici"),
      baseUrl: this.emulator.url,
      apiKey: AGENCY_KEY,
      org: SUB_ORG_ID,
      concurrency: this.opts.parallel,
      idsFile,
      count: n,
      version: step.config?.version ?? "1",
      calls: {
        list: c(ROUTES.list),
        create: c(ROUTES.create),
        get: c(ROUTES.get),
        patch: c(ROUTES.patch),
        delete: c(ROUTES.delete),
      },
    };
    const jobFile = join(this.work, "plain-job.json");
    writeFileSync(jobFile, JSON.stringify(job));
    const started = Date.now();
    const out = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [this.plainJs, jobFile], { stdio: ["ignore", "pipe", "pipe"] });
      children.add(child);
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d));
      child.stderr.on("data", (d: Buffer) => (output += d));
      child.on("error", reject);
      child.on("close", (code) => {
        children.delete(child);
        resolve({ code: code ?? -1, output });
      });
    });
    if (out.code === 0) res.plainMs = Date.now() - started;
    else res.plainError = tail(out.output);
  }

  private async state(): Promise<RunResult["state"]> {
    const text = await this.project.exportText();
    const resources =
      (
        JSON.parse(text) as {
          deployment: { resources?: { type: string; inputs?: Record<string, unknown> }[] };
        }
      ).deployment.resources ?? [];
    const ours = resources.filter((r) => r.type.includes("invent:"));
    const stub = ours[0]?.inputs?.__provider;
    return {
      bytes: Buffer.byteLength(text),
      resources: ours.length,
      providerBytes: typeof stub === "string" ? Buffer.byteLength(stub) : 0,
    };
  }
}

function tail(output: string): string {
  return output.trim().split("\n").slice(-3).join(" | ").slice(0, 300);
}

function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

// --- tables ---------------------------------------------------------------------------------------------

function table(head: string[], rows: (string | number | undefined)[][]): string {
  const cell = (v: string | number | undefined) => (v === undefined ? "–" : String(v));
  const line = (cells: (string | number | undefined)[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v));
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(1)}x` : undefined);
const byRoute = (calls: Record<string, number>) =>
  Object.entries(calls)
    .map(([r, c]) => `${SHORT[r] ?? r} ${c}`)
    .join(", ") || "none";
/** Least time the calls need at the real per-minute limit, starting from an empty window. */
const floorMs = (calls: number) => Math.floor(Math.max(0, calls - 1) / REAL_PER_MINUTE) * 60_000;
const status = (s: StepResult) => (s.code === 0 ? s.label : `${s.label} (FAILED exit ${s.code})`);

function waitTable(runs: RunResult[]): string {
  return table(
    [
      "limits",
      "N",
      "step",
      "wall ms",
      "API calls",
      "by route",
      "429s",
      "500/min floor ms",
      "plain undici ms",
      "wall / plain",
    ],
    runs.flatMap((r) =>
      r.steps.map((s) => [
        r.mode,
        r.n,
        status(s),
        s.wallMs,
        s.totalCalls,
        byRoute(s.calls),
        s.rateLimited,
        floorMs(s.totalCalls),
        s.plainMs ?? (s.plainError ? "failed" : undefined),
        ratio(s.wallMs, s.plainMs),
      ]),
    ),
  );
}

function whereTable(runs: RunResult[]): string {
  return table(
    [
      "limits",
      "N",
      "step",
      "wall ms",
      "program starts at",
      "program code runs at",
      "first API call at",
      "last API call at",
      "after last call",
      "CPU ms all",
      "engine & rest",
      "program",
      "program's own code",
      "provider",
    ],
    runs.flatMap((r) =>
      r.steps.map((s) => {
        const { total, program, provider } = s.cpu;
        const rest = total === undefined ? undefined : total - (program ?? 0) - (provider ?? 0);
        return [
          r.mode,
          r.n,
          status(s),
          s.wallMs,
          s.program?.startMs,
          s.program?.bodyStartMs,
          s.firstCallMs,
          s.lastCallMs,
          s.lastCallMs === undefined ? undefined : s.wallMs - s.lastCallMs,
          ms(total),
          ms(rest),
          ms(program),
          ms(s.program?.bodyCpuMs),
          ms(provider),
        ];
      }),
    ),
  );
}

function perResourceTable(runs: RunResult[]): string {
  const up = (r: RunResult) => r.steps.find((s) => s.label === "up");
  const preview = (r: RunResult) => r.steps.find((s) => s.label === "preview");
  const rest = (s: StepResult | undefined) =>
    s?.cpu.total === undefined ? undefined : s.cpu.total - (s.cpu.program ?? 0) - (s.cpu.provider ?? 0);
  const figures: ((r: RunResult) => number | undefined)[] = [
    (r) => r.state?.bytes,
    (r) => preview(r)?.cpu.program,
    (r) => up(r)?.cpu.program,
    (r) => up(r)?.program?.bodyCpuMs,
    (r) => up(r)?.cpu.provider,
    (r) => rest(up(r)),
    (r) => up(r)?.wallMs,
  ];
  const sorted = [...runs].sort((a, b) => a.n - b.n);
  /** `all / N`, then in brackets the marginal cost: the change from the next smaller N, per added resource. */
  const cell = (f: (r: RunResult) => number | undefined, i: number) => {
    const r = sorted[i];
    const v = f(r);
    if (v === undefined) return undefined;
    const prev = i > 0 ? sorted[i - 1] : undefined;
    const pv = prev ? f(prev) : undefined;
    const all = v / r.n;
    const digits = all >= 100 ? 0 : 2;
    const marginal = prev && pv !== undefined ? ` (${((v - pv) / (r.n - prev.n)).toFixed(digits)})` : "";
    return `${all.toFixed(digits)}${marginal}`;
  };
  return table(
    [
      "N",
      "state bytes / resource",
      "__provider bytes",
      "program CPU ms / resource (preview)",
      "program CPU ms / resource (up)",
      "of which program's own code",
      "provider CPU ms / resource (up)",
      "engine & rest CPU ms / resource (up)",
      "up wall ms / resource",
    ],
    sorted.map((r, i) => [
      r.n,
      cell(figures[0], i),
      r.state?.providerBytes,
      ...figures.slice(1).map((f) => cell(f, i)),
    ]),
  );
}

const perResource = (cpuMs: number | undefined, n: number) =>
  cpuMs === undefined ? "–" : (cpuMs / n).toFixed(2);

function checkpointTable(withCp: RunResult, without: RunResult): string {
  return table(
    [
      "N",
      "step",
      "wall ms (checkpoints)",
      "wall ms (PULUMI_SKIP_CHECKPOINTS=true)",
      "difference",
      "engine CPU ms (with / without)",
      "program CPU ms / resource (with / without)",
    ],
    withCp.steps.map((s) => {
      const o = without.steps.find((x) => x.label === s.label);
      const rest = (x: StepResult | undefined) =>
        x?.cpu.total === undefined
          ? undefined
          : ms(x.cpu.total - (x.cpu.program ?? 0) - (x.cpu.provider ?? 0));
      return [
        withCp.n,
        status(s),
        s.wallMs,
        o ? (o.code === 0 ? o.wallMs : `${o.wallMs} (FAILED exit ${o.code})`) : undefined,
        o
          ? `${o.wallMs - s.wallMs > 0 ? "+" : ""}${o.wallMs - s.wallMs} ms (${((100 * (o.wallMs - s.wallMs)) / s.wallMs).toFixed(0)}%)`
          : undefined,
        `${rest(s) ?? "–"} / ${rest(o) ?? "–"}`,
        // The program waits for the engine, and spends CPU while it waits: a slower engine costs it more.
        `${perResource(s.cpu.program, withCp.n)} / ${perResource(o?.cpu.program, withCp.n)}`,
      ];
    }),
  );
}

/** Each size on both fronts: wall, CPU and calls per step, and state bytes per resource, side by side. */
function frontsTable(dynamicRuns: RunResult[], nativeRuns: RunResult[]): string {
  const rows: (string | number | undefined)[][] = [];
  for (const nat of nativeRuns) {
    const dyn = dynamicRuns.find((r) => r.n === nat.n);
    const perResource = (r: RunResult | undefined) =>
      r?.state ? Math.round(r.state.bytes / Math.max(1, r.state.resources)) : undefined;
    rows.push([
      nat.n,
      "state bytes / resource (after up)",
      perResource(dyn),
      perResource(nat),
      undefined,
      undefined,
      undefined,
    ]);
    for (const s of nat.steps) {
      const d = dyn?.steps.find((x) => x.label === s.label);
      rows.push([
        nat.n,
        status(s),
        d?.wallMs,
        s.wallMs,
        ms(d?.cpu.total),
        ms(s.cpu.total),
        `${d?.totalCalls ?? "–"} / ${s.totalCalls}`,
      ]);
    }
  }
  return table(
    [
      "N",
      "step",
      "dynamic wall ms",
      "native wall ms",
      "dynamic CPU ms",
      "native CPU ms",
      "API calls (dynamic / native)",
    ],
    rows,
  );
}

// --- main -----------------------------------------------------------------------------------------------

async function runMicro(): Promise<string> {
  const tsNode = require.resolve("ts-node/dist/bin.js");
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [tsNode, "--transpile-only", join(__dirname, "provider-vs-plain.ts")],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.add(child);
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("close", (code) => {
      children.delete(child);
      resolve(code === 0 ? output.trim() : `micro-benchmark failed (exit ${code}):\n${output.trim()}`);
    });
  });
}

async function main() {
  const opts = options(process.argv.slice(2));
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), "pulumi-invent-bench-"));
  cleanup.push(() => rmSync(work, { recursive: true, force: true }));
  writeFileSync(join(work, "preload.js"), PRELOAD);
  const plainJs = join(work, "plain-calls.js");
  const source = readFileSync(join(__dirname, "plain-calls.ts"), "utf8");
  writeFileSync(
    plainJs,
    transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } })
      .outputText,
  );

  progress(`packing the library and installing the fixture`);
  const emulator = await startEmulator(RAISED);
  cleanup.push(() => emulator.stop());
  const project = await PulumiProject.create(FIXTURE, await packedLibrary());
  cleanup.push(() => project.remove());
  const bench = new Bench(opts, emulator, project, work, plainJs);

  const version = (await project.ok(["version"])).stdout.trim();
  // Untimed: the first program run after install pays cold caches (ts-node, TypeScript's libs) once.
  await project.init(
    "bench-warmup",
    { "invent:baseUrl": emulator.url, count: "1" },
    { "invent:apiKey": AGENCY_KEY },
  );
  await project.ok(["preview"]);
  await project.ok(["stack", "rm", "--yes", "--force", "bench-warmup"]);
  if (opts.fronts.includes("native")) await installPlugin(project);
  const runs: RunResult[] = [];
  const nativeRuns: RunResult[] = [];
  for (const n of opts.sizes) {
    if (opts.fronts.includes("dynamic")) runs.push(await bench.run("raised", n, false));
    if (opts.fronts.includes("native")) nativeRuns.push(await bench.run("raised", n, false, "native"));
  }
  const cpBase = runs.find((r) => r.n === opts.checkpointsSize);
  const cpRun = opts.checkpointsSize ? await bench.run("raised", opts.checkpointsSize, true) : undefined;
  const limited = opts.limitedSize ? await bench.run("500/min", opts.limitedSize, false) : undefined;
  const micro = opts.micro ? await runMicro() : undefined;

  const all = [...runs, ...(limited ? [limited] : [])];
  const out: string[] = [];
  out.push(
    `\n## pulumi-invent through the real Pulumi CLI (CLI ${version}), emulator on loopback\n`,
    `Every command with --parallel ${opts.parallel} --non-interactive; file backend; checkpoints on (the default) ` +
      `unless said. "raised": emulator limits lifted; "500/min": the API's real per-minute limit (hourly ` +
      `creation limit lifted). At raised limits the provider's own limiter is raised too ` +
      `(\`invent:assumptions\` requestsPerMinute ${RAISED.requestsPerMinute}); at 500/min it keeps its default.\n`,
    `### What users wait for (ms)\n`,
    waitTable(all),
    `\n"plain undici ms": a separate node process making the same calls with undici, --parallel at a time ` +
      `(whole-process wall: node start, undici load, the calls). "500/min floor": least time those calls need ` +
      `at 500 requests/minute from an empty window.\n`,
    `### Where the time goes (ms after the command started; CPU ms)\n`,
    whereTable(all),
    `\n"engine & rest": CPU of pulumi, the language host and the plugin wrappers (all of the command's CPU ` +
      `minus the program and provider processes). "program's own code": the fixture declaring N resources.\n`,
    `### Per resource (raised limits, checkpoints on): all / N (marginal: change from the next smaller N per added resource)\n`,
    perResourceTable(runs),
  );
  if (nativeRuns.length)
    out.push(
      `\n### Dynamic vs native provider (raised limits, checkpoints on, same run)\n`,
      frontsTable(runs, nativeRuns),
      `\n"CPU ms": the whole command (engine, language host, program, provider). State bytes: \`pulumi stack ` +
        `export\` after the first up, divided by the Invent resources (the stack and provider resources included).\n`,
    );
  if (cpRun && cpBase) {
    out.push(`\n### PULUMI_SKIP_CHECKPOINTS=true, N=${cpRun.n}\n`, checkpointTable(cpBase, cpRun));
  } else if (cpRun) {
    out.push(`\n### PULUMI_SKIP_CHECKPOINTS=true, N=${cpRun.n}\n`, waitTable([cpRun]));
  }
  if (micro) out.push(`\n### Micro-benchmark (test/bench/provider-vs-plain.ts, in process)\n`, micro);
  out.push(`\nbench took ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  console.log(out.join("\n"));
}

async function cleanUp(): Promise<void> {
  for (const child of children) killGroup(child);
  for (const step of cleanup.splice(0).reverse()) {
    try {
      await step();
    } catch (e) {
      progress(`cleanup: ${(e as Error).message}`);
    }
  }
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    progress(`${sig}: cleaning up`);
    setTimeout(() => process.exit(130), 20_000).unref(); // a command that ignores us must not keep the bench
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
