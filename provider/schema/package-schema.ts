/**
 * The Pulumi package schema (`schema.json`) of the native provider, generated from the resource descriptions:
 * resources, nested types, docs, secret and replace flags, the provider's configuration, and one function per
 * lookup. The SDKs of every language (`npm run sdk`) and Pulumi YAML's type checks are built from it.
 *
 * Enums: a field with a fixed set of values is a `string` whose description lists the values, never a schema
 * enum. The provider checks the value at preview (zero API calls) with the same rule the TypeScript classes
 * use; an SDK enum would restate that rule in every language, and a value the API adds would then need new SDKs
 * everywhere instead of a provider upgrade. Changing that later would change the SDKs' types, so it is decided
 * here once.
 */
import { z } from "zod";
import { CONFIG_KEYS } from "../config";
import { digestKey, Fields, InputField, isInput } from "./fields";
import { hasLookups, lookupKeys, lookupNames } from "./lookup";
import { ResourceSpec } from "./spec";
import { tableOf } from "./table";
import { importIdDoc } from "./import-id";

/** The package name: the token prefix (`invent:index:Assistant`) and the plugin's name (`pulumi-resource-invent`). */
export const PACKAGE = "invent";

/** The token of a resource kind or a function: `invent:index:Assistant`. */
export const tokenOf = (name: string) => `${PACKAGE}:index:${name}`;

/** Where the generated Go SDK lives, as Go code imports it. */
export const GO_IMPORT_BASE = "github.com/useinvent/pulumi-invent/sdk/go/invent";

/** A property in the schema's terms (the subset this package uses). */
export interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  oneOf?: PropertySpec[];
  $ref?: string;
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

interface ObjectTypeSpec {
  type: "object";
  description: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);
const ANY: PropertySpec = { $ref: "pulumi.json#/Any" };
const ref = (name: string): PropertySpec => ({ $ref: `#/types/${tokenOf(name)}` });

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  anyOf?: JsonSchema[];
};

/** Collects the named object types as they are met. */
class Types {
  readonly all: Record<string, ObjectTypeSpec> = {};
  add(name: string, spec: ObjectTypeSpec): PropertySpec {
    this.all[tokenOf(name)] = spec;
    return ref(name);
  }
}

/** A value's JSON schema (from its zod rule) in the schema's type system; objects with members become named types. */
function fromJsonSchema(s: JsonSchema, name: string, types: Types): PropertySpec {
  if (Array.isArray(s.type)) return { oneOf: s.type.map((t) => fromJsonSchema({ type: t }, name, types)) };
  if (s.anyOf) return { oneOf: s.anyOf.map((x) => fromJsonSchema(x, name, types)) };
  switch (s.type) {
    case "string":
    case "boolean":
    case "number":
    case "integer":
      return { type: s.type };
    case "array":
      return { type: "array", items: s.items ? fromJsonSchema(s.items, `${name}Item`, types) : ANY };
    case "object":
      if (s.properties && Object.keys(s.properties).length)
        return types.add(name, {
          type: "object",
          description: `An item of ${name}.`,
          properties: Object.fromEntries(
            Object.entries(s.properties).map(([k, v]) => [
              k,
              fromJsonSchema(v, `${name}${pascal(k)}`, types),
            ]),
          ),
          required: s.required,
        });
      return { type: "object", additionalProperties: ANY };
    default:
      return ANY;
  }
}

/** `"a"`, `"b"`: a fixed set of values, for a description (see the module comment on enums). */
const valuesOf = (s: JsonSchema): string =>
  s.enum ? ` One of ${s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(", ")}.` : "";

/** What a field's description adds to its doc: its traits, as the README reference says them. */
function traitsText(f: InputField): string {
  return [
    f.replaceOnChange ? "Changing it replaces the object." : "",
    f.nullable ? "`null` clears it." : "",
    f.secret ? "Secret: kept encrypted in state." : "",
    f.writeOnly ? "Write-only: the API does not return it." : "",
    f.createOnly && f.local ? "Only read at create." : "",
  ]
    .filter(Boolean)
    .map((t) => ` ${t}`)
    .join("");
}

/** One argument (and the output of the same name) in the schema. */
function inputProperty(prefix: string, key: string, f: InputField, types: Types): PropertySpec {
  const flags: PropertySpec = {
    ...(f.secret ? { secret: true } : {}),
    ...(f.replaceOnChange ? { willReplaceOnChanges: true } : {}),
  };
  if (f.kind === "object") {
    const name = `${prefix}${pascal(key)}`;
    objectType(name, f.doc, f.fields, types);
    return { ...ref(name), description: f.doc + traitsText(f), ...flags };
  }
  const json = z.toJSONSchema(f.schema, { unrepresentable: "any" }) as JsonSchema;
  return {
    ...fromJsonSchema(json, `${prefix}${pascal(key)}`, types),
    description: f.doc + valuesOf(json) + traitsText(f),
    ...flags,
  };
}

