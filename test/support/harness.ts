import { InventClient } from "../../provider/client";
import { Logger } from "../../provider/log";
import { kindContext, ProviderContext } from "../../provider/core/context";
import { providerFor } from "../../provider/dynamic/provider";
import { ResourceSpec } from "../../provider/schema/spec";
import { Fields } from "../../provider/schema/fields";
import { CollectionReader } from "../../provider/schema/reads";
import { AGENCY_KEY, EmulatorOptions, RunningEmulator, startEmulator } from "../emulator/server";

/**
 * One emulator per test file and providers wired to it over real HTTP, with every log line kept so tests
 * can read what a user would see (and check that no secret is in it).
 */
export async function harness(opts: EmulatorOptions = {}) {
  const emulator: RunningEmulator = await startEmulator(opts);
  const logs: string[] = [];
  const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), debug: () => {} };
  const clients: InventClient[] = [];
  let defaultOrg = "c";

  function context(apiKey = AGENCY_KEY): ProviderContext {
    let client: InventClient | undefined;
    return {
      client: () => {
        if (!client) {
          client = new InventClient({
            apiKey,
            baseUrl: emulator.url,
            logger,
            minRetryDelayMs: 5,
            maxRetryDelayMs: 2000,
          });
          clients.push(client);
        }
        return client;
      },
      defaultOrg: () => defaultOrg,
      logger,
    };
  }

  return {
    emulator,
    control: emulator.control,
    logs,
    setDefaultOrg: (org: string) => (defaultOrg = org),
    /** API requests since the last reset, by route, without zero entries. */
    async calls(): Promise<Record<string, number>> {
      const counts = await emulator.control.requestCounts();
      return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    },
    provider: <F extends Fields>(spec: ResourceSpec<F>, apiKey?: string) =>
      providerFor(spec, context(apiKey)),
    /** One kind's lifecycle context over the emulator: the core's steps with no front. */
    kind: <F extends Fields>(spec: ResourceSpec<F>, apiKey?: string) => kindContext(spec, context(apiKey)),
    /** Providers of several kinds in one process, as the runtime makes them: one client, shared reads. */
    process(apiKey?: string) {
      const ctx = context(apiKey);
      const shared = { ...ctx, reader: new CollectionReader(ctx.client) };
      return <F extends Fields>(spec: ResourceSpec<F>) => providerFor(spec, shared);
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await emulator.stop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof harness>>;

/**
 * The usual hooks of a test file around one harness: started before the file's tests, stopped after them, its
 * emulator reset and its log cleared before each test. Read it inside tests and hooks (it exists from beforeAll).
 */
export function useHarness(opts: EmulatorOptions = {}): Harness {
  let made: Harness | undefined;
  beforeAll(async () => {
    made = await harness(opts);
  });
  afterAll(() => made?.stop());
  beforeEach(async () => {
    await started().control.reset();
    started().logs.length = 0;
  });
  const started = (): Harness => {
    if (!made) throw new Error("the harness starts in beforeAll: use it inside a test or a hook");
    return made;
  };
  return new Proxy({} as Harness, { get: (_, key) => started()[key as keyof Harness] });
}
