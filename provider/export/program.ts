/**
 * The Pulumi TypeScript program `pulumi-invent export` writes: one `new invent.X(...)` per object, children
 * wired to their parents by reference, browser-only connections looked up, credentials from secret config,
 * long texts read from files beside it. Strings are written with `JSON.stringify`, which is a valid TypeScript
 * string literal for any text (quotes, backslashes, newlines, `${`).
 */
import { ExportModel, ProgramResource, Ref, SecretConfig, TextFile } from "./model";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Width a value may take on one line before it is broken over several. */
const WIDTH = 100;

/** A property key as written in an object literal: bare when it is an identifier, else quoted. */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/** A value as a TypeScript expression, indented for `indent` spaces of nesting. */
export function expression(v: unknown, indent = 0): string {
  if (v instanceof Ref) return `${v.variable}.id`;
  if (v instanceof SecretConfig) return `config.requireSecret(${JSON.stringify(v.name)})`;
  if (v instanceof TextFile)
    return `fs.readFileSync(path.join(__dirname, ${JSON.stringify(v.path)}), "utf8")`;
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const pad = " ".repeat(indent + 2);
  const close = " ".repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = v.map((x) => expression(x, indent + 2));
    const flat = `[${items.join(", ")}]`;
    return flat.length + indent <= WIDTH && !flat.includes("\n")
      ? flat
      : `[\n${items.map((i) => `${pad}${i},`).join("\n")}\n${close}]`;
  }
  if (isObj(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const items = entries.map(([k, x]) => `${propertyKey(k)}: ${expression(x, indent + 2)}`);
    const flat = `{ ${items.join(", ")} }`;
    return flat.length + indent <= WIDTH && !flat.includes("\n")
      ? flat
      : `{\n${items.map((i) => `${pad}${i},`).join("\n")}\n${close}}`;
  }
  throw new Error(`cannot write ${typeof v} into a program`);
}

/** `const x = new invent.Kind("name", { … });`, arguments always one per line for readable diffs. */
function declaration(r: ProgramResource): string {
  const items = Object.entries(r.args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${propertyKey(k)}: ${expression(v, 2)},`);
  return `const ${r.variable} = new invent.${r.spec.type}(${JSON.stringify(r.name)}, {\n${items.join("\n")}\n});`;
}

/**
 * The program's text (`index.ts`). Same model, same bytes. `native`: the classes of `pulumi-invent/native` (the
 * native provider) instead of the dynamic ones; the program is otherwise the same.
 */
export function renderProgram(
  model: ExportModel,
  header: string[] = [],
  opts: { native?: boolean } = {},
): string {
  const uses = (pred: (v: unknown) => boolean) => {
    const walk = (v: unknown): boolean =>
      pred(v) ||
      (Array.isArray(v) ? v.some(walk) : isObj(v) && !(v instanceof Ref) && Object.values(v).some(walk));
    return model.resources.some((r) => walk(r.args));
  };
  const files = uses((v) => v instanceof TextFile);
  const secrets = uses((v) => v instanceof SecretConfig);
  const out: string[] = [...header.map((l) => `// ${l}`)];
  if (header.length) out.push("");
  if (files) out.push('import * as fs from "node:fs";', 'import * as path from "node:path";');
  if (secrets) out.push('import * as pulumi from "@pulumi/pulumi";');
  out.push(`import * as invent from "${opts.native ? "pulumi-invent/native" : "pulumi-invent"}";`, "");
  if (secrets) {
    out.push(
      "// Credentials the API never shows: set each with `pulumi config set --secret <name> <value>`.",
    );
    out.push("const config = new pulumi.Config();", "");
  }
  if (model.lookups.length) {
    out.push(
      "// Connected through a browser sign-in, which code cannot do: looked up by id, never managed here.",
    );
    for (const l of model.lookups) {
      const args: Obj = { id: l.id };
      if (model.org !== "c") args.orgId = model.org;
      out.push(
        `const ${l.variable} = invent.getConnectionOutput(${expression(args)}); // ${l.type}${l.name ? ` ${JSON.stringify(l.name)}` : ""}`,
      );
    }
    out.push("");
  }
  for (const r of model.resources) out.push(declaration(r), "");
  return `${out.join("\n").trimEnd()}\n`;
}

/**
 * `package.json`, `tsconfig.json` and `Pulumi.yaml` for a directory that has none; `library` is the npm spec of
 * pulumi-invent (see `librarySpec`).
 */
export function supportFiles(project: string, library: string): Record<string, string> {
  return {
    "package.json": `${JSON.stringify(
      {
        name: project,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": "^3.139.0", "pulumi-invent": library },
        devDependencies: { "@types/node": "^20.19.0", typescript: "~5.9.3" },
      },
      null,
      2,
    )}\n`,
    // node16 for both: TypeScript 6 refuses `"moduleResolution": "node"`, and this works with 5.9 and 6.
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          esModuleInterop: true,
          skipLibCheck: true,
          outDir: "bin",
        },
        files: ["index.ts"],
      },
      null,
      2,
    )}\n`,
    "Pulumi.yaml": [
      `name: ${project}`,
      "description: Invent assistants and connections, exported by pulumi-invent export.",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "",
    ].join("\n"),
  };
}
