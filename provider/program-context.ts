/**
 * The program process's side of the lookups: settings from the stack config, then the environment, and one
 * client per settings, kept apart from `lookups.ts` so that module exports only the public functions.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigSource, resolveSettings } from "./config";
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
