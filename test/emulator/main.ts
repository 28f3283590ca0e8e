/**
 * `npm run emulator`: a standalone emulator for demos and manual runs.
 * Port from INVENT_EMULATOR_PORT or PORT (default 4010); host from INVENT_EMULATOR_HOST (default 127.0.0.1).
 */
import { DEFAULT_KEYS, DEFAULT_ORGS, startEmulator } from "./server";

const DEFAULT_PORT = 4010;

function portFromEnv(): number {
  const raw = process.env.INVENT_EMULATOR_PORT ?? process.env.PORT;
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port ${JSON.stringify(raw)}`);
  return port;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    host: process.env.INVENT_EMULATOR_HOST || "127.0.0.1",
    port: portFromEnv(),
  });
  const lines = [
    `Invent API emulator listening on ${emulator.url}`,
    `control surface: ${emulator.url}/_emulator/state`,
    "orgs:",
    ...DEFAULT_ORGS.map((o) => `  ${o.id}  ${o.name}${o.parentId ? ` (sub-org of ${o.parentId})` : ""}`),
    "keys:",
    ...DEFAULT_KEYS.map((k) => `  ${k.key}  -> ${k.orgId}`),
  ];
  console.log(lines.join("\n"));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping emulator`);
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
