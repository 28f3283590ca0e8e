import { digestKey, Fields, isInput, VariantGroup, wirePath } from "./fields";
import { ResourceSpec } from "./provider";
import { variantList } from "./typegen";

function rows(fields: Fields, prefix = "", wirePrefix = ""): string[] {
  const out: string[] = [];
  for (const [key, f] of Object.entries(fields)) {
    const name = `\`${prefix}${key}\``;
    if (!isInput(f)) continue;
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
    const wire = f.path ? "URL" : f.local ? "—" : `\`${wirePrefix}${wirePath(key, f).join(".")}\`${tag}`;
    out.push(`| ${name} | ${traits.join(", ")} | ${wire} | ${f.doc.replace(/\|/g, "\\|")} |`);
    if (f.kind === "object")
      out.push(...rows(f.fields, `${prefix}${key}.`, `${wirePrefix}${wirePath(key, f).join(".")}.`));
  }
  return out;
}

/** The README reference section of a resource, generated from its description so the two never disagree. */
export function referenceMarkdown(spec: ResourceSpec): string {
  const outputs = Object.entries(spec.fields).flatMap(([k, f]) =>
    !isInput(f)
      ? [`| \`${k}\` | ${f.secret ? "secret" : ""} | ${f.doc.replace(/\|/g, "\\|")} |`]
      : f.digestInState
        ? [
            `| \`${digestKey(k)}\` |  | SHA-256 (hex) of \`${k}\`, kept in state instead of a second copy of it. |`,
          ]
        : [],
  );
  const groups = new Set<VariantGroup>();
  for (const f of Object.values(spec.fields)) if (isInput(f) && f.variant) groups.add(f.variant.group);
  const choices = [...groups].map(
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
    ...rows(spec.fields),
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
  ].join("\n");
}
