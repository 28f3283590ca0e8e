/**
 * Where the provider reports progress (retries, waits, adoption). Inside `pulumi up` the dynamic provider
 * runs as a plugin process whose stderr the engine shows to the user, so the default writes one line there.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

const prefix = "pulumi-invent:";

export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${prefix} ${m}\n`),
  warn: (m) => process.stderr.write(`${prefix} warning: ${m}\n`),
  debug: (m) => {
    if (process.env.PULUMI_INVENT_DEBUG) process.stderr.write(`${prefix} debug: ${m}\n`);
  },
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, debug: () => {} };
