/**
 * `npm run bench:agency [-- --orgs 50 --assistants 10 --parallel 8]`: an agency of N client sub-orgs, each with
 * its spending cap and M assistants (fixture test/bench/fixtures/agency), through the real Pulumi CLI against
 * the emulator: preview, up, a clean preview, refresh, an up that changes the shared prompt (one PATCH per
 * assistant), and destroy (which deletes the assistants and forgets the sub-orgs and caps). For each step:
 * wall time and API calls by route; for refresh, the most listings of one org and kind (the goal: one). The
 * emulator's limits are raised (it allows 10 assistant creations per org and hour, 500 requests a minute) and
 * the provider told so. Prints figures, asserts nothing. Not part of `npm test`.
 */
import { packedLibrary, PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENCY_KEY, startEmulator } from "../emulator/server";
import { join } from "node:path";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ORGS = arg("orgs", 50);
const ASSISTANTS = arg("assistants", 10);
const PARALLEL = arg("parallel", 8);
const RAISED = { requestsPerMinute: 1_000_000, assistantCreatesPerHour: 1_000_000 };

async function main() {
  const emulator = await startEmulator(RAISED);
  const project = await PulumiProject.create(join(__dirname, "fixtures/agency"), await packedLibrary());
  const rows: string[] = [];
  try {
    await project.init(
      "bench",
      {
        "invent:baseUrl": emulator.url,
        "invent:assumptions": JSON.stringify({ requestsPerMinute: RAISED.requestsPerMinute }),
        orgs: String(ORGS),
        assistants: String(ASSISTANTS),
      },
      { "invent:apiKey": AGENCY_KEY },
    );
    const step = async (name: string, run: () => Promise<{ code: number; output: string }>) => {
      await emulator.control.resetRequests();
      const started = Date.now();
      const res = await run();
      const ms = Date.now() - started;
      const log = await emulator.control.requestLog();
      const byRoute: Record<string, number> = {};
      // Listings per org and kind: the org is the path's second segment.
      const listings: Record<string, number> = {};
      for (const r of log) {
        byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
        if (r.method === "GET" && !/\/:id$|\/:\w+_id$/.test(r.route)) {
          const key = `${r.path.split("/")[2]} ${r.route}`;
          listings[key] = (listings[key] ?? 0) + 1;
        }
      }
      const most = Math.max(0, ...Object.values(listings));
      const line =
        `${name.padEnd(22)} ${(ms / 1000).toFixed(1).padStart(6)} s  exit ${res.code}  ${log.length} calls ` +
        `(most listings of one org and kind: ${most})  ${JSON.stringify(byRoute)}`;
      rows.push(line);
      console.log(line);
      if (res.code !== 0) console.log(res.output.slice(-3000));
      return res;
    };
    const flags = ["--parallel", String(PARALLEL)];
    console.log(
      `agency bench: ${ORGS} sub-orgs × ${ASSISTANTS} assistants = ${ORGS * (ASSISTANTS + 2)} resources`,
    );
    await step("preview", () => project.preview(flags));
    await step("up", () => project.pulumi(["up", "--yes", "--skip-preview", ...flags]));
    await step("preview (clean)", () => project.preview(["--expect-no-changes", ...flags]));
    await step("refresh", () => project.refresh(["--expect-no-changes", ...flags]));
    await project.ok(["config", "set", "version", "2"]);
    await step("up (shared prompt)", () => project.pulumi(["up", "--yes", "--skip-preview", ...flags]));
    await step("destroy", () => project.pulumi(["destroy", "--yes", "--skip-preview", ...flags]));
    console.log(`\nagency bench (${ORGS} × ${ASSISTANTS}, --parallel ${PARALLEL}):\n  ${rows.join("\n  ")}`);
  } finally {
    project.remove();
    await emulator.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
