// `npm run build` (after tsc): bundles the native provider plugin into one file, dist/native/pulumi-resource-invent.js,
// which bin/pulumi-resource-invent runs with the node on PATH. The bundle holds the core, the client (undici), zod,
// gRPC and the provider stubs of @pulumi/pulumi, and nothing else: the dynamic front's classes are replaced by a
// stand-in (provider/native/no-classes.ts), so the SDK itself is never loaded. `--analyze` prints what it weighs.
import { build } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dynamicClasses = join(root, "provider/dynamic/resource.ts");

const result = await build({
  entryPoints: [join(root, "provider/native/main.ts")],
  outfile: join(root, "dist/native/pulumi-resource-invent.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "external",
  metafile: true,
  logLevel: "warning",
  plugins: [
    {
      name: "no-dynamic-classes",
      setup(b) {
        b.onResolve({ filter: /dynamic\/resource$/ }, async (args) => {
          if (args.pluginData?.inner) return undefined; // the resolution asked for below
          const found = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: { inner: true },
          });
          return found.path === dynamicClasses
            ? { path: join(root, "provider/native/no-classes.ts") }
            : undefined;
        });
      },
    },
  ],
});
const sdk = Object.keys(result.metafile.inputs).filter((p) => /@pulumi\/pulumi\/(?!proto\/)/.test(p));
if (sdk.length)
  throw new Error(`the plugin bundle must not load @pulumi/pulumi beyond its proto stubs: ${sdk.join(", ")}`);
if (process.argv.includes("--analyze")) {
  const { analyzeMetafile } = await import("esbuild");
  console.log(await analyzeMetafile(result.metafile));
}
