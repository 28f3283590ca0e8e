import {
  applyAssumptionOverrides,
  AssumptionOverrides,
  ASSUMPTIONS,
  assumptionOverridesFrom,
} from "./assumptions";
import { AuthenticationError, ConfigurationError, ConnectionError } from "./errors";

/** Settings the provider needs to reach the API. Resolved inside the provider process, never stored in state. */
export interface InventSettings {
  apiKey: string;
  /** Default org for resources that do not set `orgId`. `c` = the key's own org. */
  orgId: string;
  baseUrl: string;
}

/** Read access to stack configuration, as Pulumi's dynamic-provider `configure` request offers it. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Stack config keys and the environment variables that stand in for them. */
export const CONFIG_KEYS = {
  apiKey: { config: "invent:apiKey", env: "INVENT_API_KEY" },
  orgId: { config: "invent:orgId", env: "INVENT_ORG_ID" },
  baseUrl: { config: "invent:baseUrl", env: "INVENT_BASE_URL" },
  waitForCreationLimit: { config: "invent:waitForCreationLimit", env: "INVENT_WAIT_FOR_CREATION_LIMIT" },
  /** Corrections to the library's API assumptions, a JSON object (see `pulumi-invent doctor`). */
  assumptions: { config: "invent:assumptions", env: "INVENT_ASSUMPTIONS" },
  /** What a value the API did not keep after a write is: `warn` (the default) or `error`. */
  readBack: { config: "invent:readBack", env: "INVENT_READ_BACK" },
} as const;

/**
 * What `up` does when the answer to a write shows the API did not keep a value it was sent: `warn` prints the
 * finding and goes on; `error` fails the resource (the object is kept in state as the API holds it).
 */
export type ReadBackMode = "warn" | "error";
const READ_BACK_MODES: readonly ReadBackMode[] = ["warn", "error"];

function pick(source: ConfigSource | undefined, env: NodeJS.ProcessEnv, key: keyof typeof CONFIG_KEYS) {
  const { config, env: envName } = CONFIG_KEYS[key];
  const value = source?.get(config) ?? env[envName];
  return value === undefined || value === "" ? undefined : String(value);
}

/** What is wrong with an org id given as `what` (a setting, an argument), or undefined when it is well-formed. */
export function orgIdProblem(what: string, org: string): string | undefined {
  if (org === ASSUMPTIONS.ownOrgAlias || ASSUMPTIONS.orgIdPattern.test(org)) return undefined;
  return (
    `${what} must be "${ASSUMPTIONS.ownOrgAlias}" (the API key's own org) or an org id such as ` +
    `"org_83WaHwFGg6CbtZp0JgsveI" (got ${JSON.stringify(org)}).`
  );
}

/**
 * Stack config first, then environment. The key is looked up lazily: `preview` of a program with only
 * invalid input must fail on the input, not on a missing key.
 *
 * Assumption overrides (`invent:assumptions` / `INVENT_ASSUMPTIONS`) are validated and put in force here,
 * process-wide, so the provider's `configure` and every command apply them before any call.
 */
export function resolveSettings(source: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env) {
  const assumptions: AssumptionOverrides = assumptionOverridesFrom(source, env);
  applyAssumptionOverrides(assumptions);
  const orgId = pick(source, env, "orgId") ?? ASSUMPTIONS.ownOrgAlias;
  const problem = orgIdProblem("invent:orgId (or INVENT_ORG_ID)", orgId);
  if (problem) throw new ConfigurationError(problem);
  const baseUrl = (pick(source, env, "baseUrl") ?? ASSUMPTIONS.defaultBaseUrl).replace(/\/+$/, "");
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigurationError(
      `invent:baseUrl is not a URL (got ${JSON.stringify(baseUrl)}). Set it to e.g. ${ASSUMPTIONS.defaultBaseUrl}.`,
    );
  }
  const apiKey = pick(source, env, "apiKey");
  const wait = pick(source, env, "waitForCreationLimit");
  if (wait !== undefined && !/^(true|false)$/.test(wait)) {
    throw new ConfigurationError(
      `invent:waitForCreationLimit (or INVENT_WAIT_FOR_CREATION_LIMIT) must be true or false (got ${JSON.stringify(wait)}).`,
    );
  }
  const readBack = pick(source, env, "readBack") ?? "warn";
  if (!READ_BACK_MODES.includes(readBack as ReadBackMode)) {
    throw new ConfigurationError(
      `invent:readBack (or INVENT_READ_BACK) must be "warn" or "error" (got ${JSON.stringify(readBack)}).`,
    );
  }
  return {
    orgId,
    baseUrl,
    /** Whether a value the API did not keep after a write is a warning or an error (`invent:readBack`). */
    readBack: readBack as ReadBackMode,
    /** Whether a create that hits the hourly creation limit waits for it instead of failing at once. */
    waitForCreationLimit: wait === "true",
    /** The assumption overrides in force (validated), for messages; empty when the defaults hold. */
    assumptions,
    /** The API key, or a ConfigurationError that says both ways to set it. */
    requireApiKey(): string {
      if (apiKey) return apiKey;
      throw new ConfigurationError(
        "No Invent API key is configured. Set it with `pulumi config set --secret invent:apiKey <key>` " +
          "or export INVENT_API_KEY=<key>. Keys are created in the Invent dashboard.",
      );
    },
  };
}

export type ResolvedSettings = ReturnType<typeof resolveSettings>;

/** Adds to an API error where the setting it is about comes from (stack config or environment). */
export function withSettingsHint(err: unknown): unknown {
  if (err instanceof AuthenticationError)
    err.message += " The key comes from invent:apiKey (stack config) or INVENT_API_KEY.";
  else if (err instanceof ConnectionError)
    err.message += " The API address comes from invent:baseUrl (stack config) or INVENT_BASE_URL.";
  return err;
}

/** Runs `fn`, adding to an API error it throws where the setting it is about comes from. */
export async function withSettingsHints<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw withSettingsHint(err);
  }
}
