import { ASSUMPTIONS } from "../assumptions";
import { fromWireKeys, toWireKeys } from "./keys";
import {
  digestKey,
  Fields,
  InputField,
  ListItems,
  onlyAtCreate,
  sha256Hex,
  UNKNOWN,
  WireObject,
} from "./fields";
import { tableOf } from "./table";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function getPath(o: unknown, path: string[]): unknown {
  return path.reduce<unknown>((acc, k) => (isObj(acc) ? acc[k] : undefined), o);
}

function setPath(o: Obj, path: string[], value: unknown) {
  let cur = o;
  for (const k of path.slice(0, -1)) cur = (isObj(cur[k]) ? cur[k] : (cur[k] = {})) as Obj;
  cur[path[path.length - 1]] = value;
}

/** Stable JSON for equality: key order does not matter, array order does. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v ?? null);
}

export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** True when a value the user set is absent (null counts as "not set": the server owns it). */
const unset = (v: unknown) => v === undefined || v === null;

/**
 * The request body for the declared values: each field at its wire path. `mode: "update"` leaves out
 * create-only fields. `local` fields never go on the wire.
 */
export function toWire(fields: Fields, values: Obj, mode: "create" | "update", into: Obj = {}): Obj {
  for (const { key, field: f, wire: path } of tableOf(fields).inputs) {
    if (f.local || f.path || (mode === "update" && f.createOnly) || (mode === "create" && f.updateOnly))
      continue;
    const v = values[key];
    if (v === null && f.nullable) {
      setPath(into, path, null); // an explicit null clears the value on the server
      continue;
    }
    if (unset(v)) {
      if (mode !== "create") continue;
      if (f.createDefault !== undefined) setPath(into, path, f.createDefault);
      else if (f.kind === "object") {
        const nested = toWire(f.fields, {}, mode); // nested create defaults of an object left out
        if (Object.keys(nested).length) setPath(into, path, nested);
      }
      continue;
    }
    if (f.kind === "object") {
      const nested = toWire(f.fields, v as Obj, mode);
      if (Object.keys(nested).length) setPath(into, path, { ...(getPath(into, path) as Obj), ...nested });
    } else {
      const sent = f.codec
        ? f.codec.toWire(v)
        : f.keys
          ? toWireKeys(v, f.keys())
          : f.items && Array.isArray(v)
            ? v.map((item) => (isObj(item) ? toWire(f.items!.fields, item, "create") : item))
            : v;
      setPath(into, path, sent);
      // A variant member also says which variant the object is: `content: { type: "TEXT", text }`.
      if (f.variant) setPath(into, [...f.variant.group.wire, f.variant.group.tag], f.variant.value);
    }
  }
  return into;
}

/** A declared write-only value against what the API returned: the declared one unless the API shows drift. */
function readMasked(declared: unknown, live: unknown): unknown {
  if (live === undefined || live === null) return declared; // omitted: nothing to compare
  if (isObj(declared) && isObj(live)) {
    return Object.fromEntries(Object.entries(declared).map(([k, d]) => [k, readMasked(d, live[k])]));
  }
  if (sameValue(declared, live)) return declared;
  if (typeof declared === "string" && typeof live === "string" && ASSUMPTIONS.isMaskOf(live, declared))
    return declared;
  return live; // changed outside Pulumi: surface it so the next `up` puts the declared value back
}

/**
 * What a read does with a declared value the response does not carry at all (the key is absent, not null):
 * `"declared"` keeps the declared value, judged like a write-only one (an API that does not echo a value, or a
 * summary listing, is not drift); `"omit"` leaves it out (adopt sends such values rather than trust them).
 */
export type WhenAbsent = "declared" | "omit";

/**
 * Outputs for the declared shape: for each field the user set (keys present in `declared`), the value the
 * API holds now; write-only and local fields keep the declared value; computed fields are always read.
 * Fields the user never set stay out of state: they are server-owned and never diff. A value the response
 * leaves out (its key absent, where `null` would say "cleared") is unknown, not changed: see {@link WhenAbsent}.
 */
export function fromWire(
  fields: Fields,
  live: WireObject,
  declared: Obj,
  absent: WhenAbsent = "declared",
): Obj {
  const out: Obj = {};
  for (const entry of tableOf(fields).entries) {
    if ("output" in entry) {
      out[entry.key] = entry.output.field.read(live);
      continue;
    }
    const { key, field: f, wire } = entry.input;
    // State (outputs) may hold only the digest of a large value: it still counts as declared.
    const d = f.digestInState && declared[key] === undefined ? declared[digestKey(key)] : declared[key];
    if (unset(d) && !(d === null && f.nullable)) continue;
    if (f.local || f.path || f.writeOnly === true) {
      out[key] = d;
      continue;
    }
    const raw = liveValue(live, wire, f);
    if (f.kind === "object") {
      out[key] = fromWire(f.fields, (isObj(raw) ? raw : {}) as WireObject, isObj(d) ? d : {}, absent);
      continue;
    }
    if (raw === ABSENT) {
      if (absent === "omit") continue;
      if (!f.digestInState) out[key] = d;
      else if (typeof declared[key] === "string") {
        out[key] = declared[key];
        out[digestKey(key)] = sha256Hex(declared[key] as string);
      } else out[digestKey(key)] = declared[digestKey(key)] ?? null; // only the digest is known
      continue;
    }
    const v =
      f.codec && !unset(raw)
        ? f.codec.fromWire(raw)
        : f.keys
          ? fromWireKeys(raw, f.keys(), d)
          : f.items
            ? readItems(f.items, raw, d)
            : raw;
    out[key] = f.writeOnly === "masked" ? readMasked(d, v) : v === undefined ? null : v;
    if (f.digestInState) out[digestKey(key)] = typeof v === "string" ? sha256Hex(v) : null;
  }
  return out;
}

