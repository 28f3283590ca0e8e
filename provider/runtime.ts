/**
 * The provider implementation as the dynamic-provider host loads it: `require("pulumi-invent/runtime")` from
 * the thin `__provider` stub. Everything here lives only in the provider process, never in state.
 */
import { InventClient } from "./client";
import { ConfigSource, resolveSettings, ResolvedSettings } from "./config";
import { stderrLogger } from "./log";
import { resourceSpecs } from "./resources/specs";
import { DynamicProvider, ProviderContext, providerFor } from "./schema/provider";

let settings: ResolvedSettings | undefined;
let client: InventClient | undefined;
const providers = new Map<string, DynamicProvider>();

function current(): ResolvedSettings {
  // Without `configure` (engines older than 3.139) the environment is the only source.
  return (settings ??= resolveSettings(undefined));
}

const context: ProviderContext = {
  client: () =>
    (client ??= new InventClient({
      apiKey: current().requireApiKey(),
      baseUrl: current().baseUrl,
      orgId: current().orgId,
      logger: stderrLogger,
    })),
  defaultOrg: () => current().orgId,
  logger: stderrLogger,
};

/** Called by the host once per provider stub with the stack configuration (secrets decrypted). */
export function configure(req: { config: ConfigSource }): void {
  settings = resolveSettings(req.config);
  client = undefined;
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
