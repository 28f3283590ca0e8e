import { createHash } from "node:crypto";
import { z } from "zod";
import { ASSUMPTIONS } from "../assumptions";
import type { KeyCase } from "./keys";

/** What a field is, in the terms of terraform-plugin-framework's attribute schema. */
export interface FieldFlags {
  /** Shown in editors (TSDoc), in the README reference and in validation messages. */
  doc: string;
  /**
   * Name on the wire relative to the parent object; dots nest (`config.instructions`).
   * Default: the key in snake_case.
   */
  wire?: string;
  /**
   * Other places a response may carry the value when it is not at `wire` (dotted paths from the object's root,
   * tried in order), for values whose place in responses the docs do not state. A function over an assumption,
   * so that an override counts. A response that carries the value nowhere leaves it unknown (see `fromWire`).
   */
  readFrom?: () => readonly string[];
  /** Must be set by the user. */
  required?: boolean;
  /** RequiresReplace: changing it creates a new object, then deletes the old one. */
  replaceOnChange?: boolean;
  /** Sensitive: kept secret (encrypted) in inputs, outputs and state. */
  secret?: boolean;
  /**
   * Write-only on the API side. `true`: never returned, so state keeps the declared value.
   * `"masked"`: returned masked; state keeps the declared value, and a returned value that is neither the
   * declared one nor its mask counts as drift.
   */
  writeOnly?: true | "masked";
  /**
   * Sent in the create body only; resource hooks act on later changes. With `local`: read by create alone
   * (`adoptId`), never compared afterwards, so changing it later does nothing.
   */
  createOnly?: boolean;
  /** Never sent as a body field: it places the object (orgId) or triggers an action (rotation). */
  local?: boolean;
  /**
   * Not accepted by the create body (the API takes it on update only): a create that declares it sends it in
   * one PATCH right after the POST, and exactly-once creation never looks for it in the object made.
   */
  updateOnly?: boolean;
  /**
   * Part of the object's URL (a `{name}` of the resource's `path`): never sent in a body; changing it replaces
   * the object. `parent` names the resource kind it points at.
   */
  path?: boolean;
  /** For a path field: the kind of the parent object whose id it holds (`"Assistant"`). */
  parent?: string;
  /** `null` is a value the user may set: it is sent as `null` to clear the field (e.g. detach a connection). */
  nullable?: boolean;
  /**
   * Sent on create when the user leaves the field out, because the API requires it there (action `enabled`).
   * The field stays server-owned: it is not stored, so later server changes are not drift.
   */
  createDefault?: unknown;
  /**
   * A large value (a document's text): state keeps it once, in the inputs. Outputs hold its SHA-256 under
   * `<key>Sha256` instead of a second copy, and diff compares digests. Top-level string fields only.
   */
  digestInState?: boolean;
  /**
   * For a nested object: a PATCH that changes any of its members carries the whole declared object, for APIs
   * that may replace such an object rather than merge it (a function over an assumption, so an override counts).
   */
  sentWhole?: () => boolean;
  /** Set by `field.variants`: the field belongs to one variant of a choice of shapes. */
  variant?: VariantMember;
}

/**
 * A choice of shapes (knowledge content is text, a web page or a file): on the wire one object whose `tag`
 * says which variant it is; in the arguments the members of every variant, flattened, of which exactly one
 * variant may be set. Shared by reference between the member fields of one choice.
 */
export interface VariantGroup {
  /** Name of the choice, for messages and docs (`content`). */
  name: string;
  doc: string;
  /** Wire path of the discriminated object. */
  wire: string[];
  /** Key of the discriminator inside that object (`type`). */
  tag: string;
  /** Whether one variant must be chosen. */
  required: boolean;
  /** Member argument keys per tag value; the first is the variant's main value, required when it is chosen. */
  variants: Record<string, string[]>;
}

/** A field's place in a choice: which group, and the tag value its variant sends. */
export interface VariantMember {
  group: VariantGroup;
  value: string;
}

/** A leaf input: its rule is a zod schema. */
export interface ValueField<T = unknown> extends FieldFlags {
  kind: "value";
  schema: z.ZodType<T>;
  /** The value's TypeScript type, as written in the generated argument interfaces. */
  tsType: string;
  /** The argument type when it differs from the output's (a list whose items may be outputs of other resources). */
  argTsType?: string;
  /**
   * For free-form maps: how their top-level keys travel (see `keys.ts`, the one rule). A function, so that an
   * `invent:assumptions` override counts. Default: as written.
   */
  keys?: () => KeyCase;
  /** A value spelled differently on the wire (`crawl: true` is `mode: "crawl"`); both ways. */
  codec?: { toWire(v: unknown): unknown; fromWire(w: unknown): unknown };
  /** For a list of objects described field by field (`field.list`): its items' fields and identifying key. */
  items?: ListItems;
}

