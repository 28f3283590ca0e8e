import { digestKey, isInput } from "./fields";
import { hasLookups, lookupKeys, lookupNames } from "./lookup";
import { ResourceSpec } from "./spec";
import { FieldTable, tableOf } from "./table";
import { variantList } from "./typegen";

function rows(table: FieldTable, prefix = "", wirePrefix = ""): string[] {
  const out: string[] = [];
  for (const { key, field: f, wire: wirePath, children } of table.inputs) {
    const name = `\`${prefix}${key}\``;
    const v = f.variant;
    const traits = [
      v
        ? v.group.variants[v.value][0] === key
          ? `one of ${v.group.name}`
          : `with \`${v.group.variants[v.value][0]}\``
        : "",
      f.required ? "required" : v ? "" : "optional",
      f.path ? `path${f.parent ? ` (${f.parent})` : ""}` : "",
      f.replaceOnChange ? "replaces" : "",
      f.nullable ? "nullable" : "",
      f.secret ? "secret" : "",
      f.writeOnly ? "write-only" : "",
      f.createOnly ? "create-only" : "",
      f.digestInState ? "digest in state" : "",
    ].filter(Boolean);
    const tag =
      v && v.group.variants[v.value][0] === key
        ? ` with \`${[...v.group.wire, v.group.tag].join(".")}: "${v.value}"\``
        : "";
    const wire = f.path ? "URL" : f.local ? "—" : `\`${wirePrefix}${wirePath.join(".")}\`${tag}`;
    out.push(`| ${name} | ${traits.join(", ")} | ${wire} | ${f.doc.replace(/\|/g, "\\|")} |`);
    if (children) out.push(...rows(children, `${prefix}${key}.`, `${wirePrefix}${wirePath.join(".")}.`));
  }
  return out;
}

/** The README reference section of a resource, generated from its description so the two never disagree. */
export function referenceMarkdown(spec: ResourceSpec): string {
  const table = tableOf(spec.fields);
  const outputs = table.entries.flatMap(({ key: k, field: f }) =>
    !isInput(f)
      ? [`| \`${k}\` | ${f.secret ? "secret" : ""} | ${f.doc.replace(/\|/g, "\\|")} |`]
      : f.digestInState
        ? [
            `| \`${digestKey(k)}\` |  | SHA-256 (hex) of \`${k}\`, kept in state instead of a second copy of it. |`,
          ]
        : [],
  );
  const choices = table.variantGroups.map(
    (g) =>
      `**\`${g.name}\`**: ${g.doc} Set ${g.required ? "exactly" : "at most"} one of ${variantList(g)}; it is sent as ` +
      `\`${g.wire.join(".")}\`, an object whose \`${g.tag}\` says which (${Object.keys(g.variants)
        .map((t) => `\`"${t}"\``)
        .join(", ")}).`,
  );
  return [
    `### \`${spec.type}\``,
    "",
    spec.doc,
    "",
    "| argument | traits | on the wire | meaning |",
    "| --- | --- | --- | --- |",
    ...rows(table),
    "",
    ...choices.flatMap((c) => [c, ""]),
    "Every argument you set is also an output holding the value the API has now; arguments you leave out are",
    "owned by the server and stay out of state. Server-set outputs:",
    "",
    "| output | traits | meaning |",
    "| --- | --- | --- |",
    "| `id` | | Id of the object in Invent. |",
    "| `orgId` | | Org the object lives in (resolved default included). |",
    ...outputs,
    "",
    existing(spec),
    "",
    ...lifecycleLimits(spec),
  ].join("\n");
}

/** What the API cannot do for the kind (create, delete), and what the library does instead: generated. */
function lifecycleLimits(spec: ResourceSpec): string[] {
  const out: string[] = [];
  if (spec.adoptOnly)
    out.push(
      `**Create**: the API cannot create a ${spec.type}: \`adoptId\` is required (preview refuses a declaration ` +
        "without it), and a change that would replace one is refused at preview.",
      "",
    );
  const u = spec.undeletable;
  if (u) {
    const policy = u.policyField
      ? ` With \`${u.policyField}: "prevent"\` the destroy (and any replacement) fails with that explanation ` +
        `instead. A change that would replace it is refused at preview unless \`${u.allowReplacementField}: true\`.`
      : "";
    out.push(
      `**Destroy**: ${u.why.replace(/^the/, "The")} \`pulumi destroy\` (or removing the resource) makes no API ` +
        `call: it forgets the object and prints \`${spec.type} … <id> was forgotten, not deleted: ${u.why} ` +
        `${u.remains}\`${policy}`,
      "",
    );
  }
  return out;
}

/** How the kind's existing objects are referenced, looked up and adopted: one generated paragraph. */
function existing(spec: ResourceSpec): string {
  const { path, key, filters } = lookupKeys(spec);
  const where = ["orgId", ...path].map((k) => `${k}${path.includes(k) ? "" : "?"}`).join(", ");
  const code = (s: string) => `\`${s}\``;
  const get = `${code(`${spec.type}.get(name, id${spec.steps ? ", args" : `, { ${where} }`})`)} references an existing ${spec.type} read-only (never updated or deleted by Pulumi)`;
  if (!hasLookups(spec))
    return `Existing objects: ${get}. It has no lookup functions and no \`adoptId\`: it is not an object of its own.`;
  const names = lookupNames(spec);
  const by = ["id", ...key].map(code).join(", ");
  const narrow = [...key, ...filters].map(code).join(", ");
  return (
    `Existing objects: ${get}; ${code(`${names.get}({ ${["id", ...key].join(" | ")}${path.length ? `, ${path.join(", ")}` : ""} })`)} ` +
    `(and ${code(`${names.get}Output`)}) finds one by ${by}; ${code(`${names.list}(…)`)} (and ${code(`${names.list}Output`)}) lists ` +
    `them${narrow ? `, narrowed by ${narrow}` : ""}; ${code("adoptId")} makes this resource take one over instead of creating one.`
  );
}
