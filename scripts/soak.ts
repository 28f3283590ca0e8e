/**
 * `npm run soak -- --seeds N [--rate R] [--first S]`: the seeded fault suite (test/e2e/soak.ts) over many seeds,
 * through the real Pulumi CLI against the emulator, printing one table row per seed. Exits non-zero when any
 * seed found a duplicate, an orphan, a lost object, something left after destroy, or a stack that was not clean.
 */
import { packedLibrary, PulumiProject } from "./lib/pulumi-project";
import { startEmulator } from "../test/emulator/server";
import { FLEET_FIXTURE, soakSeed, soakTable, SoakResult } from "../test/e2e/soak";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`--${name} takes a number`);
  return v;
}

async function main() {
  const seeds = arg("seeds", 20);
  const rate = arg("rate", 0.2);
  const first = arg("first", 1);
  const emulator = await startEmulator();
  const project = await PulumiProject.create(FLEET_FIXTURE, await packedLibrary());
  const rows: SoakResult[] = [];
  const started = Date.now();
  try {
    for (let seed = first; seed < first + seeds; seed++) {
      const t = Date.now();
      const r = await soakSeed(emulator, project, seed, rate);
      rows.push(r);
      process.stderr.write(
        `seed ${seed}: ${((Date.now() - t) / 1000).toFixed(0)}s ${r.notes.length ? r.notes.join("; ") : "ok"}\n`,
      );
    }
  } finally {
    project.remove();
    await emulator.stop();
  }
  console.log(
    `\nSeeded fault suite: ${seeds} seeds at rate ${rate}, ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
  );
  console.log(soakTable(rows));
  const bad = rows.filter(
    (r) =>
      r.duplicates || r.orphans || r.lost || r.leftAfterDestroy || !r.cleanAfterConverge || r.notes.length,
  );
  if (bad.length) {
    console.log(`\n${bad.length} seed(s) failed: ${bad.map((r) => r.seed).join(", ")}`);
    process.exitCode = 1;
  }
}

void main();
