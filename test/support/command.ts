import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, run, RunResult } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY } from "../emulator/server";

/**
 * `pulumi-invent <args>` from the sources, as `npx ts-node provider/cli/main.ts` runs it, in a directory with no
 * Pulumi project (settings come from the environment: the agency key and `baseUrl`).
 */
export function commandFromSources(args: string[], baseUrl: string): Promise<RunResult> {
  return run(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), join(REPO, "provider/cli/main.ts"), ...args],
    {
      cwd: tmpdir(),
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(REPO, "tsconfig.json"),
        INVENT_API_KEY: AGENCY_KEY,
        INVENT_BASE_URL: baseUrl,
        INVENT_ORG_ID: "",
      },
    },
  );
}
