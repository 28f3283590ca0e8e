/**
 * What `pulumi-invent doctor` found, one row per assumption, and how it is printed: a table for people,
 * JSON for CI, and the exact override for each contradiction.
 */
import { activeAssumptionOverrides, ASSUMPTIONS, OverridableAssumption } from "../assumptions";

/** A verdict on one assumption. */
export type Verdict = "holds" | "contradicted" | "not checked";

/** One row: an assumption (its `ASSUMPTIONS` name, or `[D] …` for a documented fact the library uses). */
export interface Finding {
  assumption: string;
  verdict: Verdict;
  /** What was seen (never a key or a credential), or why it was not checked. */
  evidence: string;
  /**
   * Whether the library goes wrong when this is contradicted and not overridden (the exit code counts these);
   * false when it copes either way (then the override only records the fact, or saves requests).
   */
  relied: boolean;
  /** The correction to configure, when configuration can make one. */
  override?: { key: OverridableAssumption; value: unknown };
}

/**
 * An object `--write` made and could not delete, or (`id` absent) one whose create had an unknown outcome: it
 * may exist, and `lookFor` says how to find it.
 */
export interface Leftover {
  kind: string;
  id?: string;
  path: string;
  error: string;
  /** For an unknown outcome: what to look for (`an Assistant named "…"`, created at or after a time). */
  lookFor?: string;
}

/** Everything one run found. */
export interface DoctorReport {
  org: { id: string; name?: string };
  mode: "read-only" | "write";
  findings: Finding[];
  /** Information: fields the API sends that the library does not know, sub-orgs reached, … */
  notes: string[];
  leftovers: Leftover[];
  /** The assumption overrides that were in force during the run. */
  overridesInForce: Record<string, unknown>;
}

const RANK: Record<Verdict, number> = { "not checked": 0, holds: 1, contradicted: 2 };

/** Collects findings; several checks of one assumption merge (a contradiction wins, evidence adds up). */
export class Findings {
  private readonly rows = new Map<string, Finding>();
  readonly notes: string[] = [];

  add(f: Finding): void {
    const prev = this.rows.get(f.assumption);
    if (!prev || RANK[f.verdict] > RANK[prev.verdict]) {
      this.rows.set(f.assumption, {
        ...f,
        evidence:
          prev && prev.verdict !== "not checked" && f.verdict === prev.verdict ? prev.evidence : f.evidence,
      });
      return;
    }
    if (f.verdict === prev.verdict && f.verdict !== "not checked" && !prev.evidence.includes(f.evidence))
      prev.evidence = `${prev.evidence}; ${f.evidence}`;
  }

  holds(assumption: string, evidence: string, relied = true): void {
    this.add({ assumption, verdict: "holds", evidence, relied });
  }

  contradicted(assumption: string, evidence: string, relied: boolean, override?: Finding["override"]): void {
    this.add({ assumption, verdict: "contradicted", evidence, relied, override });
  }

  notChecked(assumption: string, why: string, relied = true): void {
    this.add({ assumption, verdict: "not checked", evidence: why, relied });
  }

  has(assumption: string): boolean {
    return this.rows.has(assumption);
  }

  /** Every row: each `ASSUMPTIONS` name in declaration order (unchecked ones say why), then the others. */
  list(): Finding[] {
    const keys = Object.keys(ASSUMPTIONS);
    const named = keys.map(
      (k) =>
        this.rows.get(k) ?? {
          assumption: k,
          verdict: "not checked" as const,
          evidence: "no check reaches it",
          relied: true,
        },
    );
    const others = [...this.rows.values()].filter((f) => !keys.includes(f.assumption));
    return [...named, ...others];
  }
}

/** Shell-quoted for POSIX shells. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The commands that put an override in force: `pulumi config set --path` per leaf value (a list as JSON with
 * `--json`), and the environment form.
 */
