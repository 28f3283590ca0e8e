/** How the provider process holds its client across `configure` calls (the host calls it once per stub). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RequestRateLimiter } from "../../provider/client";
import { configure, currentClient, fileRateHistory } from "../../provider/runtime";

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });
const A = { "invent:apiKey": "inv_test_a", "invent:baseUrl": "http://127.0.0.1:9" };

test("configure with the same settings keeps the client, its pool and its rate window", () => {
  configure({ config: config(A) });
  const first = currentClient();
  configure({ config: config({ ...A }) });
  configure({ config: config({ ...A, "invent:baseUrl": "http://127.0.0.1:9/" }) }); // same URL, spelled apart
  expect(currentClient()).toBe(first);
});

test("changed settings make a new client that keeps counting in the same window for the same host", () => {
  configure({ config: config(A) });
  const first = currentClient();
  configure({ config: config({ ...A, "invent:orgId": "org_abcdefghijklmnopqrstuv" }) });
  const second = currentClient();
  expect(second).not.toBe(first);
  expect(second.orgId).toBe("org_abcdefghijklmnopqrstuv");
  expect(second.limiter).toBe(first.limiter);

  configure({ config: config({ ...A, "invent:apiKey": "inv_test_b" }) });
  expect(currentClient().limiter).toBe(first.limiter);

  configure({ config: config({ ...A, "invent:baseUrl": "http://127.0.0.1:10" }) });
  expect(currentClient().limiter).not.toBe(first.limiter);
  configure({ config: config(A) });
  expect(currentClient().limiter).toBe(first.limiter); // back on the first host: its window again
});

describe("the rate window outlives the process", () => {
  test("a limiter starts with the window an earlier run left, and saves its own", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rate-history-"));
    try {
      const history = fileRateHistory("http://127.0.0.1:1", dir);
      const now = Date.now();
      history.save([now - 1000, now - 500, now - 100, now - 120_000]);
      const limiter = new RequestRateLimiter(3, () => now, { history });
      expect(limiter.tryAcquire()).toBeGreaterThan(0); // the three recent requests fill the window
      const fresh = new RequestRateLimiter(3, () => now + 61_000, { history });
      expect(fresh.tryAcquire()).toBe(0); // they have left it a minute later

      const saving = new RequestRateLimiter(5, Date.now, {
        history: fileRateHistory("http://127.0.0.1:2", dir),
      });
      const slot = await saving.acquire("GET /x");
      slot.release();
      await new Promise((r) => setTimeout(r, 300));
      expect(fileRateHistory("http://127.0.0.1:2", dir).load()).toHaveLength(1);
      expect(fileRateHistory("http://127.0.0.1:3", dir).load()).toEqual([]); // another host: its own window
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
