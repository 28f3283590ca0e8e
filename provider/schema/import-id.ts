/**
 * The id `pulumi import` takes for a kind: the object's own id for a top-level kind; for a kind under a parent,
 * the parent ids its URL needs, then its own (`<assistantId>/<id>`); for a kind that is not an object of its own,
 * its `idTemplate` (`<assistantId>/<contentId>`). State records the object's own id, as a create does.
 */
import { ResourceSpec } from "./spec";
import { tableOf } from "./table";

type Obj = Record<string, unknown>;

const templateOf = (spec: ResourceSpec) =>
  spec.idTemplate ??
  [
    ...tableOf(spec.fields)
      .inputs.filter((i) => i.field.path)
      .map((i) => `{${i.key}}`),
    "{id}",
  ].join("/");

/** `<assistantId>/<id>`: the import id's form, for docs and messages. */
export const importIdDoc = (spec: ResourceSpec) => templateOf(spec).replace(/\{(\w+)\}/g, "<$1>");

/**
 * The values an import id gives (`{ assistantId }`, a link's `contentId`) and the id to read. Values the read
 * already has (a reference given `assistantId`) need no composite id: the id is then the object's own.
 */
export function parseImportId(spec: ResourceSpec, id: string, known: Obj): { values: Obj; id: string } {
  const template = templateOf(spec);
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => n !== "id");
  if (!spec.idTemplate && names.every((n) => typeof known[n] === "string")) return { values: {}, id };
  const pattern = template
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const m = new RegExp(`^${pattern}$`).exec(id);
  if (!m)
    throw new Error(
      `${spec.type}: the import id must be ${importIdDoc(spec)} (got ${JSON.stringify(id)}), e.g. ` +
        `${importIdDoc(spec).replace(/<(\w+)>/g, (_, n: string) => (n === "id" ? "<its id>" : `<${n}>`))}.`,
    );
  const all = [...template.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
  const values: Obj = Object.fromEntries(all.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
  const own = typeof values.id === "string" ? values.id : id;
  delete values.id;
  return { values, id: own };
}
