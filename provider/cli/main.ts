#!/usr/bin/env node
/**
 * `pulumi-invent <command>`: the package's command line. `export` writes a Pulumi program and an import file
 * for a live org; `doctor` checks the library's assumptions about the API against a real org; `audit` lists the
 * objects no stack manages; `test` holds conversation tests with live assistants.
 */
import { InventError } from "../errors";
import { UsageError } from "./args";

const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  export: {
    summary: "write a Pulumi program and an import file for the objects of a live org (reads only)",
    run: async (argv) => (await import("./export")).runExport(argv),
  },
  doctor: {
    summary: "check every assumption the library makes about the Invent API against your org",
    run: async (argv) => (await import("./doctor")).runDoctor(argv),
  },
  audit: {
    summary: "list the objects of your org that no stack manages, and how to take each over (reads only)",
    run: async (argv) => (await import("./audit")).runAudit(argv),
  },
  test: {
    summary: "hold the conversations of your test files with the live assistants and check what they say",
    run: async (argv) => (await import("./test")).runTest(argv),
  },
  plugin: {
    summary:
      "install the native provider plugin (for Pulumi YAML, Python, Go and pulumi-invent/native) into Pulumi",
    run: async (argv) => (await import("./plugin")).runPlugin(argv),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return (
    `usage: pulumi-invent <command> [options]\n\ncommands:\n${lines.join("\n")}\n\n` +
    "Run `pulumi-invent <command> --help` for a command's options.\n"
  );
}

/** Runs the command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`pulumi-invent: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    // Typed API errors carry a request id and never a credential; anything else is a bug worth its stack.
    const text = err instanceof InventError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`pulumi-invent ${name}: ${text}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`pulumi-invent: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
