/**
 * Reads conversation test files (YAML, JSON, JavaScript, or TypeScript through ts-node) and validates them
 * against the one schema before any API call. Every problem is one line naming the file (and line, for
 * YAML), the test, the turn and the field, with a did-you-mean for a mistyped key.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { didYouMean } from "../did-you-mean";
import { ConfigurationError } from "../errors";
import { chatTestFile, ChatTestFile, KNOWN_KEYS } from "./schema";

/** Bad test files: every problem, one per line. The command exits 2. */
export class TestFileError extends ConfigurationError {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** A validated test file. */
export interface LoadedTestFile {
  /** As given (relative to the working directory when inside it), for messages and reports. */
  path: string;
  file: ChatTestFile;
}

/** File names the command finds on its own: `*.chat.yaml` (and .yml, .json, .ts, .js). */
export const TEST_FILE_PATTERN = /\.chat\.(ya?ml|json|ts|js|cjs)$/;
/** Where the command looks when no file is named. */
export const DEFAULT_TEST_DIR = "tests";

/** The test files under `dir` (recursively, without node_modules), sorted. */
export function findTestFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name === "node_modules" || name.startsWith(".")) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (TEST_FILE_PATTERN.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

type Path = (string | number)[];
type Source = { data: unknown; lineOf?: (path: Path, key?: string) => number | undefined };

function yamlSource(text: string, where: string, problems: string[]): Source | undefined {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const at = e.linePos?.[0];
      const said = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      problems.push(`${where}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML: ${said}`);
    }
    return undefined;
  }
  return {
    data: doc.toJS(),
    lineOf(path, key) {
      // A missing field is reported at the object that lacks it.
      let node: { range?: [number, number] } | undefined;
      for (let n = path.length; n >= 0 && !node?.range; n--)
        node = doc.getIn(path.slice(0, n), true) as typeof node;
      if (key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        const range = (pair?.key as { range?: [number, number] } | undefined)?.range;
        if (range) return lines.linePos(range[0]).line;
      }
      return node?.range ? lines.linePos(node.range[0]).line : undefined;
    },
  };
}

