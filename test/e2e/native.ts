/**
 * What the native-provider suites share: the plugin as a user installs it (from the packed npm package, through
 * `pulumi plugin install … --file`), the language hosts (built once and cached by their scripts), the emulator's
 * call counts per step, and the secrets grep.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { packedLibrary, PulumiProject, REPO } from "../../scripts/lib/pulumi-project";
import { packageVersion, writePluginTarball } from "../../provider/native/plugin";
import { RunningEmulator } from "../emulator/server";

/** A pinned tool's directory or path, from its script (cached after the first build). */
export const tool = (script: string): string =>
  execFileSync("bash", [join(REPO, "scripts", script)], { stdio: ["ignore", "pipe", "inherit"] })
    .toString()
    .trim();

/** The plugin tarball made from the packed package (as `pulumi-invent plugin package` makes it), and its version. */
export async function pluginTarball(): Promise<{ tarball: string; version: string }> {
  const packed = await packedLibrary();
  const unpacked = join(dirname(packed), "unpacked");
  const tarball = join(dirname(packed), "pulumi-resource-invent.tar.gz");
  if (!existsSync(tarball)) {
    mkdirSync(unpacked, { recursive: true });
    execFileSync("tar", ["-xzf", packed, "-C", unpacked]);
    writePluginTarball(join(unpacked, "package"), tarball);
  }
  return { tarball, version: packageVersion(join(unpacked, "package")) };
}

/** Installs the plugin into the project's PULUMI_HOME the way a user does. */
export async function installPlugin(project: PulumiProject): Promise<void> {
  const { tarball, version } = await pluginTarball();
  await project.ok(["plugin", "install", "resource", "invent", version, "--file", tarball]);
}

/** Counts the API calls an action makes (429s apart), by route. */
export async function callsOf(
  emulator: RunningEmulator,
  action: () => Promise<{ output: string }>,
): Promise<{ output: string; calls: Record<string, number>; writes: Record<string, number> }> {
  await emulator.control.resetRequests();
  const { output } = await action();
  const calls: Record<string, number> = {};
  for (const r of await emulator.control.requestLog())
    if (r.status !== 429) calls[r.route] = (calls[r.route] ?? 0) + 1;
  const writes = Object.fromEntries(Object.entries(calls).filter(([route]) => !route.startsWith("GET")));
  return { output, calls, writes };
}

/** Every secret value that must never appear in plain text: the ones given, and every key the emulator minted. */
export async function secretsIn(emulator: RunningEmulator, given: string[]): Promise<string[]> {
  const minted = (await emulator.control.state()).assistants
    .map((a) => a.secret_key)
    .filter((k): k is string => !!k);
  return [...given, ...minted];
}

/** The secrets found in plain text in `text` (none, when all is well). */
export const leaked = (text: string, secrets: string[]) => secrets.filter((s) => text.includes(s));

/** The provider resource's inputs in an exported state (the default one unless named). */
export function providerInputs(state: string, type = "pulumi:providers:invent"): Record<string, unknown>[] {
  const resources: { type: string; inputs: Record<string, unknown> }[] =
    JSON.parse(state).deployment.resources;
  return resources.filter((r) => r.type === type).map((r) => r.inputs);
}
