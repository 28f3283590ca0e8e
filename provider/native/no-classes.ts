/**
 * Stands in for `dynamic/resource.ts` in the plugin's bundle (`scripts/bundle.mjs`): the descriptions' files also
 * declare the TypeScript classes of the dynamic front, which the plugin never uses, and loading them would pull
 * the whole `@pulumi/pulumi` SDK (about 130 MB installed) into a process that needs only its gRPC stubs.
 */
export function resourceClass(): unknown {
  return class NotInThePlugin {};
}
