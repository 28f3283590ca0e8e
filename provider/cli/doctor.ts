/**
 * `pulumi-invent doctor`: checks every assumption the library makes about the Invent API against a real org,
 * read-only unless `--write` (with the org's name confirmed), and prints what holds, what does not, and the
 * override that corrects each contradiction.
 */
import { createInterface } from "node:readline/promises";
import { ASSUMPTIONS } from "../assumptions";
import { InventClient, InventClientOptions } from "../client";
import { ConfigurationError } from "../errors";
import { silentLogger } from "../log";
import { DoctorAuthError, readOnlyChecks, writeChecks } from "../doctor/checks";
import { orgReadChecks, orgUncheckedRows, orgWriteChecks } from "../doctor/org-checks";
import { chatReadChecks, chatWriteChecks } from "../doctor/chat-checks";
import { DoctorReport, exitCodeOf, Findings, formatReport, overridesInForce } from "../doctor/report";
import { commandArgs } from "./args";
import { commandSettings } from "./settings";

/** Where the command reads and writes, and what tests may replace. */
export interface DoctorIO {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
  /** Answers the confirmation prompt; default: a TTY prompt on stdin, none without a TTY. */
  prompt?: (question: string) => Promise<string>;
  /** Extra client options (tests: fast retries). */
  client?: Partial<InventClientOptions>;
}

const USAGE = `usage: pulumi-invent doctor [--write --confirm-org "<org name>"] [--json] [--spec <openapi.json>] [--stack <name>]

Checks the library's assumptions about the Invent API against your org, configured like the provider
(stack config invent:* in a Pulumi project, else INVENT_API_KEY / INVENT_ORG_ID / INVENT_BASE_URL).

  (default)       read-only: key, org, every read endpoint, wire fields, pagination, error bodies
  --write         also create one throwaway object of each kind and delete it again (spends one of the
                  org's ${ASSUMPTIONS.assistantCreatesPerHour} assistant creations of the hour), and hold one chat of two turns with an
                  existing assistant (two replies: it costs credits); needs --confirm-org or a TTY prompt
  --confirm-org   the org's name, exactly (its id when the API does not tell the name)
  --json          the report as JSON, for CI
  --spec <file>   also compare the vendor's OpenAPI document with what the library sends and reads
  --stack <name>  the stack whose config to use (default: the selected one)

Exit code: 0 when nothing the library relies on is contradicted; 1 otherwise (or when doctor left an object
behind); 2 for a usage error.
`;

/** Parsed command line. */
interface Options {
  write: boolean;
  json: boolean;
  confirmOrg?: string;
  spec?: string;
  stack?: string;
}

function parseDoctorArgs(argv: string[]): Options | "help" | string {
  let v;
  try {
    v = commandArgs(
      argv,
      {
        write: { type: "boolean" },
        json: { type: "boolean" },
        "confirm-org": { type: "string" },
        spec: { type: "string" },
        stack: { type: "string" },
      },
      "",
    );
  } catch (e) {
    return (e as Error).message.trim();
  }
  if (v.help) return "help";
  if (v["confirm-org"] !== undefined && !v.write) return "--confirm-org goes with --write";
  return { write: !!v.write, json: !!v.json, confirmOrg: v["confirm-org"], spec: v.spec, stack: v.stack };
}

async function ttyPrompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Assumptions doctor cannot judge against an org, and why (they stay "not checked"). */
const UNCHECKABLE: Record<string, string> = {
  defaultBaseUrl: "[D] the documented host; this run used invent:baseUrl / INVENT_BASE_URL when set",
  honourRetryAfter: "unverifiable without provoking a 429 (doctor does not spend the org's rate limit)",
  rateLimitedRequestsAreNotProcessed: "unverifiable from outside: only the vendor can say a 429 never acted",
  requestsPerMinute: "[D] documented; proving it needs 500 requests in a minute",
  requestRateMargin: "a client-side safety margin, nothing the API answers",
  perMinuteRetryAfterMaxMs: "unverifiable without provoking a 429",
  assistantCreatesPerHour: "[D] documented; proving it needs 11 creations",
  isAssistantCreation: "[D] documented rule",
  browserOnlyConnectionTypes: "unverifiable without trying to create each browser sign-in type",
  maxActionInstructionsLength: "needs an oversized write; the API's own 400 names the limit",
  maxInstructionsLength: "needs an oversized write; the API's own 400 names the limit",
  knowledgeTitleMaxLength: "[D] documented; the API's own 400 names the limit",
  knowledgeTextMaxLength: "[D] documented; the API's own 400 names the limit",
  knowledgeUrlModes: "needs a URL content (doctor makes only a TEXT one: fetching a page is not free)",
  knowledgeProcessingTimeoutSeconds: "a waiting budget, nothing the API answers",
  maxReorderItems: "[D] documented; proving the cap would need 26 actions",
  isMaskOf: "needs a credential doctor knows: run with --write",
  credentialMask: "needs a credential doctor knows: run with --write",
  patchDeepMergesNestedObjects: "only a write shows it: run with --write",
  softDelete: "only a delete shows it: run with --write",
  actionsDeleteById: "only a delete shows it: run with --write",
  knowledgeContentsDeleteById: "only a delete shows it: run with --write",
  knowledgeLinkMethods: "only a link and an unlink show it: run with --write",
  connectionConfigKeysSnakeCase: "no connection with config keys in the org: run with --write",
  channelConfigKeysSnakeCase: "needs a channel with config keys in the org",
  actionInputKeysSnakeCase: "only an action doctor makes shows it: run with --write",
  assistantBoardSegmentIn:
    "no assistant of the org has a board with an initial segment (boards are made in the dashboard; doctor cannot make one)",
  contactsGetById: "no contact in the org",
  knowledgeStatuses: "no knowledge content in the org: run with --write",
  knowledgeScopes: "no assistant in the org",
  threadModes: "no assistant in the org",
  reorderPositionStep: "no action in the org: run with --write",
  listItemsCarryWholeObject: "no object in the org to compare: run with --write",
  serverDefaults: "only a new assistant shows them: run with --write",
};