/** A nested object's members as a named type (`AssistantConversation`). */
function objectType(name: string, doc: string, fields: Fields, types: Types): void {
  const table = tableOf(fields);
  types.add(name, {
    type: "object",
    description: doc,
    properties: Object.fromEntries(
      table.inputs.map((i) => [i.key, inputProperty(name, i.key, i.field, types)]),
    ),
    required: table.inputs.filter((i) => i.field.required).map((i) => i.key),
  });
}

/** A server-set output's type, from its TypeScript type (`string | null`, `number`). */
const computedType = (tsType: string): PropertySpec => ({
  type: /\bnumber\b/.test(tsType) ? "number" : /\bboolean\b/.test(tsType) ? "boolean" : "string",
});

/** The outputs every object has: its org, and its server-set fields. */
function outputProperties(spec: ResourceSpec, inputs: Record<string, PropertySpec>) {
  const table = tableOf(spec.fields);
  const properties: Record<string, PropertySpec> = {};
  const required = ["orgId"];
  for (const { key, field: f } of table.entries) {
    if (!isInput(f)) {
      properties[key] = {
        ...computedType(f.tsType),
        description: f.doc,
        ...(f.secret ? { secret: true } : {}),
      };
      if (!/null|undefined/.test(f.tsType)) required.push(key);
      continue;
    }
    if (f.digestInState) {
      // State keeps the value once, as an input; the output is its digest.
      properties[digestKey(key)] = {
        type: "string",
        description: `SHA-256 (hex) of \`${key}\`, kept in state instead of a second copy of it.`,
      };
      continue;
    }
    properties[key] = { ...inputs[key] };
    if (f.required) required.push(key);
  }
  properties.orgId = {
    type: "string",
    description: "Org the object lives in: the `orgId` argument, else the provider's default org.",
  };
  return { properties, required: [...new Set(required)] };
}

/** A lookup's result type (`AssistantResult`): every field the API returns, under the outputs' names. */
function resultType(spec: ResourceSpec, inputs: Record<string, PropertySpec>): ObjectTypeSpec {
  const properties: Record<string, PropertySpec> = {
    id: { type: "string", description: "Id of the object in Invent." },
    orgId: { type: "string", description: "Org the object lives in, as the lookup addressed it." },
  };
  for (const { key, field: f } of tableOf(spec.fields).entries) {
    if (!isInput(f)) {
      properties[key] = {
        ...computedType(f.tsType),
        description: f.doc,
        ...(f.secret ? { secret: true } : {}),
      };
      continue;
    }
    if (f.local || f.writeOnly === true) continue; // never returned by the API
    const { willReplaceOnChanges: _, ...p } = inputs[key];
    properties[key] = p;
    if (f.digestInState)
      properties[digestKey(key)] = { type: "string", description: `SHA-256 (hex) of \`${key}\`.` };
  }
  return {
    type: "object",
    description: `${spec.type} as a lookup returns it: every field the API returns, under the resource's output names.`,
    properties,
    required: ["id", "orgId"],
  };
}

/** `getX` and `listXs` of a kind (see `schema/lookup.ts`). */
function functionsOf(spec: ResourceSpec, inputs: Record<string, PropertySpec>, types: Types) {
  const keys = lookupKeys(spec);
  const names = lookupNames(spec);
  const result = resultType(spec, inputs);
  const resultRef = types.add(`${spec.type}Result`, result);
  const str = (description: string): PropertySpec => ({ type: "string", description });
  const common: Record<string, PropertySpec> = {
    orgId: str(
      "Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the provider's `orgId`.",
    ),
    ...Object.fromEntries(keys.path.map((k) => [k, str(`${(spec.fields[k] as InputField).doc} Required.`)])),
  };
  const keyProps = (verb: string) =>
    Object.fromEntries(
      keys.key.map((k) => [
        k,
        str(`${verb} \`${k}\` (compared exactly): ${(spec.fields[k] as InputField).doc}`),
      ]),
    );
  const filters = Object.fromEntries(Object.entries(spec.listFilters ?? {}).map(([k, f]) => [k, str(f.doc)]));
  return {
    [tokenOf(names.get)]: {
      description:
        `One ${spec.type}, by \`id\`${keys.key.length ? ` or by ${keys.key.map((k) => `\`${k}\``).join(" and ")}` : ""}. ` +
        "Fails when there is none or (by key) several, naming each candidate.",
      inputs: {
        properties: { id: str("Id of the object in Invent."), ...common, ...keyProps("The object's") },
        required: keys.path,
      },
      outputs: result,
    },
    [tokenOf(names.list)]: {
      description: `Every ${spec.type} that passes the filters given, in the API's order.`,
      inputs: {
        properties: { ...common, ...keyProps("Only objects with this"), ...filters },
        required: keys.path,
      },
      outputs: {
        type: "object",
        properties: { items: { type: "array", items: resultRef, description: `The ${spec.type}s found.` } },
        required: ["items"],
      },
    },
  };
}

