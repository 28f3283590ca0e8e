/**
 * Checks a live API object against the library's own description of it (the field tables of
 * provider/resources/*): fields the library reads that are missing or of the wrong type, and fields the
 * library does not know (information only: the API grows, and parsing tolerates them).
 */
import { ComputedField, InputField, snakeCase, WireObject } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { FieldTable, tableOf } from "../schema/table";
import { canonical, carriedValue } from "../schema/wire";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** What a check of one object found. */
export interface WireCheck {
  /** `config.model: missing`, `enabled: expected boolean, got string`. */
  problems: string[];
  /** Dotted paths of fields the library does not know. */
  extra: string[];
}

/** Top-level keys every object may carry besides its fields: the id, the soft-delete flag, children. */
const ALWAYS_KNOWN = ["id", "deleted"];

function getPath(o: unknown, path: string[]): unknown {
  return path.reduce<unknown>((acc, k) => (isObj(acc) ? acc[k] : undefined), o);
}

/** The JSON type a field's value has on the wire, from its TypeScript type; undefined = not checkable. */
function expectedType(f: InputField): string | undefined {
  if (f.kind === "object") return "object";
  if (f.codec) return undefined; // spelled differently on the wire (`crawl: true` is `mode: "crawl"`)
  const t = f.tsType;
  if (t === "string" || t.startsWith('"')) return "string";
  if (t === "boolean") return "boolean";
  if (t === "number") return "number";
  if (t.endsWith("[]")) return "array";
  if (t.startsWith("Record<")) return "object";
  return undefined;
}

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** The literal members of an enum field (`"all" | "selected"`), or undefined. */
function enumMembers(f: InputField): string[] | undefined {
  if (f.kind !== "value" || !f.tsType.startsWith('"')) return undefined;
  return f.tsType.split(" | ").map((m) => JSON.parse(m) as string);
}

function checkLevel(table: FieldTable, live: Obj, prefix: string, out: WireCheck, known: Set<string>): void {
  // A choice of shapes says which one it is by its tag (`content.type`).
  for (const g of table.variantGroups)
    for (const path of [...g.wire.map((_, i) => g.wire.slice(0, i + 1)), [...g.wire, g.tag]])
      known.add(prefix + path.join("."));
  for (const { field: f, wire, children } of table.inputs) {
    // Local, path and never-returned fields are not on the wire; a variant member only in its variant.
    if (f.local || f.path || f.writeOnly === true) continue;
    const g = f.variant?.group;
    if (g && getPath(live, [...g.wire, g.tag]) !== f.variant!.value) {
      known.add(prefix + wire.join("."));
      continue;
    }
    const path = prefix + wire.join(".");
    for (let i = 1; i <= wire.length; i++) known.add(prefix + wire.slice(0, i).join("."));
    const v = getPath(live, wire);
    if (v === undefined) {
      // Fields the user may leave out are server-owned; the docs say responses always carry them.
      out.problems.push(`${path}: missing`);
      continue;
    }
    if (v === null) continue; // "not set": the library reads null as the server's choice
    const want = expectedType(f);
    if (want && jsonType(v) !== want) {
      out.problems.push(`${path}: expected ${want}, got ${jsonType(v)}`);
      continue;
    }
    const members = enumMembers(f);
    if (members && !members.includes(v as string))
      out.problems.push(`${path}: ${JSON.stringify(v)} is not one of ${members.join(", ")}`);
    if (f.kind === "object" && children && isObj(v)) checkLevel(children, v, `${path}.`, out, known);
    // Free-form objects (config of a connection) are shaped by their type: their keys are not listed.
    if (f.kind === "value" && want === "object") known.add(`${path}.*`);
  }
}

/** Wire keys of the computed outputs, guessed from their names (`avatarUrl` is `avatar_url`). */
function computedKeys(outputs: { key: string; field: ComputedField }[]): string[] {
  return outputs.map(({ key }) => snakeCase(key));
}

/** Every key path in `live` that the table does not know, for information. */
function unknownPaths(live: Obj, known: Set<string>, prefix = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(live)) {
    const path = prefix + k;
    if (!known.has(path)) {
      out.push(path);
      continue;
    }
    if (isObj(v) && !known.has(`${path}.*`)) out.push(...unknownPaths(v, known, `${path}.`));
  }
  return out;
}

/**
 * Checks `live` (one object as the API answered it) against `spec`'s fields. `embedded` names array fields
 * that hold children of other kinds (`actions`, `integrations`), which are known.
 */
export function checkWire(spec: ResourceSpec, live: WireObject, embedded: string[] = []): WireCheck {
  const table = tableOf(spec.fields);
  const out: WireCheck = { problems: [], extra: [] };
  const known = new Set<string>([...ALWAYS_KNOWN, ...embedded]);
  if (typeof live.id !== "string") out.problems.push(`id: expected string, got ${jsonType(live.id)}`);
  checkLevel(table, live, "", out, known);
  for (const key of computedKeys(table.outputs)) {
    known.add(key);
    if (!(key in live)) out.problems.push(`${key}: missing`);
  }
  out.extra = unknownPaths(live, known);
  return out;
}

/**
 * Whether a list item carries what a read needs, compared with the same object from a GET: the wire paths of
 * the fields the library reads. "whole" when all are there and equal; otherwise what is missing or differs.
 */
export function compareListItem(
  spec: ResourceSpec,
  item: WireObject,
  single: WireObject,
): { missing: string[]; differing: string[] } {
  const missing: string[] = [];
  const differing: string[] = [];
  for (const { field: f, wire } of tableOf(spec.fields).inputs) {
    if (f.local || f.path || f.writeOnly === true) continue;
    // Where each carries the value (a TEXT content's text may be elsewhere than its wire path: `readFrom`).
    const fromGet = carriedValue(single, wire, f);
    if (fromGet === undefined) continue;
    const fromList = carriedValue(item, wire, f);
    const path = wire.join(".");
    if (fromList === undefined) missing.push(path);
    else if (canonical(fromList) !== canonical(fromGet)) differing.push(path);
  }
  return { missing, differing };
}
