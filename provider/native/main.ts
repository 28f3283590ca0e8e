/**
 * The entry point of the `pulumi-resource-invent` plugin (bundled into `dist/native/pulumi-resource-invent.js`
 * by `npm run build`; `bin/pulumi-resource-invent` starts it with the `node` on PATH). The engine passes its own
 * address as the first argument that is not a flag; progress and warnings go to it, shown by the CLI.
 */
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { Logger, stderrLogger } from "../log";
import { resourceSpecs } from "../resources/specs";
import { packageSchema } from "../schema/package-schema";
import { serve } from "./server";

// Read at build time by the bundler: the package's own version. (This file is only ever bundled; the plain
// compile, tsconfig.build.json, leaves it out, as the path is the repository's.)
const { version } = require("../../package.json") as { version: string };

function engineLogger(address: string | undefined): Logger {
  if (!address) return stderrLogger;
  const engine = new engrpc.EngineClient(address, grpc.credentials.createInsecure());
  const send = (severity: engproto.LogSeverity, message: string) => {
    const req = new engproto.LogRequest();
    req.setSeverity(severity);
    req.setMessage(message);
    engine.log(req, () => {}); // best effort: a lost progress line is no failure
  };
  return {
    info: (m) => send(engproto.LogSeverity.INFO, m),
    warn: (m) => send(engproto.LogSeverity.WARNING, m),
    debug: (m) => {
      if (process.env.PULUMI_INVENT_DEBUG) send(engproto.LogSeverity.DEBUG, m);
    },
  };
}

let schemaText: string | undefined;
void serve({
  specs: resourceSpecs,
  version,
  schema: () => (schemaText ??= JSON.stringify(packageSchema(Object.values(resourceSpecs), version))),
  logger: engineLogger(process.argv.slice(2).find((a) => !a.startsWith("-"))),
}).catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-invent: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