/** An item of a described list in the program's form: its fields set, null ones left out (null is "none"). */
function itemView(items: ListItems, item: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(item)) if (!unset(v) && items.fields[k]) out[k] = v;
  return out;
}

/**
 * The items of a described list as the program writes them, read from the answer: each field from wherever the
 * answer carries it (`readFrom`); a value no answer carries is the declared item's (matched by the key), like
 * any unknown value. Items come in the declared order, the others after them.
 */
function readItems(items: ListItems, raw: unknown, declared: unknown): unknown {
  if (!Array.isArray(raw)) return raw;
  const mine = Array.isArray(declared) ? declared.filter(isObj) : [];
  const read = raw.filter(isObj).map((item) => {
    const values: Obj = {};
    const entries = tableOf(items.fields).inputs;
    for (const { key, field: f, wire } of entries) values[key] = liveValue(item, wire, f);
    const own = items.key ? mine.find((d) => sameValue(d[items.key!], values[items.key!])) : undefined;
    for (const { key } of entries) if (values[key] === ABSENT) values[key] = own?.[key];
    return itemView(items, values);
  });
  if (!items.key) return read;
  const rank = (o: Obj) => {
    const i = mine.findIndex((d) => sameValue(d[items.key!], o[items.key!]));
    return i < 0 ? mine.length : i;
  };
  return read
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o);
}

/** A described list as diff compares it: null fields left out and, for a set, in key order. */
function comparableItems(items: ListItems, list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  const out = list.map((item) => (isObj(item) ? itemView(items, item) : item));
  const k = items.key;
  return k
    ? [...out].sort((a, b) => canonical(isObj(a) ? a[k] : a).localeCompare(canonical(isObj(b) ? b[k] : b)))
    : out;
}

/** Stands for "declared, value unknown" while `fullView` reads every field; never leaves it. */
const EVERY = Symbol("every field");

/** A declaration of every field the API returns (not local, write-only or path fields), for `fullView`. */
function everyField(fields: Fields): Obj {
  const out: Obj = {};
  for (const { key, field: f, children } of tableOf(fields).inputs) {
    if (f.local || f.path || f.writeOnly === true) continue;
    out[key] = children ? everyField(f.kind === "object" ? f.fields : {}) : EVERY;
  }
  return out;
}

/** `EVERY` (a masked field the API left out) becomes null. */
const scrub = (v: unknown): unknown =>
  v === EVERY ? null : isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)])) : v;

/**
 * Every field of a live object under its program-side name, as if the user had declared them all: what a
 * reference (`X.get`) and a lookup (`getX`) return. Write-only and local fields are absent (the API does not
 * return them); path fields come from the object's own wire key when it carries one; the members of a choice
 * of shapes other than the object's own are left out. Masked values stay masked.
 */
export function fullView(fields: Fields, live: WireObject): Obj {
  const out = scrub(fromWire(fields, live, everyField(fields))) as Obj;
  for (const { key, field: f, wire } of tableOf(fields).inputs) {
    const g = f.variant?.group;
    if (g && getPath(live, [...g.wire, g.tag]) !== f.variant!.value) {
      delete out[key];
      if (f.digestInState) delete out[digestKey(key)];
    }
    if (f.path && typeof live[wire[0]] === "string") out[key] = live[wire[0]];
  }
  return out;
}

/** A value the response does not carry at all (as opposed to `null`, which says the value is cleared). */
const ABSENT = Symbol("absent");

/**
 * A field's value in a live object: at its wire path, else at the first of its `readFrom` paths that the
 * response carries; {@link ABSENT} when none does. A variant member is null when the object says it is another
 * variant, and absent when the object does not say which it is.
 */
function liveValue(live: WireObject, wire: string[], f: InputField): unknown {
  const g = f.variant?.group;
  if (g) {
    const tag = getPath(live, [...g.wire, g.tag]);
    if (tag === undefined) return ABSENT;
    if (tag !== f.variant!.value) return null;
  }
  for (const path of [wire, ...(f.readFrom?.() ?? []).map((p) => p.split("."))]) {
    const v = getPath(live, path);
    if (v !== undefined) return v;
  }
  return ABSENT;
}

