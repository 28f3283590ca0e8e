/** What `pulumi-invent audit` found, printed for people or as JSON, and the exit code it means. */
import { OrgAudit } from "./audit";
import { StackKnowledge } from "./known";

/** The whole audit: the stacks read, each org's kinds, and what to know about the result. */
export interface AuditReport {
  stacks: {
    stack: string;
    managed: number;
    mentioned: number;
    unresolved: string[];
    secretsUnread: boolean;
  }[];
  orgs: OrgAudit[];
  /** How many objects no stack knows, over every org. */
  unmanaged: number;
  /** Kinds (per org) that could not be listed: their objects were not checked. */
  couldNotCheck: number;
}

/** The report of audits of orgs against stacks. */
export function auditReport(stacks: StackKnowledge[], orgs: OrgAudit[]): AuditReport {
  const kinds = orgs.flatMap((o) => o.kinds);
  return {
    stacks: stacks.map((s) => ({
      stack: s.stack,
      managed: s.managed.size,
      mentioned: s.mentioned.size,
      unresolved: s.unresolved,
      secretsUnread: s.secretsUnread,
    })),
    orgs,
    unmanaged: kinds.reduce((n, k) => n + k.unmanaged.length, 0),
    couldNotCheck: kinds.filter((k) => k.couldNotCheck !== undefined).length,
  };
}

/**
 * 3 when a kind could not be checked (the result is incomplete, whatever else it says); 1 when objects are
 * unmanaged and `failOnUnmanaged`; else 0.
 */
export function auditExitCode(report: AuditReport, failOnUnmanaged: boolean): number {
  if (report.couldNotCheck) return 3;
  return failOnUnmanaged && report.unmanaged ? 1 : 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The report as text: per org and kind, each unmanaged object with its name, age and how to take it over. */
export function formatAudit(report: AuditReport): string {
  const lines: string[] = [];
  lines.push(
    `Stacks: ${report.stacks.map((s) => `${s.stack} (${plural(s.managed, "object")} managed, ${s.mentioned} more mentioned)`).join(", ")}`,
  );
  for (const o of report.orgs) {
    lines.push("", `Org ${o.org} (${plural(o.calls, "API call")}):`);
    for (const k of o.kinds) {
      if (k.couldNotCheck !== undefined) {
        lines.push(`  ${k.kind}: COULD NOT CHECK: ${k.couldNotCheck}`);
        continue;
      }
      lines.push(
        `  ${k.kind}: ${k.listed} listed, ${k.unmanaged.length ? `${k.unmanaged.length} unmanaged` : "none unmanaged"}`,
      );
      for (const u of k.unmanaged) {
        const under = u.parent ? ` under ${u.parent.kind} ${u.parent.id}` : "";
        lines.push(
          `    - ${u.id}${u.name ? ` ${u.name}` : ""}${under}${u.createdAt ? `, created ${u.createdAt}` : ""}`,
        );
        lines.push(`        adopt:  ${u.adopt}`);
        lines.push(`        import: ${u.export}`);
      }
    }
  }
  lines.push("");
  for (const s of report.stacks) {
    if (s.unresolved.length)
      lines.push(
        `Stack ${s.stack} has ${plural(s.unresolved.length, "create")} whose outcome is unknown (${s.unresolved.join(", ")}): ` +
          "an unmanaged object above may be one of them. Run `pulumi refresh` on that stack first.",
      );
    if (s.secretsUnread)
      lines.push(
        `Stack ${s.stack}: secret values could not be decrypted, so ids inside them (a looked-up connection) were ` +
          "not seen; set the stack's passphrase or log in to its backend.",
      );
  }
  lines.push(
    report.couldNotCheck
      ? `INCOMPLETE: ${plural(report.couldNotCheck, "kind")} could not be checked (see above); ` +
          `${plural(report.unmanaged, "unmanaged object")} found in what could.`
      : report.unmanaged
        ? `${plural(report.unmanaged, "object")} in the org${report.orgs.length === 1 ? "" : "s"} ${report.unmanaged === 1 ? "is" : "are"} in no stack's state.`
        : "Every object of the org" + (report.orgs.length === 1 ? " is" : "s is") + " known to a stack.",
  );
  return `${lines.join("\n")}\n`;
}
