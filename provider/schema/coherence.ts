/**
 * Flag combinations that cannot mean what they say, refused when a resource description is loaded (as
 * terraform-plugin-framework validates attribute schemas), so a mistake in a description fails every test at
 * once instead of misbehaving for one user.
 */
import { digestKey, Fields, isInput } from "./fields";
import type { ResourceSpec } from "./spec";
import { tableOf } from "./table";

/** Every incoherence of a description, as "Type.path: what is wrong" lines (empty when coherent). */
export function incoherences(spec: ResourceSpec): string[] {
  const out: string[] = [];
  const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const walk = (fields: Fields, prefix: string, nested: boolean) => {
    for (const { key, field: f } of tableOf(fields).entries) {
      const where = `${spec.type}.${prefix}${key}`;
      if (!isInput(f)) {
        if (nested) out.push(`${where}: a server-set output must be top-level`);
        continue;
      }
      if (f.createOnly && !f.writeOnly && !f.replaceOnChange && !f.local)
        out.push(
          `${where}: create-only needs write-only or replaceOnChange (or local: read by create alone), or ` +
            "later changes would be silently lost",
        );
      if (f.secret && nested)
        out.push(
          `${where}: a nested secret would not be kept secret in outputs; make the top-level field secret`,
        );
      if (f.path && (nested || !f.required || !f.replaceOnChange || !params.includes(key)))
        out.push(
          `${where}: a path field must be top-level, required, replace on change, and appear as {${key}} in the path`,
        );
      if (f.nullable && f.required) out.push(`${where}: a required field cannot be nullable`);
      if (f.local && (f.wire !== undefined || f.path))
        out.push(`${where}: a local field is never sent, so it has no wire name and is not a path field`);
      if (f.digestInState && (nested || f.kind !== "value" || f.tsType !== "string" || f.secret))
        out.push(`${where}: only a top-level string that is not secret can be kept as a digest in state`);
      if (f.digestInState && digestKey(key) in fields)
        out.push(`${where}: its digest output ${digestKey(key)} clashes with a field of that name`);
      if (f.variant && (nested || f.required || f.local || f.path))
        out.push(
          `${where}: a variant member is top-level, and neither required (the choice is), local nor a path field`,
        );
      if (f.kind === "object") walk(f.fields, `${prefix}${key}.`, true);
    }
  };
  walk(spec.fields, "", false);
  for (const p of params) {
    const f = spec.fields[p];
    if (!f || !isInput(f) || !f.path) out.push(`${spec.type}: {${p}} in the path is not a path field`);
  }
  const embedded = spec.locate?.embeddedIn;
  for (const m of embedded ? embedded.parentPath.matchAll(/\{(\w+)\}/g) : [])
    if (!params.includes(m[1]))
      out.push(`${spec.type}: {${m[1]}} in locate.embeddedIn.parentPath is not a parameter of the path`);
  if (spec.settle) {
    const t = spec.fields[spec.settle.timeoutField];
    if (!t || !isInput(t) || !t.local)
      out.push(
        `${spec.type}.${spec.settle.timeoutField}: the settle deadline must be a local (never sent) field`,
      );
    if (spec.steps) out.push(`${spec.type}: settle applies to the generic create, not to custom steps`);
    const status = spec.fields[spec.settle.statusOutput];
    if (!status || isInput(status))
      out.push(`${spec.type}.${spec.settle.statusOutput}: the settle status must be a server-set output`);
  }
  const local = (key: string | undefined) => {
    const f = key === undefined ? undefined : spec.fields[key];
    return !!f && isInput(f) && !!f.local && !f.createOnly;
  };
  const adoptId = spec.fields.adoptId;
  if (spec.adoptOnly && !(adoptId && isInput(adoptId) && adoptId.required))
    out.push(
      `${spec.type}: an adopt-only kind needs a required adoptId field (the API cannot create one: preview ` +
        "refuses a declaration without it)",
    );
  if (spec.adoptOnly && spec.createTakes) out.push(`${spec.type}: an adopt-only kind has no create body`);
  const u = spec.undeletable;
  if (u?.policyField !== undefined && !local(u.policyField))
    out.push(`${spec.type}.${u.policyField}: the deletion policy must be a local field read at every step`);
  if (u?.allowReplacementField !== undefined && !local(u.allowReplacementField))
    out.push(`${spec.type}.${u.allowReplacementField}: the replacement switch must be a local field`);
  if (u?.allowReplacementField !== undefined && u.policyField === undefined)
    out.push(`${spec.type}: a replacement switch needs a deletion policy to refuse replacements by`);
  if (spec.patchOnly) {
    const id = spec.fields[spec.patchOnly.owner.idField];
    if (!id || !isInput(id) || !id.path)
      out.push(
        `${spec.type}.${spec.patchOnly.owner.idField}: a settings block's owner id must be a path field`,
      );
    if (spec.steps || spec.settle || spec.createTakes || spec.adoptOnly || !spec.undeletable)
      out.push(
        `${spec.type}: a settings block is written by PATCH alone: no custom steps, settling, create body or ` +
          "adoption, and it is undeletable (destroy forgets it)",
      );
  }
  if (!spec.fields.orgId) out.push(`${spec.type}: every resource has an orgId field (field.orgId())`);
  return out;
}

/** Throws at load time when a description is incoherent. */
export function assertCoherent(spec: ResourceSpec): void {
  const problems = incoherences(spec);
  if (problems.length) throw new Error(`incoherent resource description:\n  ${problems.join("\n  ")}`);
}
