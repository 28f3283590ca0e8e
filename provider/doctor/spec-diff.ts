/**
 * `pulumi-invent doctor --spec openapi.json`: compares what the library sends to and reads from the Invent API
 * (derived from the resource descriptions, see spec-endpoints.ts) with the vendor's OpenAPI 3.x document, and
 * lists what differs. The document is parsed, validated and dereferenced by swagger-parser; nothing here
 * follows a `$ref`.
 */
import { ASSUMPTIONS, OVERRIDABLE_ASSUMPTIONS } from "../assumptions";
import {
  enumAssumption,
  LibraryEndpoint,
  libraryEndpoints,
  ReadPath,
  SentField,
  SentObject,
  shapeOf,
  vendorSpelling,
} from "./spec-endpoints";
import { swaggerParser } from "./spec-parser";
import {
  acceptsNull,
  alternatives,
  enumOf,
  isFreeForm,
  isReadOnly,
  isSchema,
  itemsOf,
  objectAlternative,
  ObjectAlternative,
  Schema,
  typesOf,
} from "./spec-schema";

/** One way the library and the vendor's OpenAPI document disagree. */
export interface SpecDifference {
  /** "missing-endpoint" | "unaccepted-field" | "unsent-required-field" | "enum-value-refused" | "enum-value-unknown" | "unread-response-field" | ... */
  kind: string;
  /** "POST /orgs/{org_id}/assistants" style, or the kind's name */
  where: string;
  /** one sentence, what differs and what it means for the user (and, when it maps to an [A] assumption in provider/assumptions.ts, its name and the override to try) */
  detail: string;
  /** "error" when the library would send something the API refuses or use an endpoint it lacks; "warning" otherwise; "info" for harmless extras */
  severity: "error" | "warning" | "info";
}

/** The document could not be used: unreadable, invalid, or not OpenAPI 3.x. The message names the file. */
export class SpecDocumentError extends Error {
  override name = "SpecDocumentError";
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).trim();

/** Parses, validates and dereferences the document; refuses Swagger 2.0, which describes bodies differently. */
async function loadDocument(specPath: string): Promise<Schema> {
  const SwaggerParser = swaggerParser();
  let parsed: unknown;
  try {
    parsed = await SwaggerParser.parse(specPath);
  } catch (err) {
    throw new SpecDocumentError(`${specPath}: not a readable OpenAPI 3.x document: ${reasonOf(err)}`);
  }
  if (isSchema(parsed) && "swagger" in parsed)
    throw new SpecDocumentError(
      `${specPath} is a Swagger ${String(parsed.swagger)} document; doctor --spec needs OpenAPI 3.x (3.0 or 3.1), ` +
        "such as the vendor's /openapi.json (or convert it first, e.g. with swagger2openapi).",
    );
  try {
    // validate() dereferences too: every $ref in the result is the object it points at.
    return (await SwaggerParser.validate(specPath)) as unknown as Schema;
  } catch (err) {
    throw new SpecDocumentError(`${specPath} is not a valid OpenAPI document: ${reasonOf(err)}`);
  }
}

/** A path of the document, by shape (parameters blanked), with its path item. */
interface SpecPath {
  path: string;
  item: Schema;
}

function indexPaths(doc: Schema): Map<string, SpecPath> {
  const out = new Map<string, SpecPath>();
  for (const [path, item] of Object.entries(isSchema(doc.paths) ? doc.paths : {}))
    if (isSchema(item) && !out.has(shapeOf(path))) out.set(shapeOf(path), { path, item });
  return out;
}

/** The JSON schema of a request or response `content`. */
function jsonSchema(content: unknown): Schema | undefined {
  if (!isSchema(content)) return undefined;
  const type =
    "application/json" in content ? "application/json" : Object.keys(content).find((t) => /json/i.test(t));
  const media = type ? content[type] : undefined;
  return isSchema(media) && isSchema(media.schema) ? media.schema : undefined;
}

