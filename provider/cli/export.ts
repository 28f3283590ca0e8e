/**
 * `pulumi-invent export --out <dir> [--org <id>] [--only <id-or-name>...] [--stack <name>]`: reads a live org
 * (GETs only) and writes a Pulumi TypeScript program declaring its objects, plus `import.json` for
 * `pulumi import --file import.json --generate-code=false`, so an org made in the dashboard moves to code
 * without recreating anything. Progress goes to stderr; what to do next (and the secret config to set) to stdout.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ASSUMPTIONS } from "../assumptions";
import { InventClient } from "../client";
import { orgIdProblem } from "../config";
import { ConfigurationError } from "../errors";
import { stderrLogger } from "../log";
import { importFile } from "../export/imports";
import { buildModel } from "../export/model";
import { slug } from "../export/names";
import { renderProgram, supportFiles } from "../export/program";
import { providerTexts } from "../export/provider-text";
import { readOrg } from "../export/read";
import { librarySpec } from "../export/library";
import { commandArgs, UsageError } from "./args";
import { commandSettings } from "./settings";

const USAGE = `usage: pulumi-invent export --out <dir> [--org <id>] [--only <id-or-name>]... [--stack <name>] [--library <spec>]

Reads every assistant, connection, action, channel, knowledge content and link of an org (GET requests only)
and writes into <dir>:
  index.ts      a Pulumi program declaring them (values that differ from the server's defaults)
  import.json   entries for \`pulumi import --file import.json --generate-code=false\` (Pulumi CLI 3.254+)
  package.json, tsconfig.json, Pulumi.yaml   when <dir> has none
  vendor/pulumi-invent-<version>.tgz        the library, which package.json installs by path (until it is
                                            on the npm registry)

options:
  --out <dir>      where to write (created if missing)
  --org <id>       org to read: an org id, or c for the key's own org (default: invent:orgId, INVENT_ORG_ID, c)
  --only <x>       only these objects, by id, name or logical name (repeat it, or a,b); references to objects
                   left out are written as ids
  --stack <name>   read invent:* settings from this stack of the Pulumi project here (default: selected stack)
  --library <spec> the npm spec package.json gives pulumi-invent instead of the vendored tarball (a version
                   range once it is published, a git URL, a path)
  --native         write the native provider's types (invent:index:<Kind>) and a program on pulumi-invent/native
                   (install the plugin first: npx pulumi-invent plugin install)

Settings: invent:apiKey / invent:baseUrl / invent:orgId of the Pulumi project in the working directory, else
INVENT_API_KEY / INVENT_BASE_URL / INVENT_ORG_ID. No secret is written: credentials become secret config.
`;

/** First line of a program this command wrote: only such a file is ever overwritten. */
const MARK = "Written by `pulumi-invent export`";

interface ExportArgs {
  out: string;
  org?: string;
  only: string[];
  stack?: string;
  library?: string;
  native?: boolean;
}

function parseExportArgs(argv: string[]): ExportArgs | "help" {
  const v = commandArgs(
    argv,
    {
      out: { type: "string" },
      org: { type: "string" },
      only: { type: "string", multiple: true },
      stack: { type: "string" },
      library: { type: "string" },
      native: { type: "boolean" },
    },
    USAGE,
  );
  if (v.help) return "help";
  if (!v.out) throw new UsageError(`--out <dir> is required\n\n${USAGE}`);
  // `--only a --only b`, or `--only a,b`.
  const only = (v.only ?? []).flatMap((o) => o.split(",")).filter((o) => o !== "");
  return { out: v.out, org: v.org, only, stack: v.stack, library: v.library, native: v.native };
}

