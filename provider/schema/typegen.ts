import { digestKey, Fields, InputField, isInput, VariantGroup } from "./fields";
import { hasLookups, lookupKeys, lookupNames } from "./lookup";
import { ResourceSpec } from "./spec";
import { tableOf } from "./table";

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

function tsdoc(text: string, indent: string, extra: string[] = []): string {
  const lines = [text, ...extra].join("\n\n").split("\n");
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`), `${indent} */`].join("\n");
}

function traits(f: {
  required?: boolean;
  replaceOnChange?: boolean;
  secret?: boolean;
  writeOnly?: unknown;
  nullable?: boolean;
}) {
  return [
    f.replaceOnChange ? "Changing it replaces the object." : "",
    f.nullable ? "`null` clears it." : "",
    f.secret ? "Secret: stored encrypted." : "",
    f.writeOnly ? "Write-only: the API does not return it." : "",
  ].filter(Boolean);
}

/** One argument of an interface, with its TSDoc. */
function member(key: string, f: InputField, type: string, required = !!f.required): string {
  const extra = traits(f);
  return `${tsdoc(f.doc, "  ", extra.length ? [extra.join(" ")] : [])}\n  ${key}${required ? "" : "?"}: Input<${type}${f.nullable ? " | null" : ""}>;`;
}

/**
 * A choice of shapes as a union: one interface per variant, whose main value is required and whose other
 * variants' members are `never`, so the compiler refuses none or two (the type `<Prefix><Group>Args`).
 */
function variantTypes(prefix: string, g: VariantGroup, fields: Fields): { name: string; source: string[] } {
  const all = Object.values(g.variants).flat();
  const name = `${prefix}${pascal(g.name)}Args`;
  const choices = Object.entries(g.variants).map(([value, keys]) => {
    const own = keys.map((k, i) =>
      member(k, fields[k] as InputField, (fields[k] as InputField & { tsType: string }).tsType, i === 0),
    );
    const others = all.filter((k) => !keys.includes(k)).map((k) => `  ${k}?: never;`);
    const where = [...g.wire, g.tag].join(".");
    return {
      name: `${prefix}${pascal(value.toLowerCase())}Args`,
      source: `${tsdoc(`The ${g.name} as \`${keys[0]}\` (sent with \`${where}: "${value}"\`).`, "")}\nexport interface ${prefix}${pascal(value.toLowerCase())}Args {\n${[...own, ...others].join("\n")}\n}`,
    };
  });
  const none = g.required ? [] : [`{ ${all.map((k) => `${k}?: never`).join("; ")} }`];
  const doc = `${g.doc}\n\nSet exactly one of ${variantList(g)}${g.required ? "" : ", or none"}.`;
  return {
    name,
    source: [
      `${tsdoc(doc, "")}\nexport type ${name} =\n${[...choices.map((c) => c.name), ...none].map((n) => `  | ${n}`).join("\n")};`,
      ...choices.map((c) => c.source),
    ],
  };
}

/** `` `text`, `url` (with `crawl`) or `fileId` ``: the variants of a choice, for docs. */
export function variantList(g: VariantGroup): string {
  const items = Object.values(g.variants).map(
    ([main, ...rest]) =>
      `\`${main}\`${rest.length ? ` (with ${rest.map((k) => `\`${k}\``).join(", ")})` : ""}`,
  );
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** Interfaces for one object level: `<Prefix>Args` and one per nested object (and per choice of shapes). */
function argsInterfaces(name: string, doc: string, fields: Fields): string[] {
  const out: string[] = [];
  const members: string[] = [];
  const table = tableOf(fields);
  const groups = table.variantGroups;
  for (const { key, field: f } of table.inputs) {
    if (f.variant) continue; // written by the choice's own types below
    const type =
      f.kind === "object" ? `${name.replace(/Args$/, "")}${pascal(key)}Args` : (f.argTsType ?? f.tsType);
    if (f.kind === "object") out.push(...argsInterfaces(type, f.doc, f.fields));
    members.push(member(key, f, type));
  }
  if (!groups.length) {
    out.unshift(`${tsdoc(doc, "")}\nexport interface ${name} {\n${members.join("\n")}\n}`);
    return out;
  }
  // With a choice of shapes the arguments are the common ones and one variant of each choice.
  const prefix = name.replace(/Args$/, "");
  const choices = groups.map((g) => variantTypes(prefix, g, fields));
  out.unshift(
    `${tsdoc(doc, "")}\nexport type ${name} = ${[`${prefix}CommonArgs`, ...choices.map((c) => c.name)].join(" & ")};`,
    `${tsdoc(`The arguments of {@link ${prefix}} besides the choice of ${groups.map(variantList).join("; ")}.`, "")}\nexport interface ${prefix}CommonArgs {\n${members.join("\n")}\n}`,
    ...choices.flatMap((c) => c.source),
  );
  return out;
}