/** Adds the `--spec` comparison (provider/doctor/spec-diff.ts) to the findings. */
async function specFindings(path: string, findings: Findings): Promise<void> {
  const { diffSpec } = await import("../doctor/spec-diff");
  const diffs = await diffSpec(path);
  for (const d of diffs) {
    if (d.severity === "info") findings.notes.push(`spec: ${d.where}: ${d.detail}`);
    else
      findings.add({
        assumption: `[spec] ${d.where} (${d.kind})`,
        verdict: "contradicted",
        evidence: d.detail,
        relied: d.severity === "error",
      });
  }
  if (!diffs.some((d) => d.severity !== "info"))
    findings.holds("[spec] OpenAPI document", `${path}: what the library sends and reads matches it`);
}

/**
 * Runs `pulumi-invent doctor` with its arguments and returns the exit code. Never prints the key or a
 * credential.
 */
export async function runDoctor(argv: string[], io: DoctorIO = {}): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const opts = parseDoctorArgs(argv);
  if (opts === "help") {
    out.write(USAGE);
    return 0;
  }
  if (typeof opts === "string") {
    err.write(`pulumi-invent doctor: ${opts}\n\n${USAGE}`);
    return 2;
  }
  const { settings, source } = commandSettings({
    cwd: io.cwd,
    stack: opts.stack,
    env: io.env ?? process.env,
  });
  let apiKey: string;
  try {
    apiKey = settings.requireApiKey();
  } catch (e) {
    err.write(`pulumi-invent doctor: ${(e as ConfigurationError).message}\n`);
    return 1;
  }
  const progress = (line: string) => err.write(`doctor: ${line}\n`);
  progress(`settings from ${source}; API ${settings.baseUrl}, org ${settings.orgId}`);
  const client = new InventClient({
    apiKey,
    baseUrl: settings.baseUrl,
    orgId: settings.orgId,
    logger: silentLogger,
    ...io.client,
  });
  const findings = new Findings();
  const ctx = { client, apiKey, org: settings.orgId, findings, progress };
  const report: DoctorReport = {
    org: { id: settings.orgId },
    mode: opts.write ? "write" : "read-only",
    findings: [],
    notes: findings.notes,
    leftovers: [],
    overridesInForce: overridesInForce(),
  };
  try {
    report.org = await readOnlyChecks(ctx);
    await chatReadChecks(ctx);
    await orgReadChecks(ctx);
    if (opts.write) {
      const expected = report.org.name ?? report.org.id;
      const what = report.org.name ? "name" : "id (the API does not tell its name)";
      let answer = opts.confirmOrg;
      if (answer === undefined) {
        const prompt = io.prompt ?? (process.stdin.isTTY ? ttyPrompt : undefined);
        if (!prompt) {
          err.write(
            `pulumi-invent doctor: --write creates and deletes objects in org ${report.org.id}; confirm with ` +
              `--confirm-org "<the org's ${what}>".\n`,
          );
          return 2;
        }
        answer = (
          await prompt(
            `--write creates one throwaway object of each kind it can delete again in this org (no sub-organization or segment: the API cannot delete those) and deletes it again; it spends one of the ` +
              `org's ${ASSUMPTIONS.assistantCreatesPerHour} assistant creations of this hour, and one chat with an ` +
              `existing assistant (two replies: it costs credits). Type the org's ${what} to go on: `,
          )
        ).trim();
      }
      if (answer !== expected) {
        err.write(
          `pulumi-invent doctor: ${JSON.stringify(answer)} is not this org's ${what}; nothing was written. ` +
            `The key reaches org ${report.org.id}${report.org.name ? ` named ${JSON.stringify(report.org.name)}` : ""}.\n`,
        );
        return 2;
      }
      report.leftovers = await writeChecks(ctx);
      orgWriteChecks(ctx);
      report.leftovers.push(...(await chatWriteChecks(ctx)));
    }
    if (opts.spec) await specFindings(opts.spec, findings);
  } catch (e) {
    if (e instanceof DoctorAuthError || (e as { status?: number }).status === 401) {
      err.write(
        `pulumi-invent doctor: the API key was refused (401) by ${settings.baseUrl}. It is wrong, revoked, or not ` +
          "open to API calls: make a key in the Invent dashboard and set it with `pulumi config set --secret " +
          "invent:apiKey <key>` or INVENT_API_KEY.\n",
      );
      return 1;
    }
    throw e;
  } finally {
    await client.close();
  }
  orgUncheckedRows(ctx);
  for (const [key, why] of Object.entries(UNCHECKABLE)) if (!findings.has(key)) findings.notChecked(key, why);
  report.findings = findings.list();
  out.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return exitCodeOf(report);
}