/**
 * The items of a list whose objects are written in one shape and read in another (an assistant's `boards`: sent
 * as `{board_id, initial_segment_id}`, answered as `{board_id, initial_segment: {id, …}}`): each item is
 * described by fields (their `wire` and `readFrom`), so it is mapped both ways like an object of its own.
 */
export interface ListItems {
  fields: Fields;
  /** The item field that identifies an item: the list is then a set (order does not matter, no repeats). */
  key?: string;
}

/** A nested input object (`conversation`), each sub-field described the same way. */
export interface ObjectField<F extends Fields = Fields> extends FieldFlags {
  kind: "object";
  fields: F;
}

/** A server-owned output (Computed): read from the live object, never sent. */
export interface ComputedField<T = unknown> {
  kind: "computed";
  doc: string;
  /** The value's TypeScript type, as written in the generated output interfaces. */
  tsType: string;
  secret?: boolean;
  /** The value, from the object as the API returns it. */
  read: (live: WireObject) => T;
}

export type InputField = ValueField | ObjectField;
export type Field = InputField | ComputedField;
export type Fields = { [key: string]: Field };
export type WireObject = { [key: string]: unknown };

/** Rules of a string field; each message completes "<path>: …". */
export interface StringRules {
  min?: number;
  max?: number;
  pattern?: { test: RegExp; message: string };
  rule?: { test: (s: string) => boolean; message: string };
}

type Flags<O> = Omit<O, "kind" | "schema" | "fields">;

/** What `destroy` may do with an object the API cannot delete (`ResourceSpec.undeletable.policyField`). */
export const DELETION_POLICIES = ["abandon", "prevent"] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

