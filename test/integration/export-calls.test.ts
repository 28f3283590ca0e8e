/**
 * What `pulumi-invent export` costs on a larger org: 100 assistants, each with two actions, two channels and
 * a knowledge link, plus connections and contents. Prints the API calls it made and the lines of program it
 * wrote (no timing is asserted); asserts the calls stay one listing per collection plus one per assistant.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENCY_ORG_ID, RunningEmulator, startEmulator } from "../emulator/server";
import { commandFromSources } from "../support/command";

jest.setTimeout(180_000);

const ASSISTANTS = 100;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

test(`export of ${ASSISTANTS} assistants with children: API calls and program lines`, async () => {
  const c = emulator.control;
  const org = AGENCY_ORG_ID;
  const stripe = await c.seedConnection(org, {
    type: "STRIPE",
    name: "Billing",
    config: { api_key: "sk_test_measure_4242" },
  });
  const telegram = await c.seedConnection(org, {
    type: "TELEGRAM",
    name: "Bot",
    config: { bot_token: "7100:AAE_measure_8642" },
  });
  const contents = [];
  for (let i = 0; i < 10; i++)
    contents.push(
      await c.seedKnowledgeContent(org, { title: `Doc ${i}`, content: { type: "TEXT", text: `Text ${i}` } }),
    );
  for (let i = 0; i < ASSISTANTS; i++) {
    const a = await c.seedAssistant(org, {
      name: `Assistant ${i}`,
      config: { instructions: `You are assistant ${i}.` },
    });
    await c.seedAction(org, {
      assistant_id: a.id,
      action_id: "TOOLS:HTTP_REQUEST",
      name: "Lookup",
      connection_id: stripe.id,
    });
    await c.seedAction(org, { assistant_id: a.id, action_id: "TOOLS:WEB_SEARCH" });
    await c.seedChannel(org, { assistant_id: a.id, integration_id: "internal" });
    await c.seedChannel(org, {
      assistant_id: a.id,
      integration_id: "telegram_bot",
      connection_id: telegram.id,
    });
    await c.linkKnowledge(org, a.id, contents[i % contents.length].id);
  }
  await c.resetRequests();
  const out = mkdtempSync(join(tmpdir(), "pulumi-invent-export-measure-"));
  try {
    // Async: the emulator answers from this process.
    const res = await commandFromSources(["export", "--out", out], emulator.url);
    expect({ code: res.code, stderr: res.code ? res.stderr : "" }).toEqual({ code: 0, stderr: "" });
    const counts = await c.requestCounts();
    const calls = Object.values(counts).reduce((n, k) => n + k, 0);
    const writes = await c.writes();
    const lines = readFileSync(join(out, "index.ts"), "utf8").split("\n").length;
    const entries = JSON.parse(readFileSync(join(out, "import.json"), "utf8")).resources.length;
    console.log(
      `export of ${ASSISTANTS} assistants: ${calls} API calls ${JSON.stringify(counts)}, ${writes} writes; ` +
        `index.ts ${lines} lines, ${entries} import entries`,
    );
    expect(writes).toBe(0);
    // Assistants, connections, contents: one page of 100 each (two for the assistants); then one listing of
    // contents-with-link-flags per assistant. Actions and channels come embedded in the assistants' listing.
    // Sub-orgs and segments: one listing each.
    expect(calls).toBe(Math.ceil(ASSISTANTS / 100) + 1 + 1 + ASSISTANTS + 2);
    // Per assistant: itself, 2 actions, their order, 2 channels, a link; plus the connections and contents,
    // and the agency's one client sub-org with its billing.
    expect(entries).toBe(ASSISTANTS * 7 + 2 + 10 + 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
