/**
 * Questions about a dereferenced OpenAPI 3.x schema object that the spec diff asks: which properties an object
 * accepts (across `allOf`/`oneOf`/`anyOf`), which it requires, whether it is closed, a value's types and enum.
 * Schemas arrive with every `$ref` already replaced by swagger-parser, and may be cyclic: nothing here recurses
 * without a depth bound.
 */

/** A schema object as it appears in the dereferenced document. */
export type Schema = { [key: string]: unknown };

export const isSchema = (v: unknown): v is Schema => v !== null && typeof v === "object" && !Array.isArray(v);

const list = (v: unknown): Schema[] => (Array.isArray(v) ? v.filter(isSchema) : []);

/** Bounds for composed schemas: vendors' documents nest a few levels; a cycle must not hang the doctor. */
const MAX_DEPTH = 8;
const MAX_ALTERNATIVES = 64;

/**
 * The schema as a list of alternatives, each the list of parts that all apply (`allOf` flattened, `oneOf` and
 * `anyOf` multiplied out). An object matches the schema when it matches every part of one alternative.
 */
export function alternatives(s: Schema, depth = 0): Schema[][] {
  let out: Schema[][] = [[s]];
  if (depth > MAX_DEPTH) return out;
  const product = (choices: Schema[][]) => {
    const next: Schema[][] = [];
    for (const a of out) for (const c of choices) next.push([...a, ...c]);
    out = next.slice(0, MAX_ALTERNATIVES);
  };
  for (const part of list(s.allOf)) product(alternatives(part, depth + 1));
  const choice = [...list(s.oneOf), ...list(s.anyOf)];
  if (choice.length) product(choice.flatMap((b) => alternatives(b, depth + 1)));
  return out;
}

/** What one alternative says about an object: its properties, required keys, and whether others are refused. */
export interface ObjectAlternative {
  props: Map<string, Schema>;
  required: Set<string>;
  /** `additionalProperties: false` (or `unevaluatedProperties: false`) in one of its parts. */
  closed: boolean;
}

export function objectAlternative(parts: Schema[]): ObjectAlternative {
  const props = new Map<string, Schema>();
  const required = new Set<string>();
  let closed = false;
  for (const p of parts) {
    if (isSchema(p.properties))
      for (const [k, v] of Object.entries(p.properties)) if (isSchema(v) && !props.has(k)) props.set(k, v);
    if (Array.isArray(p.required)) for (const r of p.required) if (typeof r === "string") required.add(r);
    if (p.additionalProperties === false || p.unevaluatedProperties === false) closed = true;
  }
  return { props, required, closed };
}

/** Whether no alternative describes any property and none refuses extras: a free-form object, not checkable. */
export const isFreeForm = (alts: ObjectAlternative[]) => alts.every((a) => a.props.size === 0 && !a.closed);

/**
 * The JSON types other than `null` a schema allows (`integer` also counts as `number`), or undefined when the
 * schema does not say (then any value may do).
 */
export function typesOf(s: Schema, depth = 0): Set<string> | undefined {
  const out = new Set<string>();
  if (typeof s.type === "string") out.add(s.type);
  if (Array.isArray(s.type)) for (const t of s.type) if (typeof t === "string") out.add(t);
  if (depth < MAX_DEPTH) {
    const choice = [...list(s.oneOf), ...list(s.anyOf)];
    for (const b of choice) {
      const t = typesOf(b, depth + 1);
      // A branch that says nothing (other than null) lets anything through.
      if (!t && !isNullSchema(b)) return undefined;
      t?.forEach((x) => out.add(x));
    }
    for (const b of list(s.allOf)) typesOf(b, depth + 1)?.forEach((x) => out.add(x));
  }
  out.delete("null");
  if (out.has("integer")) out.add("number");
  return out.size ? out : undefined;
}

const isNullSchema = (s: Schema) =>
  s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);

/** Whether `null` is a value the schema takes (3.0 `nullable`, 3.1 `type: [..., "null"]`, a null branch). */
export function acceptsNull(s: Schema, depth = 0): boolean {
  if (s.nullable === true || isNullSchema(s)) return true;
  if (Array.isArray(s.type) && s.type.includes("null")) return true;
  if (Array.isArray(s.enum)) return s.enum.includes(null);
  const choice = [...list(s.oneOf), ...list(s.anyOf)];
  if (depth < MAX_DEPTH && choice.some((b) => acceptsNull(b, depth + 1))) return true;
  // No type at all (and no choice saying otherwise) takes any value.
  return s.type === undefined && !choice.length && !list(s.allOf).length;
}

/** The string values an enum schema allows (`enum`, `const`, or a choice of those), or undefined when free. */
export function enumOf(s: Schema, depth = 0): string[] | undefined {
  if (Array.isArray(s.enum)) return s.enum.filter((v): v is string => typeof v === "string");
  if (typeof s.const === "string") return [s.const];
  if (depth >= MAX_DEPTH) return undefined;
  const choice = [...list(s.oneOf), ...list(s.anyOf)].filter((b) => !isNullSchema(b));
  if (choice.length) {
    const parts = choice.map((b) => enumOf(b, depth + 1));
    if (parts.every((p) => p !== undefined)) return [...new Set(parts.flat() as string[])];
    return undefined;
  }
  for (const b of list(s.allOf)) {
    const e = enumOf(b, depth + 1);
    if (e) return e;
  }
  return undefined;
}

/** The item schema of an array schema (looking through a choice such as `array | null`). */
export function itemsOf(s: Schema, depth = 0): Schema | undefined {
  if (isSchema(s.items)) return s.items;
  if (depth >= MAX_DEPTH) return undefined;
  for (const b of [...list(s.allOf), ...list(s.oneOf), ...list(s.anyOf)]) {
    const i = itemsOf(b, depth + 1);
    if (i) return i;
  }
  return undefined;
}

/** Whether a property is marked read-only: present in responses only, never accepted in a request. */
export const isReadOnly = (s: Schema) => s.readOnly === true;