/** Field builders. `const` type parameters keep `required: true` literal so the argument types follow. */
export const field = {
  string<const O extends FieldFlags & StringRules>(flags: O): ValueField<string> & Flags<O> {
    let s = z.string();
    if (flags.min !== undefined) s = s.min(flags.min, `must be at least ${flags.min} character(s) long`);
    if (flags.max !== undefined) s = s.max(flags.max, `must be at most ${flags.max} characters long`);
    if (flags.pattern) s = s.regex(flags.pattern.test, flags.pattern.message);
    const schema = flags.rule ? s.refine(flags.rule.test, flags.rule.message) : s;
    return { kind: "value", schema, tsType: "string", ...flags };
  },
  boolean<const O extends FieldFlags>(flags: O): ValueField<boolean> & Flags<O> {
    return { kind: "value", schema: z.boolean(), tsType: "boolean", ...flags };
  },
  enum<const V extends readonly [string, ...string[]], const O extends FieldFlags>(
    values: V,
    flags: O,
  ): ValueField<V[number]> & Flags<O> {
    const schema = z.enum(values as unknown as [V[number], ...V[number][]]);
    return { kind: "value", schema, tsType: values.map((v) => JSON.stringify(v)).join(" | "), ...flags };
  },
  stringList<const O extends FieldFlags & { maxItems?: number }>(flags: O): ValueField<string[]> & Flags<O> {
    let s = z.array(z.string());
    if (flags.maxItems !== undefined) s = s.max(flags.maxItems, `must have at most ${flags.maxItems} items`);
    return { kind: "value", schema: s, tsType: "string[]", argTsType: "Input<string>[]", ...flags };
  },
  /** A finite number, optionally bounded (`positive` refuses 0 and below). */
  number<const O extends FieldFlags & { positive?: boolean; max?: number }>(
    flags: O,
  ): ValueField<number> & Flags<O> {
    let s = z.number({ error: "must be a finite number" });
    if (flags.positive) s = s.positive("must be greater than 0");
    if (flags.max !== undefined) s = s.max(flags.max, `must be at most ${flags.max}`);
    return { kind: "value", schema: s, tsType: "number", ...flags };
  },
  /**
   * A choice of shapes: `variants` maps each tag value to its member fields (the first one the variant's main
   * value), all of which become top-level arguments. The one set is sent as `{ [tag]: value, …members }` at
   * `wire` (default: the name in snake_case); `check` refuses none (when required) and several.
   */
  variants<const V extends Record<string, Fields>>(
    group: {
      name: string;
      doc: string;
      tag: string;
      wire?: string;
      required?: boolean;
      replaceOnChange?: boolean;
    },
    variants: V,
  ): VariantMembers<V> {
    const shared: VariantGroup = {
      name: group.name,
      doc: group.doc,
      wire: (group.wire ?? snakeCase(group.name)).split("."),
      tag: group.tag,
      required: !!group.required,
      variants: Object.fromEntries(Object.entries(variants).map(([value, fs]) => [value, Object.keys(fs)])),
    };
    const out: Fields = {};
    for (const [value, members] of Object.entries(variants))
      for (const [key, f] of Object.entries(members)) {
        if (!isInput(f)) throw new Error(`variants: ${key} is a server-set output; members are arguments`);
        out[key] = {
          ...f,
          wire: [...shared.wire, f.wire ?? snakeCase(key)].join("."),
          variant: { group: shared, value },
          ...(group.replaceOnChange ? { replaceOnChange: true } : {}),
        };
      }
    return out as VariantMembers<V>;
  },
  /** A string or a finite number, for values only compared with their previous self (a rotation trigger). */
  stringOrNumber<const O extends FieldFlags>(flags: O): ValueField<string | number> & Flags<O> {
    // z.number() refuses NaN and ±Infinity, which a state file could not hold faithfully anyway.
    const schema = z.union([z.string(), z.number()], { error: "must be a string or a finite number" });
    return { kind: "value", schema, tsType: "string | number", ...flags };
  },
  /** A free-form JSON object whose shape the API defines per type. */
  json<const O extends FieldFlags & { keys?: () => KeyCase }>(
    flags: O,
  ): ValueField<Record<string, unknown>> & Flags<O> {
    return {
      kind: "value",
      // zod says "expected record"; users write objects.
      schema: z.record(z.string(), z.unknown(), { error: "must be an object" }),
      tsType: "Record<string, unknown>",
      ...flags,
    };
  },
  /**
   * A list of objects, each checked against `item` (a zod object: unknown keys refused) and sent as written.
   * `tsItem` is the item's TypeScript type for the generated interfaces.
   */
  objectList<const O extends FieldFlags & { maxItems?: number }>(
    item: z.ZodObject,
    tsItem: string,
    flags: O,
  ): ValueField<Record<string, unknown>[]> & Flags<O> {
    let s = z.array(item.strict(), { error: "must be a list of objects" });
    if (flags.maxItems !== undefined) s = s.max(flags.maxItems, `must have at most ${flags.maxItems} items`);
    return {
      kind: "value",
      schema: s as z.ZodType<Record<string, unknown>[]>,
      tsType: `${tsItem}[]`,
      ...flags,
    };
  },
  /**
   * A list of objects described field by field (see {@link ListItems}): each item validated against `item`
   * (property paths `boards[0].boardId`), sent with each field at its `wire` path, read back from wherever the
   * answer carries each value (`readFrom`). With `key`, items are a set identified by that field. `tsItem`:
   * the item's TypeScript type for the generated interfaces.
   */
  list<const O extends FieldFlags & { key?: string; maxItems?: number }>(
    item: Fields,
    tsItem: string,
    flags: O,
  ): ValueField<Record<string, unknown>[]> & Flags<O> {
    let s = z.array(z.record(z.string(), z.unknown()), { error: "must be a list of objects" });
    if (flags.maxItems !== undefined) s = s.max(flags.maxItems, `must have at most ${flags.maxItems} items`);
    return {
      kind: "value",
      schema: s as z.ZodType<Record<string, unknown>[]>,
      tsType: `${tsItem}[]`,
      items: { fields: item, key: flags.key },
      ...flags,
    };
  },
  object<F extends Fields, const O extends FieldFlags>(fields: F, flags: O): ObjectField<F> & Flags<O> {
    return { kind: "object", fields, ...flags };
  },
  /** The id of the parent object a child lives under: a path field (`{assistantId}` in the child's path). */
  parentId<const O extends Omit<FieldFlags, "required" | "replaceOnChange" | "path">>(
    parent: string,
    flags: O,
  ) {
    return field.string({
      ...flags,
      parent,
      path: true,
      required: true,
      replaceOnChange: true,
      min: 1,
    } as const);
  },
  /** Where the object lives. Every resource has one; moving an object between orgs replaces it. */
  orgId() {
    return field.string({
      doc:
        "Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. " +
        "Default: the `invent:orgId` stack setting, else `c`.",
      local: true,
      replaceOnChange: true,
      // Checked at preview: a malformed id would otherwise fail only at `up`, as a 404 from the API.
      rule: {
        test: (s) => s === ASSUMPTIONS.ownOrgAlias || ASSUMPTIONS.orgIdPattern.test(s),
        message:
          `must be "${ASSUMPTIONS.ownOrgAlias}" (the API key's own org) or an org id such as ` +
          '"org_83WaHwFGg6CbtZp0JgsveI" ("org_" followed by letters and digits)',
      },
    });
  },
  /**
   * `adoptId`: the id of an existing object that create takes over instead of making a new one. Local and
   * create-only: it matters at create alone; changing or removing it later neither replaces nor updates.
   */
  adoptId() {
    return field.string({
      doc:
        "Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one " +
        "PATCH with the declared values that differ (none when they match), never a POST, and the resource's id " +
        "is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set " +
        "`retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing.",
      local: true,
      createOnly: true,
      min: 1,
    });
  },
  /** A server-set string (or null) read from the top-level wire key `wire`. */
  serverString(wire: string, flags: { doc: string; secret?: boolean }): ComputedField<string | null> {
    return field.computed((o) => (o[wire] as string | null | undefined) ?? null, {
      tsType: "string | null",
      ...flags,
    });
  },
  /** `createdAt` and `updatedAt`, which every object carries. */
  timestamps() {
    return {
      // Absent from an answer (a summary listing), a timestamp is an empty string, never the text "undefined".
      createdAt: field.computed((o) => String(o.created_at ?? ""), {
        doc: "Creation time (ISO-8601 UTC).",
        tsType: "string",
      }),
      updatedAt: field.computed((o) => String(o.updated_at ?? ""), {
        doc: "Last change time (ISO-8601 UTC).",
        tsType: "string",
      }),
    };
  },
  computed<T>(
    read: (live: WireObject) => T,
    flags: { doc: string; tsType: string; secret?: boolean },
  ): ComputedField<T> {
    return { kind: "computed", read, ...flags };
  },
};

