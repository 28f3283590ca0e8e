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
import { packageSchema } from "../provider/schema/package-schema";

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

/** Writes the SDK of `language` for `schemaFile` into `out` (replacing it). */
export function generateSdk(
  bin: string,
  schemaFile: string,
  language: keyof typeof SDK_LANGUAGES,
  out: string,
) {
  execFileSync(bin, [schemaFile, language, out], { stdio: ["ignore", "inherit", "pipe"] });
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
}