/** The success response's schema: 200, 201, 2XX, any 2xx, else `default`. */
function responseSchema(op: Schema): Schema | undefined {
  const responses = isSchema(op.responses) ? op.responses : {};
  const codes = Object.keys(responses);
  const pick =
    ["200", "201", "2XX", "2xx"].find((c) => c in responses) ??
    codes.find((c) => c.startsWith("2")) ??
    (codes.includes("default") ? "default" : undefined);
  const r = pick ? responses[pick] : undefined;
  return isSchema(r) ? jsonSchema(r.content) : undefined;
}

const quote = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(", ");

/** How a user changes an assumption: without a release when it is overridable, else in the source. */
const overrideVia = (name: string) =>
  name in OVERRIDABLE_ASSUMPTIONS
    ? ` (without a release: the stack setting invent:assumptions, or INVENT_ASSUMPTIONS, e.g. {"${name}": …})`
    : "";

/** "It rests on the assumption X in provider/assumptions.ts: <hint>." */
const assumptionNote = (a?: { name: string; hint: string }) =>
  a
    ? ` It rests on the assumption \`${a.name}\` in provider/assumptions.ts: ${a.hint}${overrideVia(a.name)}.`
    : "";

/** State of the comparison of one endpoint's body. */
interface BodyCheck {
  where: string;
  out: SpecDifference[];
  /** Spec properties seen (dotted) and those the library sends, for the "never sent" summary. */
  offered: Set<string>;
  sent: Set<string>;
}

const intersect = (alts: ObjectAlternative[]) =>
  alts.length ? [...alts[0].required].filter((r) => alts.every((a) => a.required.has(r))) : [];

/** Alternatives of an object schema; with a tag, only those whose tag property allows its value (if any do). */
function objectAlternatives(schema: Schema, tag?: { key: string; value: string }): ObjectAlternative[] {
  const alts = alternatives(schema).map(objectAlternative);
  if (!tag) return alts;
  const picked = alts.filter((a) => {
    const t = a.props.get(tag.key);
    return t && enumOf(t)?.includes(tag.value);
  });
  return picked.length ? picked : alts;
}

/** Compares a body (or a nested object of one) the library sends with the spec's schema for it. */
function checkBody(
  sent: SentObject,
  schema: Schema,
  prefix: string,
  c: BodyCheck,
  partial: boolean,
  tag?: { key: string; value: string },
) {
  const alts = objectAlternatives(schema, tag);
  if (isFreeForm(alts)) return; // a free-form object: any key will do
  const push = (kind: string, severity: SpecDifference["severity"], detail: string) =>
    c.out.push({ kind, where: c.where, severity, detail });
  for (const a of alts) for (const [k, s] of a.props) if (!isReadOnly(s)) c.offered.add(prefix + k);
  for (const [key, f] of Object.entries(sent)) {
    const name = prefix + key;
    c.sent.add(name);
    const having = alts.find((a) => a.props.has(key));
    if (!having) {
      if (alts.every((a) => a.closed))
        push(
          "unaccepted-field",
          "error",
          `\`${name}\` (from ${f.source}) is sent by the library, but the spec's body does not accept it ` +
            "(additionalProperties: false): a program that sets it fails at `pulumi up`.",
        );
      else
        push(
          "undocumented-field",
          "warning",
          `\`${name}\` (from ${f.source}) is sent by the library, but the spec's body does not list it: the API ` +
            "may ignore it, so the setting would have no effect and show as drift.",
        );
      continue;
    }
    const ps = having.props.get(key)!;
    if (isReadOnly(ps)) {
      push(
        "unaccepted-field",
        "warning",
        `\`${name}\` (from ${f.source}) is sent by the library, but the spec marks it read-only: the API may ` +
          "refuse or ignore it.",
      );
      continue;
    }
    checkValue(f, ps, name, c, partial);
  }
  for (const r of intersect(alts)) {
    const ps = alts[0].props.get(r);
    if (ps && isReadOnly(ps)) continue; // read-only properties are never required in a request
    const f = sent[r];
    if (!f) {
      c.sent.add(prefix + r); // reported here: not also among the fields never sent
      push(
        "unsent-required-field",
        "error",
        `the spec requires \`${prefix + r}\` in this body, but the library never sends it: the API would refuse ` +
          "every such request.",
      );
    } else if (f.presence !== "always" || partial)
      push(
        "required-field-optional",
        "warning",
        `the spec requires \`${prefix + r}\` (from ${f.source}), which the library sends only ` +
          (partial ? "when it changes (updates carry only what changed)" : "when it is set") +
          ": a request without it would be refused.",
      );
  }
}

