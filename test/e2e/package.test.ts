/** What users install: the tarball `npm pack` makes (the same one every e2e test installs). */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { packedLibrary } from "../../scripts/lib/pulumi-project";

jest.setTimeout(300_000);

test("the package ships compiled JS with type declarations, the README, and nothing else", async () => {
  const tarball = await packedLibrary();
  const files = execFileSync("tar", ["tzf", tarball]).toString().trim().split("\n").sort();
  expect(files).toEqual(
    expect.arrayContaining([
      "package/package.json",
      "package/README.md",
      "package/dist/provider/index.js",
      "package/dist/provider/index.d.ts",
      "package/dist/provider/runtime.js",
      "package/dist/provider/resources/types.generated.d.ts",
    ]),
  );
  const unexpected = files.filter(
    (f) => !/^package\/(package\.json|README\.md|dist\/provider\/.+\.(js|d\.ts))$/.test(f),
  );
  expect(unexpected).toEqual([]);
  expect(files.some((f) => /test|emulator|\.ts$/.test(f.replace(/\.d\.ts$/, "")))).toBe(false);
  console.log(`${tarball}: ${files.length} files, ${statSync(tarball).size} bytes`);
});