/** The resource entry of one kind, and its functions. */
function resourceOf(spec: ResourceSpec, types: Types) {
  const table = tableOf(spec.fields);
  const inputProperties = Object.fromEntries(
    table.inputs.map((i) => [i.key, inputProperty(spec.type, i.key, i.field, types)]),
  );
  const outputs = outputProperties(spec, inputProperties);
  const importNote = `\n\nImport: \`pulumi import ${tokenOf(spec.type)} <name> ${importIdDoc(spec)}\`.`;
  return {
    resource: {
      description: spec.doc + importNote,
      inputProperties,
      requiredInputs: table.inputs.filter((i) => i.field.required && !i.field.variant).map((i) => i.key),
      properties: outputs.properties,
      required: outputs.required,
    },
    functions: hasLookups(spec) ? functionsOf(spec, inputProperties, types) : {},
  };
}

/** Descriptions of the provider's settings (the `invent:` stack config keys, or an explicit provider's inputs). */
const SETTINGS: Record<keyof typeof CONFIG_KEYS, PropertySpec> = {
  apiKey: {
    type: "string",
    secret: true,
    description:
      "API key made in the Invent dashboard. Default: the `INVENT_API_KEY` environment variable of the provider process.",
  },
  orgId: {
    type: "string",
    description:
      "Default org of the resources that set no `orgId`: a real `org_…` id, or `c` for the key's own org. Default: `INVENT_ORG_ID`, else `c`.",
  },
  baseUrl: {
    type: "string",
    description: "API root. Default: `INVENT_BASE_URL`, else `https://api.useinvent.com`.",
  },
  waitForCreationLimit: {
    type: "boolean",
    description:
      "Whether a create that hits the hourly assistant-creation limit waits for it (with progress) instead of failing at once. Default: false.",
  },
  assumptions: {
    type: "object",
    additionalProperties: ANY,
    description:
      'Corrections to the provider\'s assumptions about the API, e.g. `{"patchDeepMergesNestedObjects": false}` (see `pulumi-invent doctor`). Default: `INVENT_ASSUMPTIONS` (JSON).',
  },
  readBack: {
    type: "string",
    description:
      'What a value the API did not keep after a write is: `"warn"` (a warning during `up`, the default) or `"error"`. Default: `INVENT_READ_BACK`, else `"warn"`.',
  },
};

/** The whole package schema, from every description (in registry order, so the file is stable). */
export function packageSchema(specs: ResourceSpec[], version: string) {
  const types = new Types();
  const resources: Record<string, unknown> = {};
  let functions: Record<string, unknown> = {};
  for (const spec of specs) {
    const { resource, functions: fns } = resourceOf(spec, types);
    resources[tokenOf(spec.type)] = resource;
    functions = { ...functions, ...fns };
  }
  return {
    name: PACKAGE,
    displayName: "Invent",
    version,
    description:
      "Invent (useinvent.com) AI support assistants, their actions, channels and knowledge, and the org's connections.",
    keywords: ["pulumi", "invent", "ai", "assistants", "category/utility"],
    license: "Apache-2.0",
    publisher: "pulumi-invent",
    meta: { moduleFormat: "(.*)" },
    config: { variables: SETTINGS },
    provider: {
      description:
        "The provider's settings. Each is also read from the `invent:` stack config of the default provider, then from the environment of the provider process.",
      inputProperties: SETTINGS,
    },
    types: Object.fromEntries(Object.entries(types.all).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    functions,
    language: {
      python: { packageName: "pulumi_invent", respectSchemaVersion: true, pyproject: { enabled: true } },
      go: {
        importBasePath: GO_IMPORT_BASE,
        respectSchemaVersion: true,
        generateResourceContainerTypes: false,
      },
      nodejs: { respectSchemaVersion: true },
    },
  };
}