/** One sent value against its property schema: type, null, enum, then what is nested in it. */
function checkValue(f: SentField, ps: Schema, name: string, c: BodyCheck, partial: boolean) {
  const push = (kind: string, severity: SpecDifference["severity"], detail: string) =>
    c.out.push({ kind, where: c.where, severity, detail });
  const types = typesOf(ps);
  if (f.type && types && !types.has(f.type)) {
    push(
      "type-mismatch",
      "error",
      `\`${name}\` (from ${f.source}) is sent as ${f.type}, but the spec wants ${[...types].join(" or ")}: the API ` +
        "would refuse it.",
    );
    return;
  }
  if (f.nullable && !acceptsNull(ps))
    push(
      "null-refused",
      "warning",
      `\`${name}\` (from ${f.source}) may be sent as null to clear it, but the spec does not allow null there: ` +
        "clearing it may be refused.",
    );
  if (f.enum) checkEnum(f, f.enum, enumOf(ps), name, c);
  if (f.variants) {
    const tag = f.variants.tag;
    const tagField = f.children?.[tag];
    // The tag's values are compared once, against every shape the spec offers; each shape then alone.
    const tagSchemas = alternatives(ps)
      .map(objectAlternative)
      .map((a) => a.props.get(tag))
      .filter(isSchema);
    const specTags = tagSchemas.map((s) => enumOf(s));
    if (tagField?.enum && tagSchemas.length && specTags.every((e) => e !== undefined))
      checkEnum(tagField, tagField.enum, [...new Set(specTags.flat() as string[])], `${name}.${tag}`, c);
    for (const [value, members] of Object.entries(f.variants.byTag)) {
      const withTag: SentObject = { ...f.children, ...members };
      if (tagField) withTag[tag] = { ...tagField, enum: undefined };
      checkBody(withTag, ps, `${name}.`, c, partial, { key: tag, value });
    }
    return;
  }
  if (f.children && Object.keys(f.children).length) checkBody(f.children, ps, `${name}.`, c, partial);
  if (f.items) {
    const items = itemsOf(ps);
    // Items of a list are sent whole, even in a partial update.
    if (items) checkBody(f.items, items, `${name}[].`, c, false);
  }
}

/** The library's enum against the spec's: values only the spec has are refused; values only ours, unknown. */
function checkEnum(
  f: SentField,
  ours: readonly string[],
  theirs: string[] | undefined,
  name: string,
  c: BodyCheck,
) {
  if (!theirs) return; // the spec takes any string: everything the library lets through is fine
  const refused = theirs.filter((v) => !ours.includes(v));
  const unknown = ours.filter((v) => !theirs.includes(v));
  const a = enumAssumption(ours);
  const fix = (to: string[]) =>
    a
      ? ` It is the assumption \`${a}\` in provider/assumptions.ts: set it to ${quote(to)}${overrideVia(a)}.`
      : ` Update the enum of ${f.source} in its resource description.`;
  const keep = [...ours.filter((v) => theirs.includes(v)), ...refused];
  if (refused.length)
    c.out.push({
      kind: "enum-value-refused",
      where: c.where,
      severity: "warning",
      detail:
        `\`${name}\`: the spec allows ${quote(refused)}, which the library refuses at preview (it accepts ` +
        `${quote(ours)}).${fix(keep)}`,
    });
  if (unknown.length)
    c.out.push({
      kind: "enum-value-unknown",
      where: c.where,
      severity: "error",
      detail:
        `\`${name}\`: the library accepts ${quote(unknown)}, which the spec does not list (it has ${quote(theirs)}): ` +
        `a program that uses it fails at \`pulumi up\`.${fix(keep)}`,
    });
}

/**
 * Response fields the library reads that the spec's response schema lacks, each reported once per schema (a
 * component shared by several responses is reported at the first). Fields the library can do without are
 * summed up in one "info" per consequence.
 */