function outputsInterface(spec: ResourceSpec): string {
  const members: string[] = [];
  for (const { key, field: f } of tableOf(spec.fields).entries) {
    if (isInput(f) && f.digestInState) {
      // State keeps the digest, not a second copy of the value.
      const doc = `SHA-256 (hex) of \`${key}\` as the API holds it, kept in state instead of a second copy; only when \`${key}\` is set.`;
      members.push(`${tsdoc(doc, "  ")}\n  readonly ${digestKey(key)}: Output<string | undefined>;`);
      continue;
    }
    const type =
      f.kind === "computed"
        ? f.tsType
        : key === "orgId"
          ? "string"
          : f.kind === "object"
            ? `${spec.type}${pascal(key)}Args`
            : // A required argument is always there; an optional one only when the user set it.
              `${f.tsType}${f.required ? "" : " | undefined"}`;
    const doc =
      f.kind === "computed"
        ? f.doc
        : key === "orgId"
          ? "Org the object lives in: the `orgId` argument, else the stack's default org."
          : `${f.doc} Holds the value the API has now, and only when the argument is set.`;
    const wrapped = f.kind === "object" ? `Output<Unwrap<${type}> | undefined>` : `Output<${type}>`;
    members.push(`${tsdoc(doc, "  ", f.secret ? ["Secret."] : [])}\n  readonly ${key}: ${wrapped};`);
  }
  return `/** Output properties of {@link ${spec.type}}. */\nexport interface ${spec.type}Outputs {\n${members.join("\n")}\n}`;
}

/** The arguments of `X.get` after the id: where the object is (its org and, for a child, its parent). */
function getArgsType(spec: ResourceSpec): string {
  const name = `${spec.type}GetArgs`;
  if (spec.steps)
    return `${tsdoc(`Where the ${spec.type} read by {@link ${spec.type}.get} is: its arguments, which address it (it is not an object of its own).`, "")}
export type ${name} = ${spec.type}Args;`;
  const members = [
    `${tsdoc("Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.", "  ")}
  orgId?: Input<string>;`,
    ...lookupKeys(spec).path.map((k) => {
      const f = spec.fields[k] as InputField;
      return `${tsdoc(`${f.doc} Required: the object's URL is under its parent's.`, "  ")}
  ${k}: Input<string>;`;
    }),
  ];
  return `${tsdoc(`Where the ${spec.type} read by {@link ${spec.type}.get} is.`, "")}
export interface ${name} {
${members.join("\n")}
}`;
}

/** The type a field has in a lookup result (plain values; nested objects unwrapped). */
function resultType(spec: ResourceSpec, key: string, f: InputField): string {
  if (f.kind === "object") return `Unwrap<${spec.type}${pascal(key)}Args>`;
  return f.tsType;
}

