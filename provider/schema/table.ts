/**
 * A field tree compiled once into tables: for each object level, its entries in declaration order with what
 * every consumer needs worked out (input or output, wire path, the nested level's table, the variant groups).
 * Validation, wire mapping, diff, read-back, the reference and the generated types all iterate these tables
 * instead of each walking the tree and deriving wire paths on its own.
 */
import { ComputedField, Field, Fields, InputField, isInput, VariantGroup, wirePath } from "./fields";

/** An argument of one level, with its wire path and, for a nested object, its level's table. */
export interface InputEntry {
  key: string;
  field: InputField;
  wire: string[];
  children?: FieldTable;
}

/** A server-set output (top level only). */
export interface OutputEntry {
  key: string;
  field: ComputedField;
}

export interface FieldTable {
  /** Every field of the level, in declaration order. */
  entries: ({ key: string; field: Field } & ({ input: InputEntry } | { output: OutputEntry }))[];
  inputs: InputEntry[];
  outputs: OutputEntry[];
  /** Names of the level's arguments (for unknown-property messages). */
  inputKeys: string[];
  /** The choices of shapes whose members live at this level. */
  variantGroups: VariantGroup[];
}

const tables = new WeakMap<Fields, FieldTable>();

/** The compiled table of a level (compiled on first use, then shared). */
export function tableOf(fields: Fields): FieldTable {
  let t = tables.get(fields);
  if (t) return t;
  const inputs: InputEntry[] = [];
  const outputs: OutputEntry[] = [];
  const entries: FieldTable["entries"] = [];
  const groups = new Set<VariantGroup>();
  for (const [key, field] of Object.entries(fields)) {
    if (isInput(field)) {
      const input: InputEntry = {
        key,
        field,
        wire: wirePath(key, field),
        children: field.kind === "object" ? tableOf(field.fields) : undefined,
      };
      inputs.push(input);
      entries.push({ key, field, input });
      if (field.variant) groups.add(field.variant.group);
    } else {
      const output: OutputEntry = { key, field };
      outputs.push(output);
      entries.push({ key, field, output });
    }
  }
  t = { entries, inputs, outputs, inputKeys: inputs.map((i) => i.key), variantGroups: [...groups] };
  tables.set(fields, t);
  return t;
}
