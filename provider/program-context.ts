/**
 * The program process's side of the lookups: settings from the stack config, then the environment, and one
 * client per settings, kept apart from `lookups.ts` so that module exports only the public functions.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigSource, resolveSettings } from "./config";
import { InventError } from "./errors";
import { Logger } from "./log";
import { ClientsBySettings } from "./runtime";
import { LookupContext } from "./schema/lookup";

/** Stack config by full key (`invent:apiKey`): the program's own `pulumi.Config` of that namespace. */
const stackConfig: ConfigSource = {
  get(key) {
    const i = key.indexOf(":");
    return new pulumi.Config(key.slice(0, i)).get(key.slice(i + 1));
  },
};

/** Progress (retries, rate-limit waits) goes to the Pulumi log, as the program's own messages do. */
const programLogger: Logger = {
  info: (m) => void pulumi.log.info(`pulumi-invent: ${m}`),
  warn: (m) => void pulumi.log.warn(`pulumi-invent: ${m}`),
  debug: (m) => void pulumi.log.debug(`pulumi-invent: ${m}`),
};

const clients = new ClientsBySettings(programLogger);

/** The program process's context: settings resolved at each call (cheap), one client per settings. */
export const programContext: LookupContext = {
  client: () => clients.client(resolveSettings(stackConfig)),
  defaultOrg: () => resolveSettings(stackConfig).orgId,
};

/** Closes the program process's client (its keep-alive connections), e.g. at the end of a test. */
export function closeLookupClient(): Promise<void> {
  return clients.close();
}

/**
 * Marks the library's own errors (bad arguments, API refusals) the way Pulumi marks a `RunError`, so a failed
 * lookup prints its one-line message without a stack trace, and gives them a stack of that one line. Pulumi's
 * Node SDK still formats the error whole (`util.inspect`) for its trace span, and for an error thrown in an
 * `apply` that took 17 s of CPU here before the program could exit (measured with @pulumi/pulumi 3.260.0 on a
 * plain-JS program). The error keeps its class and fields for a program that catches it.
 */
export function asProgramError(err: unknown): unknown {
  if (err instanceof InventError) {
    Object.defineProperty(err, "__pulumiRunError", { value: true });
    Object.defineProperty(err, "stack", {
      value: `${err.name}: ${err.message}`,
      writable: true,
      configurable: true,
    });
  }
  return err;
}
