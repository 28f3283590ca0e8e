/**
 * A stack's state read through the Pulumi CLI (`pulumi stack export`), for the commands that need to know what a
 * stack holds (`pulumi-invent test` names assistants by their logical names, `pulumi-invent audit` finds what
 * no stack manages). The CLI reads whatever backend the project uses; nothing here parses backend files.
 */
import { execFileSync } from "node:child_process";
import { ConfigurationError } from "./errors";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A resource of `pulumi stack export`. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Obj;
  outputs?: Obj;
}

/**
 * `pulumi stack export` of `stack` (the selected one when undefined) in `dir`, parsed. `showSecrets` decrypts
 * secret values (they stay in this process). A failure is a ConfigurationError quoting the CLI and `fix`.
 */
export function exportStack(
  dir: string,
  stack: string | undefined,
  opts: { env?: NodeJS.ProcessEnv; showSecrets?: boolean; fix: string },
): Obj {
  let text: string;
  try {
    text = execFileSync(
      "pulumi",
      [
        "stack",
        "export",
        ...(opts.showSecrets ? ["--show-secrets"] : []),
        ...(stack ? ["--stack", stack] : []),
      ],
      {
        cwd: dir,
        encoding: "utf8",
        env: opts.env ?? process.env,
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 256 * 1024 * 1024,
      },
    );
  } catch (err) {
    const said = String((err as { stderr?: unknown }).stderr ?? (err as Error).message)
      .trim()
      .split("\n")
      .pop();
    throw new ConfigurationError(
      `could not read the stack${stack ? ` ${stack}` : ""} with \`pulumi stack export\` in ${dir}: ${said}. ${opts.fix}`,
    );
  }
  return JSON.parse(text) as Obj;
}

/** The resources of an exported state (`pulumi stack export` JSON). */
export function stateResources(exported: Obj): StateResource[] {
  return (
    isObj(exported.deployment) && Array.isArray(exported.deployment.resources)
      ? exported.deployment.resources
      : []
  ) as StateResource[];
}
