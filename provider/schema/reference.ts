import { Fields, isInput, wirePath } from "./fields";
import { ResourceSpec } from "./provider";

function rows(fields: Fields, prefix = "", wirePrefix = ""): string[] {
  const out: string[] = [];
  for (const [key, f] of Object.entries(fields)) {
    const name = `\`${prefix}${key}\``;
    if (!isInput(f)) continue;
    const traits = [
      f.required ? "required" : "optional",
      f.path ? `path${f.parent ? ` (${f.parent})` : ""}` : "",
      f.replaceOnChange ? "replaces" : "",
      f.nullable ? "nullable" : "",
      f.secret ? "secret" : "",
      f.writeOnly ? "write-only" : "",
      f.createOnly ? "create-only" : "",
    ].filter(Boolean);
    const wire = f.path ? "URL" : f.local ? "—" : `\`${wirePrefix}${wirePath(key, f).join(".")}\``;
    out.push(`| ${name} | ${traits.join(", ")} | ${wire} | ${f.doc.replace(/\|/g, "\\|")} |`);
    if (f.kind === "object")
      out.push(...rows(f.fields, `${prefix}${key}.`, `${wirePrefix}${wirePath(key, f).join(".")}.`));
  }
  return out;
}

/** The README reference section of a resource, generated from its description so the two never disagree. */
export function referenceMarkdown(spec: ResourceSpec): string {
  const outputs = Object.entries(spec.fields)
    .filter(([, f]) => !isInput(f))
    .map(([k, f]) => `| \`${k}\` | ${f.secret ? "secret" : ""} | ${f.doc.replace(/\|/g, "\\|")} |`);
  return [
    `### \`${spec.type}\``,
    "",
    spec.doc,
    "",
    "| argument | traits | on the wire | meaning |",
    "| --- | --- | --- | --- |",
    ...rows(spec.fields),
    "",
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
