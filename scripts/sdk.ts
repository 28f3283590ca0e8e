/**
 * `npm run sdk`: regenerates, from the resource descriptions, the native provider's package schema
 * (`sdk/schema.json`) and the SDKs built from it (`sdk/python`, a Python package; `sdk/go`, a Go module) with the
 * pinned generator (`scripts/sdkgen.sh`, built once and cached). `test/unit/native-schema.test.ts` fails when
 * any of them is stale.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resourceSpecs } from "../provider/resources/specs";
import { GO_IMPORT_BASE, packageSchema } from "../provider/schema/package-schema";

export const ROOT = join(__dirname, "..");
export const SCHEMA = join(ROOT, "sdk/schema.json");
export const SDK_LANGUAGES = { python: join(ROOT, "sdk/python"), go: join(ROOT, "sdk/go") } as const;

const version = () => JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

/** The schema as the provider serves it and `sdk/schema.json` holds it. */
export const schemaText = () =>
  `${JSON.stringify(packageSchema(Object.values(resourceSpecs), version()), null, 2)}\n`;

/** The generator's binary (built on first use; cached under ~/.cache/pulumi-invent). */
export const sdkgen = () =>
  execFileSync("bash", [join(ROOT, "scripts/sdkgen.sh")], { stdio: ["ignore", "pipe", "inherit"] })
    .toString()
    .trim();

/** The Go SDK's module file: the SDK is a module of its own, on the engine's Go SDK release. */
export const GO_MOD = `module ${GO_IMPORT_BASE}\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.259.0\n`;

/** Writes the SDK of `language` for `schemaFile` into `out` (replacing it). */
export function generateSdk(
  bin: string,
  schemaFile: string,
  language: keyof typeof SDK_LANGUAGES,
  out: string,
) {
  execFileSync(bin, [schemaFile, language, out], { stdio: ["ignore", "inherit", "pipe"] });
  if (language === "go") writeFileSync(join(out, "invent/go.mod"), GO_MOD);
}

/** The SDK of `language` generated afresh into a temp dir (for the staleness test). */
export function freshSdk(language: keyof typeof SDK_LANGUAGES): string {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-invent-sdk-"));
  const schema = join(dir, "schema.json");
  writeFileSync(schema, schemaText());
  generateSdk(sdkgen(), schema, language, join(dir, language));
  return join(dir, language);
}

if (require.main === module) {
  writeFileSync(SCHEMA, schemaText());
  const bin = sdkgen();
  for (const [language, out] of Object.entries(SDK_LANGUAGES)) {
    rmSync(out, { recursive: true, force: true });
    generateSdk(bin, SCHEMA, language as keyof typeof SDK_LANGUAGES, out);
  }
  // go.sum (and the full requirement list) from the module proxy; not compared by the staleness test.
  execFileSync("go", ["mod", "tidy"], {
    cwd: join(SDK_LANGUAGES.go, "invent"),
    stdio: "inherit",
    env: { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-mod=mod" },
  });
}
