/** `pulumi-invent doctor` (being built). */
export async function runDoctor(argv: string[]): Promise<number> {
  process.stderr.write(`pulumi-invent doctor: not built yet (${argv.length} arguments)\n`);
  return 1;
}