/** Shell-quotes a word for the printed commands. */
const shellWord = (s: string) => (/^[A-Za-z0-9_.:/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Runs `pulumi-invent export`; returns the exit code. */
export async function runExport(argv: string[]): Promise<number> {
  const parsed = parseExportArgs(argv);
  if (parsed === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const progress = (line: string) => process.stderr.write(`pulumi-invent export: ${line}\n`);
  const { settings, source } = commandSettings({ stack: parsed.stack });
  const org = parsed.org ?? settings.orgId;
  const problem = orgIdProblem("--org", org);
  if (problem) throw new UsageError(problem);
  progress(`settings from ${source}; reading org ${org} at ${settings.baseUrl} (GET requests only)`);
  const client = new InventClient({
    apiKey: settings.requireApiKey(),
    baseUrl: settings.baseUrl,
    orgId: org,
    logger: stderrLogger,
  });
  let snap;
  try {
    snap = await readOrg(client, org, progress);
  } finally {
    await client.close();
  }
  progress(`read in ${snap.calls} API calls`);

  const model = buildModel(snap, { only: parsed.only });
  if (parsed.only.length && model.resources.length === 0 && model.lookups.length === 0)
    throw new ConfigurationError(
      `--only matched no object of org ${org} (ids, names and logical names are compared exactly)`,
    );
  const stubs = parsed.native
    ? new Map<string, string>()
    : await providerTexts(model.resources.map((r) => r.spec.type));

  const out = resolve(parsed.out);
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), text);
    written.push(name);
  };
  // A hand-written program is never overwritten: the export then goes beside it.
  const ours = (file: string) => !existsSync(file) || readFileSync(file, "utf8").includes(MARK);
  const programFile = ours(join(out, "index.ts")) ? "index.ts" : "exported.ts";
  const project = `invent-${slug(org === ASSUMPTIONS.ownOrgAlias ? "org" : org, "org")}`;
  const texts: Record<string, string> = {
    [programFile]: renderProgram(
      model,
      [
        `${MARK} from org ${org}. Import the objects with:`,
        "  pulumi import --file import.json --generate-code=false",
      ],
      { native: parsed.native },
    ),
    ...Object.fromEntries(model.files.map((f) => [f.path, f.text])),
    "import.json": `${JSON.stringify(
      importFile(model, (t) => stubs.get(t)!, parsed.native),
      null,
      2,
    )}\n`,
  };
  // Last guard: a server-minted secret (an assistant's widget key) must not be in anything written.
  const minted = snap.assistants
    .map((a) => a.secret_key)
    .filter((k): k is string => typeof k === "string" && k.length > 0);
  for (const [name, text] of Object.entries(texts)) {
    if (minted.some((k) => text.includes(k)))
      throw new Error(`refusing to write ${name}: it would hold a secret key`);
    write(name, text);
  }
  // The library travels with a new package.json (a tarball beside it, until it is on the npm registry).
  const library = existsSync(join(out, "package.json")) ? undefined : librarySpec(out, parsed.library);
  if (library?.vendored) written.push(library.vendored);
  if (library?.warning) progress(`warning: ${library.warning}`);
  for (const [name, text] of Object.entries(supportFiles(project, library?.spec ?? "")))
    if (!existsSync(join(out, name))) write(name, text);

  for (const w of model.warnings) progress(`warning: ${w}`);
  const lines = [
    `Wrote ${written.join(", ")} to ${out}:`,
    `  ${model.resources.length} resources to import` +
      (model.lookups.length ? `, ${model.lookups.length} browser-only connection(s) looked up by id` : "") +
      `; ${snap.calls} API calls, no writes.`,
    "",
    "Next, in that directory:",
    "  npm install",
    "  pulumi stack init <name>        # or select an existing stack",
    "  pulumi config set --secret invent:apiKey <your key>",
  ];
  if (settings.baseUrl !== ASSUMPTIONS.defaultBaseUrl)
    lines.push(`  pulumi config set invent:baseUrl ${shellWord(settings.baseUrl)}`);
  if (model.secrets.length) {
    lines.push(
      "",
      "Credentials the API shows only masked: set each to the real value (never written to disk):",
    );
    for (const s of model.secrets)
      lines.push(`pulumi config set --secret ${s.name} '<value>'   # ${s.about}, shown as ${s.masked}`);
  }
  lines.push(
    "",
    "Then:",
    "  pulumi import --file import.json --generate-code=false --yes",
    "  pulumi preview --expect-no-changes",
    "",
  );
  process.stdout.write(lines.join("\n"));
  return 0;
}
