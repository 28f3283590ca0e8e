/**
 * The generated Go SDK compiles, and so does a program that uses it (examples/go-quickstart: resources, a child
 * given its parent's id, a lookup, a secret output). Go programs cannot be run here (no buildable Go language
 * host, see the README), so this is as far as Go goes. Needs Go and the module proxy (or a warm module cache).
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO } from "../../scripts/lib/pulumi-project";

const go = (args: string[], cwd: string) =>
  promisify(execFile)("go", args, {
    cwd,
    env: { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
    maxBuffer: 16 * 1024 * 1024,
  });

describe("the Go SDK (sdk/go/invent)", () => {
  test("compiles, and vets clean", async () => {
    await go(["vet", "./..."], join(REPO, "sdk/go/invent"));
  }, 900_000);

  test("a program using it compiles (examples/go-quickstart)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pulumi-invent-go-")), "go-quickstart");
    await go(["build", "-o", out, "."], join(REPO, "examples/go-quickstart"));
    const { stdout } = await promisify(execFile)("go", ["version", out]);
    expect(stdout).toContain(out);
  }, 900_000);
});
