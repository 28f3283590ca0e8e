/**
 * `pulumi-invent audit [--stack <name>]... [--state <file>]... [--org <id>]... [--fail-on-unmanaged] [--json]`:
 * the objects of an org that no given stack knows, with how to take each over. Reads only.
 */
import { readFileSync } from "node:fs";
import { InventClient, InventClientOptions } from "../client";
import { orgIdProblem } from "../config";
import { auditOrg, OrgAudit } from "../audit/audit";
import { StackKnowledge, stackKnowledge } from "../audit/known";
import { auditExitCode, auditReport, formatAudit } from "../audit/report";
import { ASSUMPTIONS } from "../assumptions";
import { exportStack } from "../stack";
import { commandArgs, UsageError } from "./args";
import { commandSettings, projectDir } from "./settings";

const USAGE = `usage: pulumi-invent audit [--stack <name>]... [--state <file.json>]... [--org <id>]... [--fail-on-unmanaged] [--json]

Lists, per org and kind, the objects that are in no state of the given stacks (by id; objects a stack
references with X.get or uses by id count as known), with how to take each over. Reads only (GET requests).

  --stack <name>       a stack of the Pulumi project here, read with \`pulumi stack export\` (repeat it for
                       every stack of the org; default: the selected stack)
  --state <file>       a state exported before (\`pulumi stack export > file\`), e.g. of another project
  --org <id>           org to list (repeatable; default: the orgs the stacks' resources live in, else
                       invent:orgId / INVENT_ORG_ID, else c)
  --fail-on-unmanaged  exit 1 when an object is unmanaged (for a scheduled job)
  --json               the report as JSON on stdout

Exit codes: 0 done (1 with --fail-on-unmanaged and an unmanaged object), 2 bad options or a stack that cannot
be read, 3 a kind could not be listed (the result is incomplete, never taken as "nothing unmanaged").
Settings: invent:* of the (first) stack, else INVENT_API_KEY / INVENT_BASE_URL / INVENT_ORG_ID.
`;

/** Where the command reads and writes, and what tests may replace. */
export interface AuditIO {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
  /** Extra client options (tests: fast retries). */
  client?: Partial<InventClientOptions>;
}

/** The knowledge of one stack of the project in `cwd`: secrets decrypted when the backend allows it. */
function readStackKnowledge(cwd: string, stack: string | undefined, env: NodeJS.ProcessEnv): StackKnowledge {
  const dir = projectDir(cwd);
  if (!dir) throw new UsageError(`--stack needs a Pulumi project here (no Pulumi.yaml in ${cwd} or above)`);
  const fix = "Check the stack name (`pulumi stack ls`) and that its backend is reachable.";
  const name = stack ?? "(selected)";
  try {
    // Ids a lookup found are secret when its result is: decrypted in this process only, never printed.
    return stackKnowledge(name, exportStack(dir, stack, { env, showSecrets: true, fix }));
  } catch {
    return stackKnowledge(name, exportStack(dir, stack, { env, fix }), true);
  }
}

/**
 * The orgs to list, each once: `c` (the key's own org) is dropped when the org it stands for is also named by
 * its id (one `GET /orgs/c`, only then; an org that does not say its id keeps both).
 */
async function distinct(client: InventClient, orgs: string[]): Promise<string[]> {
  const own = ASSUMPTIONS.ownOrgAlias;
  if (!orgs.includes(own) || orgs.length === 1) return orgs;
  const org = await client.get<{ id?: unknown }>("", { org: own }).catch(() => undefined);
  return typeof org?.id === "string" && orgs.includes(org.id) ? orgs.filter((o) => o !== own) : orgs;
}

/** Runs `pulumi-invent audit`; returns the exit code. */
export async function runAudit(argv: string[], io: AuditIO = {}): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const v = commandArgs(
    argv,
    {
      stack: { type: "string", multiple: true },
      state: { type: "string", multiple: true },
      org: { type: "string", multiple: true },
      "fail-on-unmanaged": { type: "boolean" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  if (v.help) {
    out.write(USAGE);
    return 0;
  }
  const progress = (line: string) => err.write(`pulumi-invent audit: ${line}\n`);
  const stacks: StackKnowledge[] = [];
  for (const file of v.state ?? []) {
    let exported: Record<string, unknown>;
    try {
      exported = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(
        `--state ${file}: not a readable \`pulumi stack export\` file (${(e as Error).message})`,
      );
    }
    stacks.push(stackKnowledge(file, exported));
  }
  const named = v.stack ?? (stacks.length ? [] : [undefined]);
  for (const stack of named) stacks.push(readStackKnowledge(cwd, stack, env));
  const { settings, source } = commandSettings({ cwd, stack: v.stack?.[0], env });
  // The orgs to list: as given, else where the stacks' resources live (`c`: the key's own org), else the default.
  const fromStacks = [...new Set(stacks.flatMap((s) => [...s.orgs]))];
  const orgs = v.org?.length ? v.org : fromStacks.length ? fromStacks : [settings.orgId];
  for (const org of orgs) {
    const problem = orgIdProblem("--org", org);
    if (problem) throw new UsageError(problem);
  }
  const known = (id: string) => stacks.some((s) => s.managed.has(id) || s.mentioned.has(id));
  progress(
    `settings from ${source}; ${stacks.length} stack(s), ${orgs.length} org(s) at ${settings.baseUrl} (GET requests only)`,
  );
  const client = new InventClient({
    apiKey: settings.requireApiKey(),
    baseUrl: settings.baseUrl,
    orgId: settings.orgId,
    logger: { info: progress, warn: progress, debug: () => {} },
    ...io.client,
  });
  if (stacks.every((s) => s.managed.size === 0))
    progress(
      "warning: no stack manages any Invent object, so every object listed is reported; check --stack / --state",
    );
  const audits: OrgAudit[] = [];
  try {
    for (const org of await distinct(client, orgs))
      audits.push(await auditOrg(client, org, known, (l) => progress(`org ${org}: ${l}`)));
  } finally {
    await client.close();
  }
  const report = auditReport(stacks, audits);
  out.write(v.json ? `${JSON.stringify(report, null, 2)}\n` : formatAudit(report));
  return auditExitCode(report, !!v["fail-on-unmanaged"]);
}
