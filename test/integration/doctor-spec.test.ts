import { join } from "node:path";
import { runDoctor } from "../../provider/cli/doctor";
import type { DoctorReport } from "../../provider/doctor/report";
import { AGENCY_KEY } from "../emulator/server";
import { harness, Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => (h = await harness()));
afterAll(() => h.stop());

test("doctor --spec adds the OpenAPI comparison (provider/doctor/spec-diff.ts) to the report", async () => {
  let out = "";
  const code = await runDoctor(
    ["--json", "--spec", join(__dirname, "../fixtures/openapi/invent-contract.json")],
    {
      env: { INVENT_API_KEY: AGENCY_KEY, INVENT_BASE_URL: h.emulator.url },
      cwd: "/",
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
    },
  );
  const report = JSON.parse(out) as DoctorReport;
  expect(report.findings).toContainEqual(
    expect.objectContaining({ assumption: "[spec] OpenAPI document", verdict: "holds" }),
  );
  expect(code).toBe(0);
});