/**
 * The values a whole object of this kind carries that `item` (a list item) lacks, as dotted wire paths: what a
 * GET of the object may still answer. Masked and never-returned values aside; a nested object counts when the
 * item has it; a choice of shapes only for the item's own variant.
 */
export function lacking(fields: Fields, item: WireObject): string[] {
  const out: string[] = [];
  for (const { field: f, wire, children } of tableOf(fields).inputs) {
    if (f.local || f.path || f.writeOnly) continue;
    const g = f.variant?.group;
    const tag = g ? getPath(item, [...g.wire, g.tag]) : undefined;
    if (g && tag !== undefined && tag !== f.variant!.value) continue;
    if (children ? !(wire[0] in item) : !carries(item, wire, f)) out.push(wire.join("."));
  }
  return out;
}

/** Whether a live object carries a field's value (at its wire path or one of its `readFrom` paths). */
export function carries(live: WireObject, wire: string[], f: InputField): boolean {
  return liveValue(live, wire, f) !== ABSENT;
}

/** A field's value where a live object carries it (see `readFrom`), or undefined when it carries none. */
export function carriedValue(live: WireObject, wire: string[], f: InputField): unknown {
  const v = liveValue(live, wire, f);
  return v === ABSENT ? undefined : v;
}

/**
 * What state keeps as outputs: the values without a second copy of `digestInState` fields (their digest,
 * added by `fromWire`, stays). Inputs keep the value itself, so the program's text is stored once.
 */
export function stateForm(fields: Fields, values: Obj): Obj {
  const out = { ...values };
  for (const { key, field } of tableOf(fields).inputs) if (field.digestInState) delete out[key];
  return out;
}

/** A changed input: its dotted path and whether the change forces a replacement. */
export interface Change {
  path: string;
  replace: boolean;
}

/**
 * Which declared inputs differ from the state. Only keys present in `news` count: an input the user does not
 * set is server-owned, so removing it or the server changing it is not a diff.
 */
export function changes(fields: Fields, olds: Obj, news: Obj, prefix = "", replaceParent = false): Change[] {
  const out: Change[] = [];
  for (const { key, field: f } of tableOf(fields).inputs) {
    const n = news[key];
    if (unset(n) && !(n === null && f.nullable)) continue;
    if (onlyAtCreate(f)) continue; // `adoptId`: only create reads it; a later change does nothing
    const o = olds[key];
    const path = `${prefix}${key}`;
    const replace = replaceParent || !!f.replaceOnChange;
    // State may hold only the digest of a large value: compare digests then. No digest at all means the value
    // was never known (taken over from an API that does not return it): nothing to compare, like a write-only one.
    const stored = olds[digestKey(key)];
    const same =
      f.digestInState && o === undefined && typeof n === "string"
        ? stored === undefined || stored === null || stored === sha256Hex(n)
        : f.kind === "value" && f.items
          ? sameValue(comparableItems(f.items, o), comparableItems(f.items, n))
          : sameValue(o, n) || (f.writeOnly === "masked" && holdsMasked(o, n));
    if (f.kind === "object" && isObj(n) && n !== (UNKNOWN as unknown)) {
      out.push(...changes(f.fields, isObj(o) ? o : {}, n, `${path}.`, replace));
    } else if (!same) {
      out.push({ path, replace });
    }
  }
  return out;
}

/**
 * Whether a stored write-only value is the declared one as the API shows it: equal, or with credentials in
 * their masked form (`"****4242"` for a key ending in 4242). State holds the masked form for an object taken
 * over from the API (`pulumi-invent export` + `pulumi import`), which never sees the credential itself.
 */
function holdsMasked(stored: unknown, declared: unknown): boolean {
  if (typeof stored === "string" && typeof declared === "string")
    return stored === declared || ASSUMPTIONS.isMaskOf(stored, declared);
  if (Array.isArray(stored) && Array.isArray(declared))
    return stored.length === declared.length && stored.every((s, i) => holdsMasked(s, declared[i]));
  if (isObj(stored) && isObj(declared)) {
    const keys = new Set([...Object.keys(stored), ...Object.keys(declared)]);
    return [...keys].every((k) => holdsMasked(stored[k], declared[k]));
  }
  return sameValue(stored, declared);
}

/** Keep only the changed paths of `values` (for a PATCH carrying only what changed). */
export function pickPaths(values: Obj, paths: string[]): Obj {
  const out: Obj = {};
  for (const p of paths) {
    const parts = p.split(".");
    setPath(out, parts, getPath(values, parts));
  }
  return out;
}

/**
 * The body with each nested object filled from the live object, for APIs that replace nested objects whole
 * instead of merging them (see `ASSUMPTIONS.patchDeepMergesNestedObjects`).
 */
export function mergeOverLive(body: Obj, live: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) {
    out[k] = isObj(v) && isObj(live[k]) ? { ...(live[k] as Obj), ...mergeOverLive(v, live[k] as Obj) } : v;
  }
  return out;
}
