import { Fields, isInput } from "./fields";
import { ResourceSpec } from "./provider";

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

/** Interfaces for one object level: `<Prefix>Args` and one per nested object. */
function argsInterfaces(name: string, doc: string, fields: Fields): string[] {
  const out: string[] = [];
  const members: string[] = [];
  for (const [key, f] of Object.entries(fields)) {
    if (!isInput(f)) continue;
    const type =
      f.kind === "object" ? `${name.replace(/Args$/, "")}${pascal(key)}Args` : (f.argTsType ?? f.tsType);
    if (f.kind === "object") out.push(...argsInterfaces(type, f.doc, f.fields));
    const extra = traits(f);
    members.push(
      `${tsdoc(f.doc, "  ", extra.length ? [extra.join(" ")] : [])}\n  ${key}${f.required ? "" : "?"}: Input<${type}${f.nullable ? " | null" : ""}>;`,
    );
  }
  out.unshift(`${tsdoc(doc, "")}\nexport interface ${name} {\n${members.join("\n")}\n}`);
  return out;
}

function outputsInterface(spec: ResourceSpec): string {
  const members: string[] = [];
  for (const [key, f] of Object.entries(spec.fields)) {
    const type =
      f.kind === "computed"
        ? f.tsType
        : key === "orgId"
          ? "string"
          : f.kind === "object"
            ? `${spec.type}${pascal(key)}Args`
            : `${f.tsType} | undefined`;
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

/** TypeScript source of every resource's argument and output interfaces, with TSDoc from the descriptions. */
export function typesSource(specs: ResourceSpec[]): string {
  const parts = specs.flatMap((spec) => [
    ...argsInterfaces(`${spec.type}Args`, `Arguments of {@link ${spec.type}}. ${spec.doc}`, spec.fields),
    outputsInterface(spec),
  ]);
  return [
    "// Generated from the resource descriptions by `npm run docs`. Do not edit: change the description.",
    'import type { Input, Output, Unwrap } from "@pulumi/pulumi";',
    "",
    parts.join("\n\n"),
    "",
  ].join("\n");
}