type MemberKeys<V> = { [T in keyof V]: keyof V[T] }[keyof V];
/** The member fields of every variant, flattened into one record. */
export type VariantMembers<V extends Record<string, Fields>> = {
  [K in MemberKeys<V> & string]: Extract<V[keyof V], Record<K, Field>>[K];
};

export function isInput(f: Field): f is InputField {
  return f.kind !== "computed";
}

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function wirePath(key: string, f: InputField): string[] {
  return (f.wire ?? snakeCase(key)).split(".");
}

/** Output key holding the digest of a `digestInState` field (`text` → `textSha256`). */
export const digestKey = (key: string) => `${key}Sha256`;

/** SHA-256 of a string, hex: what state keeps of a `digestInState` value. */
export const sha256Hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** Soft-deleted objects (`deleted: true`) are gone, exactly like a 404. */
export const isGone = (live: WireObject | undefined) => !live || live.deleted === true;

/** Whether a field is read by create alone (`adoptId`): never diffed, never sent. */
export const onlyAtCreate = (f: InputField) => !!(f.local && f.createOnly);

/** Input (and output) key marking a reference made by `X.get`: Pulumi only reads it, never writes it. */
export const REFERENCE_KEY = "__reference";

/** Input key under which a child's constructor passes its parent's org to `check`, which removes it again. */
export const PARENT_ORG_KEY = "__parentOrgId";

/** Pulumi's marker for a value not known until apply (preview of a value that depends on another resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

// ---- Plain value types derived from a field description (the provider side). ----
// The user-facing argument and output interfaces are generated with TSDoc: see schema/typegen.ts.

type PlainValue<Fd> =
  Fd extends ValueField<infer T>
    ? T
    : Fd extends ObjectField<infer G>
      ? StateOf<G>
      : Fd extends ComputedField<infer T>
        ? T
        : never;

/** Plain (resolved) values as the provider sees them and stores them. */
export type StateOf<F extends Fields> = { [K in keyof F]?: PlainValue<F[K]> };

/** Resolved argument values, as `check`/`create` receive them. */
export type PlainArgs<F extends Fields> = {
  [K in keyof F as F[K] extends InputField ? K : never]?: PlainValue<F[K]>;
};