/** A module's test file: its default export (or the module itself). TypeScript needs ts-node. */
function moduleSource(file: string, cwd: string, where: string, problems: string[]): Source | undefined {
  if (extname(file) === ".ts") {
    let tsNode: { register(o: object): unknown } | undefined;
    try {
      tsNode = require(require.resolve("ts-node", { paths: [cwd, __dirname] })) as typeof tsNode;
    } catch {
      problems.push(
        `${where}: a TypeScript test file needs ts-node (a Pulumi TypeScript project has it: run npm install), ` +
          "or write the tests as .chat.yaml",
      );
      return undefined;
    }
    const key = Symbol.for("pulumi-invent.ts-node");
    const g = globalThis as Record<symbol, unknown>;
    if (!g[key] && !(process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")])
      g[key] = tsNode?.register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
  }
  try {
    const loaded = require(file) as { default?: unknown };
    return { data: loaded && typeof loaded === "object" && "default" in loaded ? loaded.default : loaded };
  } catch (err) {
    problems.push(`${where}: could not load it: ${(err as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

function sourceOf(file: string, cwd: string, where: string, problems: string[]): Source | undefined {
  if (!existsSync(file)) {
    problems.push(`${where}: no such file`);
    return undefined;
  }
  const ext = extname(file);
  if (ext === ".yaml" || ext === ".yml") return yamlSource(readFileSync(file, "utf8"), where, problems);
  if (ext === ".json") {
    try {
      return { data: JSON.parse(readFileSync(file, "utf8")) };
    } catch (err) {
      problems.push(`${where}: not valid JSON: ${(err as Error).message}`);
      return undefined;
    }
  }
  if ([".ts", ".js", ".cjs"].includes(ext)) return moduleSource(file, cwd, where, problems);
  problems.push(`${where}: unknown kind of file; use .chat.yaml, .chat.json, .chat.ts or .chat.js`);
  return undefined;
}

/** What kind of object a path points at, for the keys it may have. */
function contextOf(path: Path): string {
  const names = path.filter((p): p is string => typeof p === "string");
  const last = names[names.length - 1];
  if (last === undefined) return "file";
  if (last === "tests") return "test";
  if (last === "turns") return "turn";
  if (last === "judge" && names.length === 1) return "judge";
  return last;
}

/** What a field of a union type may be, for a readable message. */
const UNION_HINT: Record<string, string> = {
  contains: "a text or a list of texts",
  notContains: "a text or a list of texts",
  tool: "an object {called | notCalled, input} or a list of them",
};

function problemOf(issue: z.core.$ZodIssue, data: unknown, src: Source, where: string): string[] {
  const path = issue.path as Path;
  const testIndex = path[0] === "tests" && typeof path[1] === "number" ? path[1] : undefined;
  const tests = (data as { tests?: { name?: unknown }[] } | undefined)?.tests;
  const testName = testIndex !== undefined ? tests?.[testIndex]?.name : undefined;
  const turnIndex = path[2] === "turns" && typeof path[3] === "number" ? path[3] : undefined;
  const rest = path.slice(testIndex === undefined ? 0 : turnIndex === undefined ? 2 : 4);
  const scope = [
    testIndex === undefined
      ? undefined
      : typeof testName === "string"
        ? `test ${JSON.stringify(testName)}`
        : `test ${testIndex + 1}`,
    turnIndex === undefined ? undefined : `turn ${turnIndex + 1}`,
  ].filter(Boolean);
  const at = (p: Path, key?: string) => {
    const line = src.lineOf?.(p, key);
    return `${where}${line ? `:${line}` : ""}: ${scope.length ? `${scope.join(", ")}: ` : ""}`;
  };
  const field = (extra?: string) =>
    [...rest, ...(extra ? [extra] : [])].join(".").replace(/\.(\d+)/g, "[$1]");
  if (issue.code === "unrecognized_keys") {
    const known = KNOWN_KEYS[contextOf(path)] ?? [];
    return issue.keys.map((key) => {
      const guess = didYouMean(key, known);
      return (
        `${at(path, key)}${field(key)}: unknown field` +
        (guess ? `; did you mean ${JSON.stringify(guess)}?` : `; known: ${known.join(", ")}`)
      );
    });
  }
  const last = String(rest[rest.length - 1] ?? "");
  let message = issue.message;
  if (issue.code === "invalid_union") {
    // The branch that got furthest (an object with a bad field) says more than "of another type".
    const deepest = issue.errors
      .filter((branch) => branch.length && branch[0].path.length)
      .sort((a, b) => b[0].path.length - a[0].path.length)[0];
    if (deepest)
      return deepest.flatMap((inner) =>
        problemOf({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, data, src, where),
      );
    const inInput = rest.includes("input");
    message = `must be ${inInput ? "a value, or {equals}, {contains} or {regex}" : (UNION_HINT[last] ?? "of another type")}`;
  } else if (issue.code === "invalid_type") {
    const got =
      issue.input === undefined ? "nothing" : Array.isArray(issue.input) ? "a list" : typeof issue.input;
    message =
      issue.input === undefined
        ? "is required"
        : `must be ${issue.expected === "array" ? "a list" : `a ${issue.expected}`} (got ${got})`;
  } else if (issue.code === "too_small" && issue.origin === "array")
    message = `must have at least ${String(issue.minimum)} item(s)`;
  else if (issue.code === "too_small" && issue.origin === "number")
    message = `must be ${issue.inclusive ? "at least" : "more than"} ${String(issue.minimum)}`;
  else if (issue.code === "too_big" && issue.origin === "number")
    message = `must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}`;
  return [`${at(path)}${rest.length ? `${field()}: ` : ""}${message}`];
}

/**
 * Reads and validates the files; throws a {@link TestFileError} listing every problem of every file.
 * Paths are resolved against `cwd`.
 */
export function loadTestFiles(paths: string[], cwd: string): LoadedTestFile[] {
  const problems: string[] = [];
  const loaded: LoadedTestFile[] = [];
  for (const given of paths) {
    const file = resolve(cwd, given);
    const rel = relative(cwd, file);
    const where = rel && !rel.startsWith("..") ? rel : file;
    const src = sourceOf(file, cwd, where, problems);
    if (!src) continue;
    const parsed = chatTestFile.safeParse(src.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(...problemOf(issue, src.data, src, where));
      continue;
    }
    loaded.push({ path: where, file: parsed.data });
  }
  if (problems.length) throw new TestFileError(problems);
  return loaded;
}
