/**
 * The `pulumi-invent` command line: dispatch, usage errors (exit 2, naming the option, with the usage text)
 * and help, without touching any API.
 */
import { main } from "../../provider/cli/main";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test("no command prints the usage and exits 2; --help exits 0", async () => {
  const none = await run([]);
  expect(none.code).toBe(2);
  expect(none.stdout).toMatch(/usage: pulumi-invent <command>[\s\S]*export[\s\S]*doctor/);
  expect((await run(["--help"])).code).toBe(0);
});

test("an unknown command is named, with the usage", async () => {
  const r = await run(["exprot"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/unknown command "exprot"[\s\S]*usage:/);
});

test.each([
  [["export", "--outt", "x"], /Unknown option '--outt'[\s\S]*usage: pulumi-invent export/],
  [["export"], /--out <dir> is required/],
  [["export", "--out"], /--out/],
  [["doctor", "--bogus"], /Unknown option '--bogus'[\s\S]*usage: pulumi-invent doctor/],
  [["doctor", "--confirm-org", "Acme"], /--confirm-org goes with --write/],
])("%j is a usage error (exit 2) that says what is wrong", async (argv, message) => {
  const r = await run(argv);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
});

test("each command has --help", async () => {
  for (const command of ["export", "doctor"]) {
    const r = await run([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`usage: pulumi-invent ${command}`));
  }
});
