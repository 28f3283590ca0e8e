/**
 * How the program `export` writes gets this library. pulumi-invent is not on the npm registry yet, so a
 * version range would not install: the export puts a tarball of the running library beside the program
 * (`vendor/pulumi-invent-<version>.tgz`, made by `npm pack` from the installed package) and depends on it by
 * path. `--library <spec>` writes any other npm spec instead (a registry range once published, a git URL).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The directory of this package's package.json, and its version (sources and the npm build sit at different depths). */
export function libraryRoot(): { dir: string; version: string } | undefined {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "pulumi-invent" && pkg.version) return { dir, version: pkg.version };
  }
  return undefined;
}

/** What the written package.json depends on, and what to tell the user when that is not a vendored tarball. */
export interface LibrarySpec {
  spec: string;
  /** The tarball written (relative to the output directory), when one was. */
  vendored?: string;
  /** Why no tarball could be written, and what to do instead. */
  warning?: string;
}

/**
 * Writes `vendor/<tarball>` into `out` and returns `file:vendor/<tarball>`; with `given`, returns it as is.
 * Without an npm build of the library (running from its sources) or without `npm`, falls back to the version
 * range and says how to install the library instead.
 */
export function librarySpec(out: string, given?: string): LibrarySpec {
  if (given) return { spec: given };
  const root = libraryRoot();
  const range = `^${root?.version ?? "0.1.0"}`;
  const fallback = (why: string): LibrarySpec => ({
    spec: range,
    warning:
      `could not put a tarball of pulumi-invent beside the program (${why}); its package.json asks for ${range}, ` +
      "which is not on the npm registry yet: install the library from a tarball (`npm pack` in a clone of its " +
      "repository) with `npm install <path to pulumi-invent-<version>.tgz>`, or pass --library <npm spec>.",
  });
  if (!root || !existsSync(join(root.dir, "dist", "provider", "index.js")))
    return fallback("this copy of the library has no npm build");
  const vendor = join(out, "vendor");
  mkdirSync(vendor, { recursive: true });
  try {
    // `--ignore-scripts`: pack what is installed as it is (the build already ran).
    const printed = execFileSync(
      "npm",
      ["pack", root.dir, "--ignore-scripts", "--silent", "--pack-destination", vendor],
      { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
    );
    const name = printed.trim().split("\n").pop()!;
    return { spec: `file:vendor/${name}`, vendored: `vendor/${name}` };
  } catch (err) {
    return fallback(`npm pack failed: ${(err as Error).message.split("\n")[0]}`);
  }
}
