/**
 * The plugin as the engine installs it: a tarball holding the launcher (`pulumi-resource-invent`) and the bundled
 * provider beside it, made from an installed (or packed) `pulumi-invent` package, and installed with the CLI's own
 * `pulumi plugin install resource invent <version> --file <tarball>`. Node.js on PATH is all it needs to run.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Files of the plugin, and where each comes from in the package. */
const PLUGIN_FILES = {
  "pulumi-resource-invent": "bin/pulumi-resource-invent",
  "pulumi-resource-invent.js": "dist/native/pulumi-resource-invent.js",
} as const;

/** The version of the package in `packageRoot`: the plugin's version. */
export const packageVersion = (packageRoot: string): string =>
  (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;

/** Writes the plugin tarball of the package in `packageRoot` to `out` (a `.tar.gz`); returns `out`. */
export function writePluginTarball(packageRoot: string, out: string): string {
  const stage = mkdtempSync(join(tmpdir(), "pulumi-invent-plugin-"));
  try {
    for (const [name, from] of Object.entries(PLUGIN_FILES))
      copyFileSync(join(packageRoot, from), join(stage, name));
    mkdirSync(join(out, ".."), { recursive: true });
    execFileSync("tar", ["-czf", out, "-C", stage, ...Object.keys(PLUGIN_FILES)]);
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
