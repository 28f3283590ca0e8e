/**
 * `npm run demo`: the quickstart example against the embedded Invent API emulator, with the real Pulumi CLI.
 * Starts the emulator, installs the packed library into a copy of examples/quickstart, runs preview and up,
 * prints the stack outputs and what the emulator now holds, then destroys the stack and stops.
 */
import { join } from "node:path";
import { startEmulator, AGENCY_KEY } from "../test/emulator/server";
import { packedLibrary, pulumiBinDir, PulumiProject, REPO } from "./lib/pulumi-project";

const say = (s: string) => console.log(`\n\x1b[1m== ${s}\x1b[0m`);

async function main() {
  const started = Date.now();
  say("Pulumi CLI");
  const bin = pulumiBinDir();
  console.log(bin);
  say("Invent API emulator");
  const emulator = await startEmulator();
  console.log(`listening on ${emulator.url}`);
  let project: PulumiProject | undefined;
  try {
    say("Installing pulumi-invent from its packed tarball into a copy of examples/quickstart");
    project = await PulumiProject.create(join(REPO, "examples/quickstart"), await packedLibrary());
    console.log(project.dir);
    await project.init("demo", { "invent:baseUrl": emulator.url }, { "invent:apiKey": AGENCY_KEY });
    say("pulumi preview");
    await project.ok(["preview", "--diff"], { echo: true });
    say("pulumi up");
    await project.up([], { echo: true });
    say("Stack outputs");
    console.log(JSON.stringify(await project.outputs(), null, 2));
    say("What the emulator holds now");
    for (const a of (await emulator.control.state()).assistants.filter((x) => !x.deleted)) {
      console.log(`${a.id}  org=${a.org_id}  name=${JSON.stringify(a.name)}`);
      console.log(`  instructions: ${JSON.stringify(a.config.instructions)}`);
      console.log(`  conversation: ${JSON.stringify(a.config.conversation)}`);
    }
    console.log(`API calls: ${JSON.stringify(await emulator.control.requestCounts())}`);
    say("pulumi destroy");
    await project.destroy({ echo: true });
    const left = (await emulator.control.state()).assistants.filter((x) => !x.deleted).length;
    console.log(`assistants left in the emulator: ${left}`);
    say(`Done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    console.log(
      "Against the real API: see examples/quickstart/README.md (set invent:apiKey, leave invent:baseUrl unset).",
    );
  } finally {
    project?.remove();
    await emulator.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
