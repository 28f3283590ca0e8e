/**
 * Settings of the `pulumi-invent` command: configured like the provider. Inside a Pulumi project (a
 * `Pulumi.yaml` in the working directory or above) the selected stack's `invent:*` config is read through
 * `pulumi config --json --show-secrets` (the values stay in this process); otherwise, or for keys the stack
 * does not set, the environment (`INVENT_API_KEY`, `INVENT_ORG_ID`, `INVENT_BASE_URL`).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigSource, resolveSettings, ResolvedSettings } from "../config";

/** Where the settings came from, for the command's first line (never the values). */
export interface CommandSettings {
  settings: ResolvedSettings;
  source: string;
}

/** The directory of the Pulumi project holding `from` (a `Pulumi.yaml` there or above), if any. */
export function projectDir(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml")) || existsSync(join(dir, "Pulumi.yml"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The selected stack's config as a source, or undefined outside a project or without a usable `pulumi`. */
function stackConfig(
  cwd: string,
  stack: string | undefined,
): { source: ConfigSource; label: string } | undefined {
  const dir = projectDir(cwd);
  if (!dir) return undefined;
  let out: string;
  try {
    out = execFileSync(
      "pulumi",
      ["config", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])],
      {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  } catch {
    return undefined; // no stack selected, no pulumi on PATH: the environment is the source
  }
  const values = JSON.parse(out) as Record<string, { value?: unknown }>;
  return {
    source: { get: (key) => (values[key]?.value === undefined ? undefined : String(values[key].value)) },
    label: `stack config of the Pulumi project in ${dir}${stack ? ` (stack ${stack})` : ""}, then the environment`,
  };
}

/** The settings a command runs with: stack config (in a Pulumi project) then environment. */
export function commandSettings(
  opts: { cwd?: string; stack?: string; env?: NodeJS.ProcessEnv; useStack?: boolean } = {},
): CommandSettings {
  const env = opts.env ?? process.env;
  const stack = opts.useStack === false ? undefined : stackConfig(opts.cwd ?? process.cwd(), opts.stack);
  return {
    settings: resolveSettings(stack?.source, env),
    source: stack?.label ?? "environment (INVENT_API_KEY, INVENT_ORG_ID, INVENT_BASE_URL)",
  };
}
