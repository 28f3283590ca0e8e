/** The client over real sockets against the emulator: pagination and org scoping as the service enforces them. */
import { InventClient } from "../../provider/client";
import { NotFoundError } from "../../provider/errors";
import { AGENCY_KEY, AGENCY_ORG_ID, startEmulator, RunningEmulator, SUB_ORG_ID } from "../emulator/server";
import { FakeClock } from "../support/fake-clock";
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

describe("rate limits against the emulator (one fake clock for both)", () => {
  /** No 60 s window of the server's holds more than `limit` of the requests it let through. */
  function maxInAnyWindow(log: { at: string; status: number }[]): number {
    const times = log.filter((e) => e.status !== 429).map((e) => Date.parse(e.at));
    return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
  }

  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((f) => f()));
  });

  async function setup(requestsPerMinute: number) {
    const clock = new FakeClock();
    const emu = await startEmulator({ clock: clock.now, requestsPerMinute });
    cleanup.push(() => emu.stop());
    const lines: string[] = [];
    const make = (ceiling = requestsPerMinute) => {
      const client = new InventClient({
        apiKey: AGENCY_KEY,
        baseUrl: emu.url,
        clock,
        requestsPerMinute: ceiling,
        logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: () => {} },
      });
      cleanup.push(() => client.close());
      return client;
    };
    return { clock, emu, lines, make };
  }

  test("a run right after another waits out the server's window once, and every request succeeds", async () => {
    const { clock, emu, lines, make } = await setup(30);
    // The last run (an older build without the margin) used the whole window just now.
    const previous = make(1000);
    await clock.run(Promise.all(Array.from({ length: 30 }, () => previous.get("/assistants"))));
    await emu.control.resetRequests();
    lines.length = 0;

    const client = make(); // this run's process starts with an empty window of its own
    const all = Array.from({ length: 60 }, (_, i) => client.get(i % 2 ? "/assistants" : "/connections"));
    await expect(clock.run(Promise.all(all))).resolves.toHaveLength(60);

    const log = await emu.control.requestLog();
    expect(log.filter((e) => e.status === 200)).toHaveLength(60);
    expect(log.filter((e) => e.status === 429)).toHaveLength(29); // the first wave, then no more
    expect(lines.filter((l) => l.startsWith("rate limited:"))).toEqual([
      expect.stringMatching(/^rate limited: \d\d requests waiting 6\ds \(server asked via Retry-After\)$/),
    ]);
    expect(lines.join("\n")).not.toContain("answered 429");
    expect(maxInAnyWindow(log)).toBeLessThanOrEqual(30);
  });

  test("the client's own window keeps a burst under the server's limit: no 429 at all", async () => {
    const { clock, emu, lines, make } = await setup(20);
    const client = make();
    const all = Array.from({ length: 70 }, () => client.get("/connections"));
    await expect(clock.run(Promise.all(all))).resolves.toHaveLength(70);
    const log = await emu.control.requestLog();
    expect(log.filter((e) => e.status === 429)).toEqual([]);
    expect(maxInAnyWindow(log)).toBeLessThanOrEqual(19); // the limit less the margin
    expect(lines.length).toBeLessThanOrEqual(4); // one line per window of waiting, not one per request
  });
});
