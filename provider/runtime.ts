/**
 * The provider implementation as the dynamic-provider host loads it: `require("pulumi-invent/runtime")` from
 * the thin `__provider` stub. Everything here lives only in the provider process, never in state.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InventClient, RateWindowHistory, RequestRateLimiter } from "./client";
import { ConfigSource, resolveSettings, ResolvedSettings } from "./config";
import { Logger, stderrLogger } from "./log";
import { resourceSpecs } from "./resources/specs";
import { ProviderContext } from "./core/context";
import { DynamicProvider, providerFor } from "./dynamic/provider";
import { CollectionReader } from "./schema/reads";

let settings: ResolvedSettings | undefined;
const providers = new Map<string, DynamicProvider>();

function current(): ResolvedSettings {
  // Without `configure` (engines older than 3.139) the environment is the only source.
  return (settings ??= resolveSettings(undefined));
}

function apiKeyOf(s: ResolvedSettings): string | undefined {
  try {
    return s.requireApiKey();
  } catch {
    return undefined; // no key yet: the error comes when a call needs one
  }
}

function sameSettings(a: ResolvedSettings, b: ResolvedSettings): boolean {
  return a.baseUrl === b.baseUrl && a.orgId === b.orgId && apiKeyOf(a) === apiKeyOf(b);
}

/**
 * The request window of earlier runs against the same API host, in a temp file (one per host, no secret in it):
 * `pulumi up` then `pulumi refresh` run two provider processes back to back, and the server counts both.
 */
export function fileRateHistory(baseUrl: string, dir = tmpdir()): RateWindowHistory {
  const file = join(
    dir,
    `pulumi-invent-rate-${createHash("sha256").update(baseUrl).digest("hex").slice(0, 16)}.json`,
  );
  return {
    load() {
      try {
        const ends: unknown = JSON.parse(readFileSync(file, "utf8"));
        return Array.isArray(ends) ? ends.filter((e): e is number => typeof e === "number") : [];
      } catch {
        return []; // no earlier run, or an unreadable file: start with an empty window
      }
    },
    save(ends) {
      try {
        const tmp = `${file}.${process.pid}`;
        writeFileSync(tmp, JSON.stringify(ends));
        renameSync(tmp, file);
      } catch {
        // Best effort: a read-only temp dir only costs a possible 429, which is waited out.
      }
    },
  };
}

/**
 * A process's client for its settings. The same settings keep the client (its pool and rate window); new ones
 * make a new client that still counts against the same window when the API host is the same (the limit is per
 * client IP), and every client starts from the window earlier runs left in the rate file. The provider process
 * and the program's lookups each hold one.
 */
export class ClientsBySettings {
  private held: { settings: ResolvedSettings; client: InventClient } | undefined;
  /** One request window per API host for the life of the process. */
  private readonly limiters = new Map<string, RequestRateLimiter>();

  constructor(private readonly logger: Logger) {}

  client(s: ResolvedSettings): InventClient {
    if (this.held && sameSettings(this.held.settings, s)) return this.held.client;
    const client = new InventClient({
      apiKey: s.requireApiKey(),
      baseUrl: s.baseUrl,
      orgId: s.orgId,
      logger: this.logger,
      limiter: this.limiters.get(s.baseUrl),
      rateHistory: fileRateHistory(s.baseUrl),
    });
    this.limiters.set(client.baseUrl, client.limiter);
    this.held = { settings: s, client };
    return client;
  }

  /** Closes the client held (its keep-alive connections); the next call makes a new one. */
  async close(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    await held?.client.close();
  }
}

const clients = new ClientsBySettings(stderrLogger);

/** The client every resource of this process uses, made on first need. */
export function currentClient(): InventClient {
  return clients.client(current());
}

const context: ProviderContext = {
  client: currentClient,
  reader: new CollectionReader(currentClient),
  defaultOrg: () => current().orgId,
  logger: stderrLogger,
  waitForCreationLimit: () => current().waitForCreationLimit,
  readBack: () => current().readBack,
};

/**
 * Called by the host with the stack configuration (secrets decrypted), once per provider stub, so many times
 * a run. The same settings keep the client (its pool and rate window); new ones make a new client that
 * still counts against the same window when the host is the same.
 */
export function configure(req: { config: ConfigSource }): void {
  // Also validates `invent:assumptions` (or INVENT_ASSUMPTIONS) and puts it in force for this process before
  // any provider method runs: every module reads `ASSUMPTIONS.x` when it acts, so nothing is rebuilt.
  settings = resolveSettings(req.config);
}

/** The provider for a resource type, built once per process. */
export function provider(type: string): DynamicProvider {
  let p = providers.get(type);
  if (!p) {
    const spec = resourceSpecs[type];
    if (!spec) {
      throw new Error(
        `pulumi-invent has no resource type "${type}". The stack was written by a newer pulumi-invent than the one ` +
          "installed: upgrade it (npm install pulumi-invent@latest).",
      );
    }
    p = providerFor(spec, context);
    providers.set(type, p);
  }
  return p;
}
