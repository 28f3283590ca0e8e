/**
 * Loads `@apidevtools/swagger-parser`. Version 13 depends on json-schema-ref-parser 16, an ES module, which a
 * CommonJS `require` can load only through Node's own loader (require(esm): Node 20.19 or later). Loaders that
 * emulate `require` (Jest's) cannot, so the module is required through Node's loader, wherever this runs.
 */
import type SwaggerParserModule from "@apidevtools/swagger-parser";
import { createRequire } from "node:module";

export type SwaggerParser = typeof SwaggerParserModule;

let loaded: SwaggerParser | undefined;

/** The swagger-parser module, loaded once. Throws a clear error on a Node too old to load it. */
export function swaggerParser(): SwaggerParser {
  if (loaded) return loaded;
  // getBuiltinModule returns Node's real `module` even where `require("node:module")` is emulated.
  const nodeModule = process.getBuiltinModule?.("node:module") ?? { createRequire };
  try {
    loaded = nodeModule.createRequire(__filename)("@apidevtools/swagger-parser") as SwaggerParser;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_REQUIRE_ESM")
      throw new Error(
        `doctor --spec needs Node.js 20.19 or later to load its OpenAPI parser (this is ${process.version}).`,
      );
    throw err;
  }
  return loaded;
}
