/**
 * The seeded fault suite in `npm test`: a few fixed seeds at a 20% fault rate through the real CLI (see
 * soak.ts). `npm run soak -- --seeds N` runs many more and prints the table.
 */
import { packedLibrary, PulumiProject } from "../../scripts/lib/pulumi-project";
import { RunningEmulator, startEmulator } from "../emulator/server";
import { FLEET_FIXTURE, soakSeed, soakTable, SoakResult } from "./soak";

jest.setTimeout(600_000);

const SEEDS = [1, 2, 3];
const RATE = 0.2;

let emulator: RunningEmulator;
let project: PulumiProject;
const rows: SoakResult[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  project = await PulumiProject.create(FLEET_FIXTURE, await packedLibrary());
}, 600_000);
afterAll(async () => {
  if (rows.length) console.log(`seeded fault suite, rate ${RATE}:\n${soakTable(rows)}`);
  project?.remove();
  await emulator?.stop();
});

test.each(SEEDS)(
  "seed %i: no duplicate, orphan or lost object; clean after converging; nothing left",
  async (seed) => {
    const r = await soakSeed(emulator, project, seed, RATE);
    rows.push(r);
    expect({ seed, notes: r.notes }).toEqual({ seed, notes: [] });
    expect(r).toMatchObject({
      duplicates: 0,
      orphans: 0,
      lost: 0,
      leftAfterDestroy: 0,
      cleanAfterConverge: true,
    });
  },
);

test("the seeds together injected faults of several kinds, before and after the server acted", () => {
  // A seed may draw few faults over a small stack; the suite as a whole must exercise recovery.
  const total: Record<string, number> = {};
  for (const r of rows) for (const [k, n] of Object.entries(r.faults)) total[k] = (total[k] ?? 0) + n;
  const seen = Object.keys(total).filter((k) => total[k] > 0);
  expect(seen.length).toBeGreaterThanOrEqual(3);
  expect(seen.some((k) => k.endsWith("-after"))).toBe(true);
});