export function overrideCommands(key: OverridableAssumption, value: unknown): string[] {
  const leaves: [string, unknown][] =
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value).map(([k, v]) => [`${key}.${k}`, v])
      : [[key, value]];
  const lines = leaves.map(([path, v]) =>
    Array.isArray(v)
      ? `pulumi config set --path --json ${quote(`invent:assumptions.${path}`)} ${quote(JSON.stringify(v))}`
      : `pulumi config set --path ${quote(`invent:assumptions.${path}`)} ${typeof v === "string" ? quote(v) : String(v)}`,
  );
  lines.push(`export INVENT_ASSUMPTIONS=${quote(JSON.stringify({ [key]: value }))}`);
  return lines;
}

/** The exit code: 1 when an assumption the library relies on is contradicted or an object was left behind. */
export function exitCodeOf(report: DoctorReport): number {
  const bad = report.findings.some((f) => f.verdict === "contradicted" && f.relied);
  return bad || report.leftovers.length ? 1 : 0;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.length ? out : [""];
}

/** The table for people, then notes, the overrides to apply, and anything left behind. */
export function formatReport(report: DoctorReport): string {
  const rows = report.findings;
  const w1 = Math.max(10, ...rows.map((r) => r.assumption.length));
  const verdictOf = (r: Finding) => (r.verdict === "contradicted" && !r.relied ? "contradicted*" : r.verdict);
  const w2 = Math.max(7, ...rows.map((r) => verdictOf(r).length));
  const evidenceWidth = Math.max(40, 118 - w1 - w2 - 6);
  const lines: string[] = [];
  const org = report.org.name ? `${report.org.name} (${report.org.id})` : report.org.id;
  lines.push(`pulumi-invent doctor: org ${org}, ${report.mode}`);
  lines.push("");
  lines.push(`${"assumption".padEnd(w1)} | ${"verdict".padEnd(w2)} | evidence`);
  lines.push(`${"-".repeat(w1)}-+-${"-".repeat(w2)}-+-${"-".repeat(evidenceWidth)}`);
  for (const r of rows) {
    const [first, ...rest] = wrap(r.evidence, evidenceWidth);
    lines.push(`${r.assumption.padEnd(w1)} | ${verdictOf(r).padEnd(w2)} | ${first}`);
    for (const more of rest) lines.push(`${"".padEnd(w1)} | ${"".padEnd(w2)} | ${more}`);
  }
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  lines.push("");
  lines.push(
    `${count("holds")} hold, ${count("contradicted")} contradicted, ${count("not checked")} not checked.` +
      (rows.some((r) => r.verdict === "contradicted" && !r.relied)
        ? " (* the library copes either way; the override records the fact or saves requests)"
        : ""),
  );
  if (Object.keys(report.overridesInForce).length)
    lines.push(`Overrides in force during this run: ${JSON.stringify(report.overridesInForce)}`);
  const fixes = rows.filter((r) => r.verdict === "contradicted");
  if (fixes.length) {
    lines.push("");
    lines.push("To correct the library for this org (stack config, or the environment):");
    const all: Record<string, unknown> = { ...report.overridesInForce };
    for (const r of fixes) {
      if (!r.override) {
        lines.push(`  ${r.assumption}: no override can correct this; please report it (it needs a release).`);
        continue;
      }
      all[r.override.key] = r.override.value;
      for (const cmd of overrideCommands(r.override.key, r.override.value)) lines.push(`  ${cmd}`);
    }
    if (fixes.filter((r) => r.override).length > 1)
      lines.push(`  all at once: export INVENT_ASSUMPTIONS=${quote(JSON.stringify(all))}`);
  }
  if (report.notes.length) {
    lines.push("");
    lines.push("Information:");
    for (const n of report.notes) lines.push(`  - ${n}`);
  }
  if (report.leftovers.length) {
    lines.push("");
    lines.push("Objects doctor made and could NOT delete (delete them in the dashboard or with the API):");
    for (const l of report.leftovers)
      lines.push(
        l.id !== undefined
          ? `  - ${l.kind} ${l.id} (${l.path}): ${l.error}`
          : `  - ${l.kind}, outcome unknown (${l.path}): ${l.error} Look for ${l.lookFor}; delete it if it exists.`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** The overrides in force, as a plain object. */
export const overridesInForce = (): Record<string, unknown> => activeAssumptionOverrides();