function checkReads(
  reads: ReadPath[],
  root: Schema,
  where: string,
  out: SpecDifference[],
  reported: WeakMap<Schema, Set<string>>,
) {
  const tolerated = new Map<string, string[]>();
  for (const r of reads) {
    let s: Schema = root;
    for (let i = 0; i < r.path.length; i++) {
      const seg = r.path[i];
      const key = seg.endsWith("[]") ? seg.slice(0, -2) : seg;
      const alts = alternatives(s).map(objectAlternative);
      if (isFreeForm(alts)) break; // nothing is said of its keys
      const having = alts.find((a) => a.props.has(key));
      if (!having) {
        const seen = reported.get(s) ?? new Set<string>();
        reported.set(s, seen);
        if (seen.has(key)) break;
        seen.add(key);
        const dotted = [...r.path.slice(0, i), key].join(".");
        if (r.fallback) tolerated.set(r.fallback, [...(tolerated.get(r.fallback) ?? []), `\`${dotted}\``]);
        else
          out.push({
            kind: "unread-response-field",
            where,
            severity: "warning",
            detail:
              `the library reads \`${dotted}\` (for ${r.source}) from this response, but the spec's response does ` +
              "not have it: the value would read as absent, and a declared value would show as drift at every refresh.",
          });
        break;
      }
      s = having.props.get(key)!;
      if (seg.endsWith("[]")) {
        const items = itemsOf(s);
        if (!items) break;
        s = items;
      }
    }
  }
  for (const [fallback, fields] of tolerated)
    out.push({
      kind: "unread-response-field",
      where,
      severity: "info",
      detail: `the library reads ${fields.join(", ")} from this response, which the spec does not have: ${fallback}.`,
    });
}

/** The query parameters the library pages with, against the list operation's. */
function checkPaging(
  pathItem: Schema,
  op: Schema,
  where: string,
  out: SpecDifference[],
  seen: WeakSet<Schema>,
) {
  const params = [pathItem.parameters, op.parameters]
    .flatMap((p) => (Array.isArray(p) ? p : []))
    .filter((p): p is Schema => isSchema(p) && p.in === "query");
  for (const name of ["page", "take"]) {
    const p = params.find((x) => x.name === name);
    if (!p) {
      out.push({
        kind: "unaccepted-parameter",
        where,
        severity: "warning",
        detail:
          `the library pages this list with the query parameters page and take, but the spec has no \`${name}\`: if ` +
          "the API ignores it, the library may read only the first page (or the same page again).",
      });
      continue;
    }
    const max = isSchema(p.schema) ? p.schema.maximum : undefined;
    // A parameter component shared by every list is reported once, at the first.
    if (name === "take" && typeof max === "number" && max < ASSUMPTIONS.maxPageSize && !seen.has(p)) {
      seen.add(p);
      out.push({
        kind: "parameter-out-of-range",
        where,
        severity: "error",
        detail:
          `the library asks for take=${ASSUMPTIONS.maxPageSize}, but the spec allows at most ${max}: set maxPageSize ` +
          `in provider/assumptions.ts to ${max}${overrideVia("maxPageSize")}.`,
      });
    }
  }
}

/**
 * Compares the library with the OpenAPI 3.x document at `specPath` (JSON or YAML): every endpoint the
 * resource descriptions call, the bodies they send (fields, nesting, types, enums, required fields) and the
 * response fields they read. Path parameters match by position, whatever their names.
 *
 * @throws SpecDocumentError when the file cannot be read, is not valid OpenAPI, or is Swagger 2.0.
 */
