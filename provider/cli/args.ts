/**
 * Command-line options of `pulumi-invent` commands, parsed by Node's own `util.parseArgs` (strict: an unknown
 * option or a missing value is a usage error that quotes the usage text).
 */
import { parseArgs, ParseArgsConfig } from "node:util";
import { ConfigurationError } from "../errors";

/** A usage error: the command prints it with its usage text and exits 2. */
export class UsageError extends ConfigurationError {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The values of `argv` for `options` (`--help`/`-h` is always known), or a UsageError naming the problem. */
export function commandArgs<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
): ReturnType<
  typeof parseArgs<{ options: O & { help: { type: "boolean"; short: "h" } }; strict: true }>
>["values"] {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    // Node's messages name the option and what is wrong ("Unknown option '--outt'", "Option '--out <value>'
    // argument missing"); the usage text says what is right.
    throw new UsageError(`${(err as Error).message.split(". ")[0]}\n\n${usage}`);
  }
}

/** Like {@link commandArgs}, with positional arguments (file names) allowed and returned. */
export function commandLine<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
): ReturnType<
  typeof parseArgs<{
    options: O & { help: { type: "boolean"; short: "h" } };
    strict: true;
    allowPositionals: true;
  }>
> {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split(". ")[0]}\n\n${usage}`);
  }
}
