import { didYouMean } from "../did-you-mean";
import { clashingKeys } from "./keys";
import { tableOf } from "./table";
import { containsUnknown, Fields, isInput, ListItems, VariantGroup } from "./fields";

/** One problem with the user's input, in the shape Pulumi's `check` returns. */
export interface CheckFailure {
  /**
   * Property path, e.g. `conversation.threadMode`; empty where the value may be a secret. The engine prints
   * the value of a named top-level property beside the reason, secrets in clear text (`value {&{{…}}}`).
   */
  property: string;
  /** What is wrong and how to fix it; starts with the path so it reads well alone. */
  reason: string;
}

/** A value as the user wrote it, in JSON, except what JSON cannot spell: `NaN` would print as `null`. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return `[${v.map(describe).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${describe(x)}`)
      .join(",")}}`;
  return String(v); // numbers (NaN, Infinity included), booleans, null, undefined
}

/** What kind of value it is, for secrets: the kind is no secret, the value is. */
function kindOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** A JSON object: not null, not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The failure for a value that should be an object and is not; at the root, the arguments themselves. */
export function notAnObject(values: unknown, path: string[] = []): CheckFailure {
  const where = path.join(".");
  return {
    property: where,
    reason: `${path.length ? `${where}:` : "arguments"} must be an object (got ${describe(values)}).`,
  };
}

/**
 * The first sentence of a doc, for "is required (…)". A sentence ends at a period followed by a space and a
 * capital letter, or at the end; "e.g."/"i.e." never end one, and neither does the dot in "1.5".
 */
export function firstSentence(doc: string): string {
  const m = /^([\s\S]*?)(?<!\be\.g|\bi\.e)\.(?=\s+[A-Z]|\s*$)/.exec(doc.trim());
  const s = m ? m[1] : doc.trim();
  // Lower-case the first letter unless the word is an acronym ("IANA", "URL").
  return /^[A-Z](?![A-Z])/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/**
 * Checks input values against a field description: required fields, each leaf's zod rule, unknown
 * properties (with a did-you-mean), outputs passed as inputs. Values not known yet (preview) are not judged.
 */
export function validate(fields: Fields, values: unknown, path: string[] = []): CheckFailure[] {
  // One failure for the whole value: a string's characters are not properties.
  if (!isObject(values)) return [notAnObject(values, path)];
  const failures: CheckFailure[] = [];
  const table = tableOf(fields);
  const inputKeys = table.inputKeys;
  for (const [key, value] of Object.entries(values)) {
    if (key === "__provider" && path.length === 0) continue;
    const p = [...path, key].join(".");
    const f = fields[key];
    if (!f) {
      const guess = didYouMean(key, inputKeys);
      failures.push({
        // A misspelt name may carry the secret meant for the real one (`confg: { apiKey }`).
        property: "",
        reason: `${p}: unknown property.${guess ? ` Did you mean "${[...path, guess].join(".")}"?` : ""} Known: ${inputKeys.join(", ")}.`,
      });
      continue;
    }
    if (!isInput(f)) {
      failures.push({
        property: f.secret ? "" : p,
        reason: `${p}: is an output set by the server; remove it from the arguments.`,
      });
      continue;
    }
    if (value === undefined || value === null || containsUnknown(value)) continue;
    if (f.kind === "object") {
      failures.push(...validate(f.fields, value, [...path, key]));
      continue;
    }
    const parsed = f.schema.safeParse(value);
    for (const [a, b, wire] of f.keys ? clashingKeys(value, f.keys()) : [])
      failures.push({
        property: f.secret ? "" : p,
        reason: `${p}: keys ${JSON.stringify(a)} and ${JSON.stringify(b)} are both sent as ${JSON.stringify(wire)}; keep one.`,
      });
    if (parsed.success && f.items && Array.isArray(value))
      failures.push(...listItemFailures(f.items, value, p));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const sub = [p, ...issue.path.map(String)].join(".");
        const got = f.secret ? `a secret ${kindOf(value)}` : describe(value);
        failures.push({ property: f.secret ? "" : sub, reason: `${sub}: ${issue.message} (got ${got}).` });
      }
    }
  }
  for (const { key, field: f } of table.inputs) {
    const v = values[key];
    if (f.required && (v === undefined || v === null)) {
      const p = [...path, key].join(".");
      failures.push({ property: p, reason: `${p}: is required (${firstSentence(f.doc)}).` });
    }
  }
  for (const g of table.variantGroups) failures.push(...chooseOne(g, values, path));
  return failures;
}

/** Each item of a described list against its fields (`boards[0].boardId`), and no key listed twice. */
function listItemFailures(items: ListItems, list: unknown[], path: string): CheckFailure[] {
  const failures = list.flatMap((item, i) => validate(items.fields, item, [`${path}[${i}]`]));
  if (items.key) {
    const keys = list.map((item) => (isObject(item) ? item[items.key!] : undefined));
    const known = keys.filter((k) => typeof k === "string" && !containsUnknown(k));
    const twice = known.find((k, i) => known.indexOf(k) !== i);
    if (twice !== undefined)
      failures.push({
        property: path,
        reason: `${path}: ${items.key} ${JSON.stringify(twice)} is listed twice; list each once.`,
      });
  }
  return failures;
}

/** `text, url or fileId`: the main member of each variant, for messages. */
export function variantChoices(g: VariantGroup, joiner = "or"): string {
  const mains = Object.values(g.variants).map((members) => members[0]);
  return `${mains.slice(0, -1).join(", ")} ${joiner} ${mains[mains.length - 1]}`;
}

/** A choice of shapes: exactly one variant set (at most one when optional), with its main value. */
function chooseOne(g: VariantGroup, values: Record<string, unknown>, path: string[]): CheckFailure[] {
  const at = (k: string) => [...path, k].join(".");
  const isSet = (k: string) => values[k] !== undefined && values[k] !== null;
  const chosen = Object.values(g.variants).filter((members) => members.some(isSet));
  const what = firstSentence(g.doc);
  if (chosen.length === 0)
    return g.required
      ? [{ property: "", reason: `${variantChoices(g)}: one of them is required (${what}).` }]
      : [];
  if (chosen.length > 1) {
    const given = chosen.flatMap((members) => members.filter(isSet)).map(at);
    return [
      {
        property: "",
        reason: `${given.join(", ")}: set only one of ${variantChoices(g)} (${what}); remove the others.`,
      },
    ];
  }
  const [main, ...rest] = chosen[0];
  if (isSet(main)) return [];
  const by = rest.filter(isSet).map(at);
  return [{ property: at(main), reason: `${at(main)}: is required with ${by.join(", ")}.` }];
}
