/**
 * The native provider's package schema and the SDKs generated from it (run `npm run sdk` when these fail), and
 * what the schema says of the descriptions: every kind, its nested types, secret and replace flags, the
 * provider's settings, the lookup functions, and strings rather than enums.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { freshSdk, SCHEMA, schemaText, SDK_LANGUAGES } from "../../scripts/sdk";
import { resourceSpecs } from "../../provider/resources/specs";
import { lookupNames, hasLookups } from "../../provider/schema/lookup";

type Schema = {
  resources: Record<
    string,
    {
      inputProperties: Record<string, Record<string, unknown>>;
      properties: Record<string, Record<string, unknown>>;
      description: string;
    }
  >;
  types: Record<string, { properties: Record<string, unknown> }>;
  functions: Record<string, unknown>;
  config: { variables: Record<string, Record<string, unknown>> };
  provider: { inputProperties: Record<string, Record<string, unknown>> };
};

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });

describe("the native provider's schema (generated from the descriptions)", () => {
  const schema: Schema = JSON.parse(schemaText());

  test("sdk/schema.json is current", () => {
    expect(readFileSync(SCHEMA, "utf8")).toBe(schemaText());
  });

  test("every kind is a resource, every lookup a function", () => {
    for (const spec of Object.values(resourceSpecs)) {
      expect(schema.resources[`invent:index:${spec.type}`]).toBeDefined();
      if (hasLookups(spec)) {
        expect(schema.functions[`invent:index:${lookupNames(spec).get}`]).toBeDefined();
        expect(schema.functions[`invent:index:${lookupNames(spec).list}`]).toBeDefined();
      }
    }
  });

  test("secret, replace and nested types come from the field flags", () => {
    const r = schema.resources;
    expect(r["invent:index:Connection"].inputProperties.config.secret).toBe(true);
    expect(r["invent:index:Channel"].properties.config.secret).toBe(true);
    expect(r["invent:index:Assistant"].properties.secretKey.secret).toBe(true);
    expect(r["invent:index:Action"].inputProperties.tool.willReplaceOnChanges).toBe(true);
    expect(r["invent:index:Action"].inputProperties.name.willReplaceOnChanges).toBeUndefined();
    expect(r["invent:index:Assistant"].inputProperties.conversation.$ref).toBe(
      "#/types/invent:index:AssistantConversation",
    );
    expect(Object.keys(schema.types["invent:index:AssistantConversation"].properties)).toContain(
      "threadMode",
    );
    // A large value is kept once: its output is the digest.
    expect(r["invent:index:KnowledgeContent"].properties.textSha256).toBeDefined();
    expect(r["invent:index:KnowledgeContent"].properties.text).toBeUndefined();
    expect(r["invent:index:Action"].description).toContain(
      "pulumi import invent:index:Action <name> <assistantId>/<id>",
    );
  });

  test("the provider's settings: the invent: stack config keys, the key secret", () => {
    expect(Object.keys(schema.config.variables).sort()).toEqual([
      "apiKey",
      "assumptions",
      "baseUrl",
      "orgId",
      "readBack",
      "waitForCreationLimit",
    ]);
    expect(schema.provider.inputProperties.apiKey.secret).toBe(true);
  });

  test("fixed sets of values are strings whose description lists them, never schema enums", () => {
    expect(schemaText()).not.toMatch(/"enum"/);
    const scope = schema.resources["invent:index:Assistant"].inputProperties.knowledgeScope;
    expect(scope.type).toBe("string");
    expect(scope.description).toContain('One of `"all"`, `"selected"`');
  });
});

describe("the SDKs generated from it (scripts/sdkgen.sh, pinned generator)", () => {
  for (const [language, dir] of Object.entries(SDK_LANGUAGES)) {
    test(`sdk/${language} is current`, () => {
      const fresh = freshSdk(language as keyof typeof SDK_LANGUAGES);
      // go.mod and go.sum are completed by `go mod tidy` from the module proxy: checked apart below.
      const rel = (root: string) =>
        files(root)
          .map((f) => relative(root, f))
          .filter((f) => !/go\.(mod|sum)$/.test(f) && !/__pycache__|\.egg-info|^build\//.test(f))
          .sort();
      expect(rel(dir)).toEqual(rel(fresh));
      for (const f of rel(fresh))
        expect({ f, text: readFileSync(join(dir, f), "utf8") }).toEqual({
          f,
          text: readFileSync(join(fresh, f), "utf8"),
        });
    }, 120_000);
  }

  test("sdk/go is a module of its own on the engine's Go SDK", () => {
    const mod = readFileSync(join(SDK_LANGUAGES.go, "invent/go.mod"), "utf8");
    expect(mod).toMatch(/^module github\.com\/useinvent\/pulumi-invent\/sdk\/go\/invent$/m);
    expect(mod).toMatch(/github\.com\/pulumi\/pulumi\/sdk\/v3 v3\.259\.0$/m);
  });
});