export async function diffSpec(specPath: string): Promise<SpecDifference[]> {
  const doc = await loadDocument(specPath);
  const paths = indexPaths(doc);
  const { endpoints, unchecked } = libraryEndpoints();
  const out: SpecDifference[] = [];
  const reported = new WeakMap<Schema, Set<string>>();
  const pagingSeen = new WeakSet<Schema>();
  for (const type of unchecked)
    out.push({
      kind: "unchecked-resource",
      where: type,
      severity: "warning",
      detail:
        `${type} makes calls of its own (custom steps) that the doctor does not know yet, so they were not ` +
        "compared: describe them in provider/doctor/spec-endpoints.ts.",
    });
  // Reads are checked on the GET of one object first, so a response schema shared with the create, the update
  // and the list is reported there, once.
  const order = (e: LibraryEndpoint) => (e.paginated ? 2 : e.method === "GET" ? 0 : 1);
  for (const ep of [...endpoints].sort((a, b) => order(a) - order(b))) {
    const found = paths.get(shapeOf(ep.path));
    const op = found?.item[ep.method.toLowerCase()];
    if (!found || !isSchema(op)) {
      const has = found ? METHODS.filter((m) => isSchema(found.item[m])).map((m) => m.toUpperCase()) : [];
      out.push({
        kind: "missing-endpoint",
        where: `${ep.method} ${vendorSpelling(ep.path)}`,
        severity: "error",
        detail:
          `the library calls it (${ep.uses.join("; ")}), but the spec ` +
          (found ? `has only ${has.join(", ") || "no operations"} on ${found.path}.` : "has no such path.") +
          assumptionNote(ep.assumption),
      });
      continue;
    }
    const where = `${ep.method} ${found.path}`;
    if (ep.paginated) checkPaging(found.item, op, where, out, pagingSeen);
    const requestBody = isSchema(op.requestBody) ? op.requestBody : undefined;
    if (ep.body) {
      const schema = requestBody && jsonSchema(requestBody.content);
      if (!requestBody)
        out.push({
          kind: "unaccepted-body",
          where,
          severity: "warning",
          detail: `the library sends a JSON body (${ep.uses.join("; ")}), but the spec's operation takes none.`,
        });
      else if (schema) {
        const c: BodyCheck = { where, out, offered: new Set(), sent: new Set() };
        checkBody(ep.body, schema, "", c, !!ep.partial);
        const never = [...c.offered].filter(
          (k) => !c.sent.has(k) && ![...c.sent].some((s) => s.startsWith(`${k}.`)),
        );
        if (never.length)
          out.push({
            kind: "unused-field",
            where,
            severity: "info",
            detail:
              `the spec accepts fields the library never sends: ${never.slice(0, 12).join(", ")}` +
              `${never.length > 12 ? ` and ${never.length - 12} more` : ""} (API features not managed yet).`,
          });
      }
    } else if (requestBody?.required === true)
      out.push({
        kind: "unsent-required-field",
        where,
        severity: "error",
        detail: `the spec requires a request body, but the library sends none (${ep.uses.join("; ")}).`,
      });
    const response = ep.reads && responseSchema(op);
    if (ep.reads && response) {
      const items = ep.paginated ? itemsOf(response) : response;
      const types = typesOf(response);
      if (ep.paginated && (!items || (types && !types.has("array"))))
        out.push({
          kind: "response-shape",
          where,
          severity: "error",
          detail:
            "the library reads this list as a bare JSON array (with totals in pagination-* headers), but the " +
            "spec's response is not an array: every read of this collection would fail.",
        });
      else if (items) checkReads(ep.reads, items, where, out, reported);
    }
  }
  const rank = { error: 0, warning: 1, info: 2 };
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/**
 * The differences as a plain-text report for a terminal: a count line, then one block per difference
 * (severity, kind, where; the detail indented below), errors first.
 */
export function formatSpecDiff(diffs: SpecDifference[]): string {
  if (!diffs.length) return "The spec and the library agree: no differences found.\n";
  const count = (s: SpecDifference["severity"]) => diffs.filter((d) => d.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [
    `${plural(diffs.length, "difference")}: ${plural(count("error"), "error")}, ` +
      `${plural(count("warning"), "warning")}, ${count("info")} info.`,
    "",
  ];
  const rank = { error: 0, warning: 1, info: 2 };
  const kindWidth = Math.max(...diffs.map((d) => d.kind.length));
  for (const d of [...diffs].sort((a, b) => rank[a.severity] - rank[b.severity])) {
    lines.push(`${d.severity.toUpperCase().padEnd(7)} ${d.kind.padEnd(kindWidth)}  ${d.where}`);
    lines.push(...wrap(d.detail, 100).map((l) => `        ${l}`));
  }
  return `${lines.join("\n")}\n`;
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
