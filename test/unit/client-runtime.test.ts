/** How the provider process holds its client across `configure` calls (the host calls it once per stub). */
import { configure, currentClient } from "../../provider/runtime";

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
