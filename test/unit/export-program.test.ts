/**
 * The program `pulumi-invent export` writes: valid, unique names; strings that survive any text; defaults left
 * out; the same org always gives the same bytes. The written program is compiled by TypeScript here, so a
 * broken literal or an invalid name fails the test, not a user's `pulumi up`.
 */
import * as ts from "typescript";
import { declaredArgs, buildModel, ExportModel, Ref, resolve } from "../../provider/export/model";
import { identifier, slug, UniqueNames } from "../../provider/export/names";
import { expression, renderProgram } from "../../provider/export/program";
import { stateOf } from "../../provider/export/imports";
import { OrgSnapshot } from "../../provider/export/read";
import { actionSpec } from "../../provider/resources/action";
import { assistantSpec } from "../../provider/resources/assistant";
import { channelSpec } from "../../provider/resources/channel";
import { ResourceSpec } from "../../provider/schema/spec";

const spec = (s: unknown) => s as ResourceSpec;
const AT = { created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" };

function assistant(id: string, name: string, config: Record<string, unknown> = {}, extra = {}) {
  return {
    id,
    name,
    enabled: true,
    deleted: false,
    secret_key: null,
    avatar_url: null,
    config,
    ...AT,
    ...extra,
  };
}

function snapshot(parts: Partial<OrgSnapshot> = {}): OrgSnapshot {
  return {
    org: "c",
    assistants: [],
    connections: [],
    actions: new Map(),
    channels: new Map(),
    contents: [],
    links: new Map(),
    calls: 0,
    ...parts,
  };
}

/** Compiles a program against stand-in declarations of the library: syntax and names must be valid. */
function compileErrors(program: string): string[] {
  const stubs = `
declare module "pulumi-invent" {
  type I<T> = T | { id: unknown };
  export class Assistant { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export class Connection { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export class Action { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export class ActionOrder { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export class Channel { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export class KnowledgeContent { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export class KnowledgeLink { constructor(n: string, a: Record<string, unknown>, o?: object); id: string }
  export function getConnectionOutput(a: { id: string; orgId?: string }): { id: I<string> };
}
declare module "@pulumi/pulumi" { export class Config { requireSecret(k: string): string } }
declare module "node:fs" { export function readFileSync(p: string, e: string): string }
declare module "node:path" { export function join(...p: string[]): string }
declare const __dirname: string;
`;
  const files: Record<string, string> = { "index.ts": program, "stubs.d.ts": stubs };
  const host = ts.createCompilerHost({});
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) =>
    name in files ? ts.createSourceFile(name, files[name], lang) : read(name, lang);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  const prog = ts.createProgram(["index.ts", "stubs.d.ts"], options, host);
  return ts
    .getPreEmitDiagnostics(prog)
    .filter((d) => d.file?.fileName === "index.ts")
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("names", () => {
  test("logical names are lower-case slugs; odd names fall back", () => {
    expect(slug("Customer Support (EU)", "assistant")).toBe("customer-support-eu");
    expect(slug("Café — Über", "assistant")).toBe("cafe-uber");
    expect(slug("¿?¡!", "assistant")).toBe("assistant");
    expect(slug("x".repeat(200), "a")).toHaveLength(48);
  });

  test("variables are valid identifiers, never reserved words or the program's own names", () => {
    expect(identifier("customer-support-eu", "assistant")).toBe("customerSupportEu");
    expect(identifier("2nd-line", "assistant")).toBe("assistant2ndLine");
    expect(identifier("class", "assistant")).toBe("classAssistant");
    expect(identifier("config", "connection")).toBe("configConnection");
    expect(identifier("invent", "connection")).toBe("inventConnection");
    expect(identifier("", "channel")).toBe("channel");
  });

  test("unique names take a numeric suffix, case-insensitively, in call order", () => {
    const names = new UniqueNames("-");
    expect(["support", "support", "Support", "support-2"].map((n) => names.take(n))).toEqual([
      "support",
      "support-2",
      "Support-3",
      "support-2-2",
    ]);
  });
});

describe("string and value literals", () => {
  const nasty = [
    'He said "hi"',
    "back\\slash \\n not a newline",
    "line one\nline two\r\n\ttabbed",
    "template ${injection} and `backticks`",
    "unicode \u2028 separators \u2029 and emoji 🚀 and \u0000 nul",
    "</script><!-- -->",
  ];

  test.each(nasty)("%j is written as a literal that evaluates to itself", (s) => {
    expect(new Function(`return ${expression(s)};`)()).toBe(s);
    expect(new Function(`return ${expression({ [s]: [s, { nested: s }] })};`)()).toEqual({
      [s]: [s, { nested: s }],
    });
  });

  test("a whole program with such names and strings compiles and names each resource once", () => {
    const assistants = nasty.map((n, i) => assistant(`ast_${i}`, n, { instructions: n }));
    assistants.push(
      assistant("ast_dup", nasty[0]),
      assistant("ast_class", "class"),
      assistant("ast_9", "9 lives"),
    );
    const model = buildModel(snapshot({ assistants }));
    const program = renderProgram(model, ["header"]);
    expect(compileErrors("const class = 1;")).not.toEqual([]); // the check itself catches a bad name
    expect(compileErrors(program)).toEqual([]);
    const names = model.resources.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const variables = model.resources.map((r) => r.variable);
    expect(new Set(variables).size).toBe(variables.length);
    // Every instruction reads back exactly (short ones inline, long ones from a file).
    for (const r of model.resources) {
      const live = assistants.find((a) => a.id === r.id)!;
      expect(resolve(r.args.instructions)).toBe((live.config as { instructions?: string }).instructions);
    }
  });
});

describe("defaults are left out", () => {
  test("empty values, createDefaults and documented defaults are not declared", () => {
    const args = declaredArgs(
      spec(assistantSpec),
      assistant("ast_1", "Support", {
        instructions: "",
        language: "auto",
        conversation: {
          welcome_banner: "",
          suggested_messages: [],
          enable_memories: false,
          thread_mode: null,
        },
      }),
    );
    // enabled: true is the documented server default, language "auto" and enableMemories false the assumed
    // ones (ASSUMPTIONS.serverDefaults); "" and [] are the server's blanks.
    expect(args).toEqual({ name: "Support" });
    const differing = declaredArgs(
      spec(assistantSpec),
      assistant("ast_2", "Support", {
        language: "en",
        conversation: { enable_memories: true, thread_mode: "new" },
      }),
    );
    expect(differing).toEqual({ name: "Support", language: "en", conversation: { enableMemories: true } });
    const action = declaredArgs(spec(actionSpec), {
      id: "act_1",
      assistant_id: "ast_1",
      action_id: "TOOLS:WEB_SEARCH",
      enabled: true,
      name: null,
      instructions: null,
      connection_id: null,
      config: { input: {}, definitions: [] },
      position: 100,
      ...AT,
    });
    expect(action).toEqual({ tool: "TOOLS:WEB_SEARCH" }); // enabled and config are the create defaults
    const channel = declaredArgs(spec(channelSpec), {
      id: "ain_1",
      assistant_id: "ast_1",
      integration_id: "internal",
      enabled: false,
      connection_id: null,
      config: {},
      error: null,
      ...AT,
    });
    expect(channel).toEqual({ type: "internal", enabled: false });
  });

  test("a masked credential becomes secret config, and the import stores the mask, never more", () => {
    const model = buildModel(
      snapshot({
        connections: [
          {
            id: "con_1",
            type: "STRIPE",
            name: "Billing",
            status: "ACTIVE",
            config: { auth_method: "MANUAL", api_key: "****4242" },
            ...AT,
          },
          { id: "con_2", type: "WHATSAPP", name: "Line", status: "ACTIVE", config: {}, ...AT },
        ],
      }),
    );
    expect(model.secrets.map((s) => [s.name, s.masked])).toEqual([["billingApiKey", "****4242"]]);
    expect(model.lookups.map((l) => l.id)).toEqual(["con_2"]);
    const program = renderProgram(model);
    expect(program).toContain('apiKey: config.requireSecret("billingApiKey")');
    expect(program).toContain('invent.getConnectionOutput({ id: "con_2" })');
    const { inputs, outputs } = stateOf(model.resources[0], "c");
    expect(JSON.stringify(inputs.config)).toContain("****4242");
    expect(JSON.stringify(outputs.config)).toContain("plaintext"); // marked secret
  });
});

describe("determinism and --only", () => {
  const org = () =>
    snapshot({
      assistants: [assistant("ast_b", "Beta"), assistant("ast_a", "Alpha", {}, { secret_key: "ask_minted" })],
      actions: new Map([
        [
          "ast_a",
          [
            {
              id: "act_2",
              assistant_id: "ast_a",
              action_id: "TOOLS:WEB_SEARCH",
              enabled: true,
              position: 100,
              ...AT,
            },
            {
              id: "act_1",
              assistant_id: "ast_a",
              action_id: "TOOLS:HTTP_REQUEST",
              enabled: true,
              position: 200,
              ...AT,
            },
          ],
        ],
      ]),
    });

  test("the same org in another listing order gives the same program", () => {
    const a = renderProgram(buildModel(org()));
    const shuffled = org();
    shuffled.assistants.reverse();
    expect(renderProgram(buildModel(shuffled))).toBe(a);
    expect(a.indexOf('"alpha"')).toBeLessThan(a.indexOf('"beta"'));
    // The order of two actions is declared, first first.
    expect(a).toContain("actionIds: [alphaWebSearch.id, alphaHttpRequest.id]");
  });

  test("--only keeps the picked objects; a reference to one left out is its id", () => {
    const model: ExportModel = buildModel(org(), { only: ["act_1"] });
    expect(model.resources.map((r) => r.name)).toEqual(["alpha-http-request"]);
    expect(model.resources[0].args.assistantId).toBe("ast_a");
    expect(buildModel(org(), { only: ["Beta"] }).resources.map((r) => r.id)).toEqual(["ast_b"]);
  });

  test("a minted widget key is never in the import entries", () => {
    const model = buildModel(org());
    const alpha = model.resources.find((r) => r.id === "ast_a")!;
    expect(alpha.args.generateSecretKey).toBe(true);
    expect(JSON.stringify(stateOf(alpha, "c"))).not.toContain("ask_minted");
  });

  test("children are written by reference to their parent", () => {
    const model = buildModel(org());
    const action = model.resources.find((r) => r.id === "act_1")!;
    expect(action.args.assistantId).toBeInstanceOf(Ref);
    expect(renderProgram(model)).toContain("assistantId: alpha.id");
  });
});
