/** The client over real sockets against the emulator: pagination and org scoping as the service enforces them. */
import { InventClient } from "../../provider/client";
import { NotFoundError } from "../../provider/errors";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, RunningEmulator, SUB_ORG_ID } from "../emulator/server";
import { rejection } from "../support/rejection";

let emulator: RunningEmulator;
let client: InventClient;
beforeAll(async () => {
  emulator = await startEmulator();
  client = new InventClient({ apiKey: AGENCY_KEY, baseUrl: emulator.url });
});
afterAll(async () => {
  await client.close();
  await emulator.stop();
});

test("listAll walks every page at take=100 and stops at pagination-count", async () => {
  for (let i = 0; i < 230; i++)
    await emulator.control.seedConnection(AGENCY_ORG_ID, { type: "MCP", name: `c${i}` });
  await emulator.control.resetRequests();
  const all = await client.listAll<{ name: string }>("/connections");
  expect(all).toHaveLength(230);
  expect(all.map((c) => c.name).slice(-2)).toEqual(["c228", "c229"]);
  // Three pages of 100, 100 and 30: three list calls, none past the count.
  expect(await emulator.control.requestCounts()).toEqual(
    expect.objectContaining({ "GET /orgs/:org_id/connections": 3 }),
  );
});

test("an org the key cannot see is a NotFoundError naming the path and what to check", async () => {
  const err = await rejection(client.get("/assistants", { org: "org_doesnotexist0000000000" }));
  expect(err).toBeInstanceOf(NotFoundError);
  expect(err.message).toMatch(
    /GET \/orgs\/org_doesnotexist0000000000\/assistants failed with 404.*check orgId/,
  );
  await expect(client.listAll("/assistants", { org: SUB_ORG_ID })).resolves.toEqual([]);
});
