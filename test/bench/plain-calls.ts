/**
 * The plain baseline of `npm run bench` (cli-bench.ts): one step's HTTP calls made with undici and nothing
 * else, run as a process of its own so its whole-process wall time (Node start, undici load, the calls) can
 * be set against a `pulumi` command that made the same calls. cli-bench.ts transpiles this file to
 * JavaScript and runs it with plain `node` (no ts-node in the measured time), the job as a JSON file in
 * argv[2].
 *
 * Calls of one route run together, at most `concurrency` at a time (the `--parallel` the CLI ran with); the
 * routes in the order a create needs them (list, create, read, update, delete). Objects made by the baseline
 * live in their own org and their ids in `idsFile` from step to step, so reads, updates and deletes have
 * something to act on.
 */
import { readFileSync, writeFileSync } from "node:fs";

export interface PlainJob {
  /** Absolute path of undici's entry point (the script runs from a temp dir). */
  undici: string;
  baseUrl: string;
  apiKey: string;
  org: string;
  concurrency: number;
  idsFile: string;
  /** Objects the fixture declares (sets the width of the numbers in names, like the fixture). */
  count: number;
  /** Goes into the instructions, like the fixture's config `version`. */
  version: string;
  calls: { list: number; create: number; get: number; patch: number; delete: number };
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8")) as PlainJob;
  const { Agent, request } = require(job.undici) as typeof import("undici");
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const headers = { authorization: `Bearer ${job.apiKey}`, "content-type": "application/json" };
  const root = `${job.baseUrl}/orgs/${encodeURIComponent(job.org)}/assistants`;
  const call = async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown) => {
    const res = await request(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: agent,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  /** Runs `n` calls, at most `concurrency` at once. */
  const pool = async (n: number, one: (i: number) => Promise<unknown>) => {
    let next = 0;
    const worker = async () => {
      while (next < n) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.min(n, Math.max(1, job.concurrency)) }, worker));
  };

  let ids: string[] = [];
  try {
    ids = JSON.parse(readFileSync(job.idsFile, "utf8")) as string[];
  } catch {
    ids = [];
  }
  const pick = (i: number) => {
    if (!ids.length) throw new Error("the baseline has no objects to act on");
    return `${root}/${encodeURIComponent(ids[i % ids.length])}`;
  };
  const pages = Math.max(1, Math.ceil(ids.length / 100));
  const width = String(Math.max(0, job.count - 1)).length;
  const instructions = (n: string) =>
    `You are bench assistant ${n}. You answer questions about order ${n}. Version ${job.version}.`;

  await pool(job.calls.list, (i) => call("GET", `${root}?page=${(i % pages) + 1}&take=100`));
  const made: string[] = [];
  await pool(job.calls.create, async (i) => {
    const n = String(i).padStart(width, "0");
    const res = await call("POST", root, {
      name: `Bench assistant ${n}`,
      config: { instructions: instructions(n) },
    });
    made.push(String(res.id));
  });
  ids.push(...made);
  await pool(job.calls.get, (i) => call("GET", pick(i)));
  await pool(job.calls.patch, (i) =>
    call("PATCH", pick(i), { config: { instructions: instructions(String(i).padStart(width, "0")) } }),
  );
  const doomed = ids.slice(0, job.calls.delete);
  await pool(doomed.length, (i) => call("DELETE", `${root}/${encodeURIComponent(doomed[i])}`));
  ids = ids.slice(doomed.length);
  writeFileSync(job.idsFile, JSON.stringify(ids));
  await agent.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
