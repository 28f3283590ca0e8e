/** `pulumi-invent export` (being built). */
export async function runExport(argv: string[]): Promise<number> {
  process.stderr.write(`pulumi-invent export: not built yet (${argv.length} arguments)\n`);
  return 1;
}