/** `<Type>Result`: what a lookup returns, every field under its program-side name. */
function resultInterface(spec: ResourceSpec): string {
  const members = [
    `${tsdoc("Id of the object in Invent.", "  ")}
  readonly id: string;`,
    `${tsdoc("Org the object lives in, as the lookup addressed it (`c` for the key's own org).", "  ")}
  readonly orgId: string;`,
  ];
  for (const { key, field: f } of tableOf(spec.fields).entries) {
    if (!isInput(f)) {
      members.push(`${tsdoc(f.doc, "  ", f.secret ? ["Secret: sensitive."] : [])}
  readonly ${key}: ${f.tsType};`);
      continue;
    }
    if (f.local || f.writeOnly === true) continue; // never returned by the API
    const optional = !!f.variant;
    const nullable = !f.required && !f.path;
    const extra = [
      f.variant ? `Present when the object is of this ${f.variant.group.name} type.` : "",
      f.secret ? "Secret: sensitive (credentials come masked)." : "",
    ].filter(Boolean);
    members.push(
      `${tsdoc(f.doc, "  ", extra.length ? [extra.join(" ")] : [])}
  readonly ${key}${optional ? "?" : ""}: ${resultType(spec, key, f)}${nullable ? " | null" : ""};`,
    );
    if (f.digestInState)
      members.push(
        `${tsdoc(`SHA-256 (hex) of \`${key}\`, as a resource's output holds it.`, "  ")}
  readonly ${digestKey(key)}?: string | null;`,
      );
  }
  return `${tsdoc(`${spec.type} as a lookup returns it: the same names as the resource's outputs, every field the API returns.`, "")}
export interface ${spec.type}Result {
${members.join("\n")}
}`;
}

/** `Get<Type>Args`/`List<Type>sArgs` and their `…OutputArgs` forms (members may be outputs). */
function lookupArgs(spec: ResourceSpec): string[] {
  const keys = lookupKeys(spec);
  const names = lookupNames(spec);
  const member = (key: string, doc: string, type: string, required: boolean, input: boolean) =>
    `${tsdoc(doc, "  ")}
  ${key}${required ? "" : "?"}: ${input ? `Input<${type}>` : type};`;
  const common = (input: boolean) => [
    member(
      "orgId",
      "Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.",
      "string",
      false,
      input,
    ),
    ...keys.path.map((k) =>
      member(k, `${(spec.fields[k] as InputField).doc} Required.`, "string", true, input),
    ),
  ];
  const keyMembers = (input: boolean, verb: string) =>
    keys.key.map((k) => {
      const f = spec.fields[k] as InputField & { tsType?: string };
      return member(k, `${verb} \`${k}\` (compared exactly): ${f.doc}`, f.tsType ?? "string", false, input);
    });
  const filters = (input: boolean) =>
    Object.entries(spec.listFilters ?? {}).map(([k, f]) => member(k, f.doc, f.tsType, false, input));
  const out: string[] = [];
  for (const input of [false, true]) {
    const suffix = input ? "OutputArgs" : "Args";
    const byKey = keys.key.length
      ? ` or by ${keys.key.map((k) => `\`${k}\``).join(" and ")} (any of them; all given must match, and exactly one object must)`
      : "";
    out.push(
      `${tsdoc(`Arguments of {@link ${names.get}${input ? "Output" : ""}}: the object by \`id\`${byKey}.`, "")}
export interface ${pascal(names.get)}${suffix} {
${[
  member(
    "id",
    `Id of the object in Invent.${keys.key.length ? ` Not together with ${keys.key.join("/")}.` : ""}`,
    "string",
    false,
    input,
  ),
  ...common(input),
  ...keyMembers(input, "The object's"),
].join("\n")}
}`,
      `${tsdoc(`Arguments of {@link ${names.list}${input ? "Output" : ""}}: every filter given must match.`, "")}
export interface ${pascal(names.list)}${suffix} {
${[...common(input), ...keyMembers(input, "Only objects with this"), ...filters(input)].join("\n")}
}`,
    );
  }
  return out;
}

/** TypeScript source of every resource's argument and output interfaces, with TSDoc from the descriptions. */
export function typesSource(specs: ResourceSpec[]): string {
  const parts = specs.flatMap((spec) => [
    ...argsInterfaces(`${spec.type}Args`, `Arguments of {@link ${spec.type}}. ${spec.doc}`, spec.fields),
    outputsInterface(spec),
    getArgsType(spec),
    ...(hasLookups(spec) ? [resultInterface(spec), ...lookupArgs(spec)] : []),
  ]);
  return [
    "// Generated from the resource descriptions by `npm run docs`. Do not edit: change the description.",
    'import type { Input, Output, Unwrap } from "@pulumi/pulumi";',
    "",
    parts.join("\n\n"),
    "",
  ].join("\n");
}
