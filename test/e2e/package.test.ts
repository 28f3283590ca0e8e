/** What users install: the tarball `npm pack` makes (the same one every e2e test installs). */
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { packedLibrary, REPO, run } from "../../scripts/lib/pulumi-project";
import { pluginTarball } from "./native";

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
      // The native provider plugin: its launcher and its one bundled file.
      "package/bin/pulumi-resource-invent",
      "package/dist/native/pulumi-resource-invent.js",
    ]),
  );
  const unexpected = files.filter(
    (f) =>
      !/^package\/(package\.json|README\.md|dist\/provider\/.+\.(js|d\.ts))$/.test(f) &&
      !/^package\/(bin\/pulumi-resource-invent|dist\/native\/pulumi-resource-invent\.js)$/.test(f),
  );
  expect(unexpected).toEqual([]);
  // No test suite, emulator or source: `testing/` (conversation tests) and `cli/test.js` are the library's own.
  expect(files.filter((f) => /\/test\/|emulator|\.test\.js$|\.ts$/.test(f.replace(/\.d\.ts$/, "")))).toEqual(
    [],
  );
  console.log(`${tarball}: ${files.length} files, ${statSync(tarball).size} bytes`);
});

test("every example installs as written: its package.json takes the tarball `npm pack` makes at the root", async () => {
  const tarball = await packedLibrary();
  const name = basename(tarball); // pulumi-invent-<version>.tgz
  const examples = readdirSync(join(REPO, "examples")).filter((e) =>
    existsSync(join(REPO, "examples", e, "package.json")),
  );
  expect(examples.length).toBeGreaterThan(0);
  for (const e of examples) {
    const pkg = JSON.parse(readFileSync(join(REPO, "examples", e, "package.json"), "utf8"));
    expect([e, pkg.dependencies["pulumi-invent"]]).toEqual([e, `file:../../${name}`]);
  }
  // The layout of a clone after `npm pack` at its root, and `npm install` in an example as its README says.
  const root = mkdtempSync(join(tmpdir(), "pulumi-invent-clone-"));
  try {
    copyFileSync(tarball, join(root, name));
    cpSync(join(REPO, "examples", "quickstart"), join(root, "examples", "quickstart"), {
      recursive: true,
      filter: (p) => !/node_modules|package-lock\.json$/.test(p),
    });
    const dir = join(root, "examples", "quickstart");
    const res = await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
    expect({ code: res.code, output: res.code ? res.output : "" }).toEqual({ code: 0, output: "" });
    expect(existsSync(join(dir, "node_modules/pulumi-invent/dist/provider/index.js"))).toBe(true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the native plugin installs as two files and starts with nothing but node: no node_modules", async () => {
  const { tarball } = await pluginTarball();
  const files = execFileSync("tar", ["tzf", tarball]).toString().trim().split("\n").sort();
  expect(files).toEqual(["pulumi-resource-invent", "pulumi-resource-invent.js"]);
  const dir = mkdtempSync(join(tmpdir(), "pulumi-invent-plugin-"));
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", dir]);
    const installed = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    // Started the way the engine starts it, from a directory with no node_modules anywhere above it: it
    // answers with the port it serves on.
    const port = await new Promise<string>((resolve, reject) => {
      const child = spawn(join(dir, "pulumi-resource-invent"), [], { cwd: dir });
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        if (out.includes("\n")) {
          child.kill();
          resolve(out.trim());
        }
      });
      child.on("exit", (code: number) =>
        out.includes("\n") ? undefined : reject(new Error(`exit ${code}: ${out}`)),
      );
    });
    expect(port).toMatch(/^\d+$/);
    console.log(
      `plugin: ${statSync(tarball).size} bytes packed, ${installed} bytes installed (${files.join(", ")})`,
    );
    expect(installed).toBeLessThan(4 * 1024 * 1024);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
