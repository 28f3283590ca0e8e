/**
 * `pulumi-invent plugin install` (installs the native provider plugin of this package into Pulumi with the
 * `pulumi` on PATH) and `pulumi-invent plugin package --out <file>` (writes the plugin tarball, for
 * `pulumi plugin install resource invent <version> --file <file>` on another machine).
 */
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packageVersion, writePluginTarball } from "../native/plugin";
import { UsageError } from "./args";

const USAGE = "usage: pulumi-invent plugin install | pulumi-invent plugin package --out <file.tar.gz>";

export async function runPlugin(argv: string[]): Promise<number> {
  const root = resolve(__dirname, "../../..");
  const version = packageVersion(root);
  const [what, ...rest] = argv;
  if (what === "package") {
    const i = rest.indexOf("--out");
    if (i < 0 || !rest[i + 1])
      throw new UsageError(`plugin package: --out <file.tar.gz> is required\n${USAGE}`);
    const out = writePluginTarball(root, resolve(rest[i + 1]));
    process.stdout.write(
      `${out}\ninstall it with: pulumi plugin install resource invent ${version} --file ${out}\n`,
    );
    return 0;
  }
  if (what === "install") {
    const out = writePluginTarball(root, join(tmpdir(), `pulumi-resource-invent-v${version}.tar.gz`));
    execFileSync(
      "pulumi",
      ["plugin", "install", "resource", "invent", version, "--file", out, "--reinstall"],
      {
        stdio: "inherit",
      },
    );
    return 0;
  }
  throw new UsageError(USAGE);
}
