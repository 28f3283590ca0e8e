/**
 * `npm run bench`: wall time of the provider's CRUD against a plain script making the same HTTP calls with
 * undici, both against the emulator over loopback, plus API calls per operation and output bytes. Prints
 * figures; asserts nothing (timing is not a test).
 */
import { Agent, request } from "undici";
import { InventClient } from "../../provider/client";
import { silentLogger } from "../../provider/log";
import { assistantSpec } from "../../provider/resources/assistant";
import { providerFor } from "../../provider/dynamic/provider";
import { AGENCY_KEY, startEmulator } from "../emulator/server";

const N = Number(process.env.BENCH_N ?? 50);
const ROUNDS = 3;
const args = (i: number) => ({
  name: `Bench ${i}`,
  instructions: "You answer questions about our shipping policy.",
  conversation: { threadMode: "new", suggestedMessages: ["Where is my order?"] },
});
const wire = (i: number) => ({
  name: `Bench ${i}`,
  config: {
    instructions: "You answer questions about our shipping policy.",
    conversation: { thread_mode: "new", suggested_messages: ["Where is my order?"] },
  },
});

type Phase = "create" | "read" | "update" | "delete";
const phases: Phase[] = ["create", "read", "update", "delete"];

async function main() {
  const emulator = await startEmulator({ assistantCreatesPerHour: 1_000_000, requestsPerMinute: 1_000_000 });
  const client = new InventClient({
    apiKey: AGENCY_KEY,
    baseUrl: emulator.url,
    logger: silentLogger,
    requestsPerMinute: 1_000_000,
  });
  const provider = providerFor(assistantSpec, {
    client: () => client,
    defaultOrg: () => "c",
    logger: silentLogger,
  });
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  const headers = { authorization: `Bearer ${AGENCY_KEY}`, "content-type": "application/json" };
  const plainCall = async (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown) => {
    const res = await request(`${emulator.url}/orgs/c${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: agent,
    });
    return res.body.json() as Promise<Record<string, unknown>>;
  };

  const best: Record<string, Record<Phase, number>> = { provider: {} as never, plain: {} as never };
  const calls: Record<Phase, Record<string, number>> = {} as never;
  let outBytes = 0;

  for (let round = 0; round < ROUNDS; round++) {
    // provider
    const t: Record<Phase, number> = {} as never;
    let ids: { id: string; outs: Record<string, unknown> }[] = [];
    for (const phase of phases) {
      await emulator.control.resetRequests();
      const started = performance.now();
      if (phase === "create")
        ids = await Promise.all([...Array(N).keys()].map(async (i) => provider.create(args(i)))).then(
          (r) => r,
        );
      if (phase === "read") for (const x of ids) await provider.read(x.id, x.outs);
      if (phase === "update")
        for (const [i, x] of ids.entries())
          await provider.update(x.id, x.outs, { ...args(i), instructions: `Round ${round}` });
      if (phase === "delete") for (const x of ids) await provider.delete(x.id, x.outs);
      t[phase] = performance.now() - started;
      calls[phase] = await emulator.control.requestCounts();
    }
    outBytes = JSON.stringify(ids[0].outs).length;
    // plain
    const p: Record<Phase, number> = {} as never;
    let plainIds: string[] = [];
    for (const phase of phases) {
      const started = performance.now();
      if (phase === "create")
        plainIds = await Promise.all(
          [...Array(N).keys()].map(async (i) => String((await plainCall("POST", "/assistants", wire(i))).id)),
        );
      if (phase === "read") for (const id of plainIds) await plainCall("GET", `/assistants/${id}`);
      if (phase === "update")
        for (const id of plainIds)
          await plainCall("PATCH", `/assistants/${id}`, { config: { instructions: `Round ${round}` } });
      if (phase === "delete") for (const id of plainIds) await plainCall("DELETE", `/assistants/${id}`);
      p[phase] = performance.now() - started;
    }
    for (const phase of phases) {
      best.provider[phase] = Math.min(best.provider[phase] ?? Infinity, t[phase]);
      best.plain[phase] = Math.min(best.plain[phase] ?? Infinity, p[phase]);
    }
  }

  console.log(
    `Assistant CRUD, ${N} objects per phase, best of ${ROUNDS} rounds, emulator on loopback (creates concurrent, the rest sequential)`,
  );
  console.log("phase   | provider ms/op | plain undici ms/op | overhead | API calls per op (provider)");
  for (const phase of phases) {
    const a = best.provider[phase] / N;
    const b = best.plain[phase] / N;
    const perOp = Object.entries(calls[phase])
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${r} ×${n / N}`)
      .join(", ");
    console.log(
      `${phase.padEnd(7)} | ${a.toFixed(2).padStart(14)} | ${b.toFixed(2).padStart(18)} | ${(a / b).toFixed(2).padStart(7)}x | ${perOp}`,
    );
  }
  console.log(`outputs of one assistant: ${outBytes} bytes (JSON)`);
  await client.close();
  await agent.close();
  await emulator.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
