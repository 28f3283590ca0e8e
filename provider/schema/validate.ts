import { containsUnknown, Fields, isInput, snakeCase } from "./fields";

/** One problem with the user's input, in the shape Pulumi's `check` returns. */
export interface CheckFailure {
  /** Property path, e.g. `conversation.threadMode`. */
  property: string;
  /** What is wrong and how to fix it; starts with the path so it reads well alone. */
  reason: string;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The known key the user most likely meant: same name in another case style, or a close spelling. */
export function didYouMean(key: string, known: string[]): string | undefined {
  const norm = (s: string) => snakeCase(s).replace(/_/g, "").toLowerCase();
  const exact = known.find((k) => norm(k) === norm(key));
  if (exact) return exact;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

const describe = (v: unknown) =>
  typeof v === "string" ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : JSON.stringify(v);

/**
 * Checks input values against a field description: required fields, each leaf's zod rule, unknown
 * properties (with a did-you-mean), outputs passed as inputs. Values not known yet (preview) are not judged.
 */
export function validate(fields: Fields, values: unknown, path: string[] = []): CheckFailure[] {
  const where = path.join(".");
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    return [{ property: where, reason: `${where}: must be an object (got ${describe(values)})` }];
  }
  const failures: CheckFailure[] = [];
  const inputKeys = Object.keys(fields).filter((k) => isInput(fields[k]));
  for (const [key, value] of Object.entries(values)) {
    if (key === "__provider" && path.length === 0) continue;
    const p = [...path, key].join(".");
    const f = fields[key];
    if (!f) {
      const guess = didYouMean(key, inputKeys);
      failures.push({
        property: p,
        reason: `${p}: unknown property.${guess ? ` Did you mean "${[...path, guess].join(".")}"?` : ""} Known: ${inputKeys.join(", ")}.`,
      });
      continue;
    }
    if (!isInput(f)) {
      failures.push({
        property: p,
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
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const sub = [p, ...issue.path.map(String)].join(".");
        const got = f.secret ? "a secret value" : describe(value);
        failures.push({ property: sub, reason: `${sub}: ${issue.message} (got ${got}).` });
      }
    }
  }
  for (const key of inputKeys) {
    const f = fields[key];
    const v = (values as Record<string, unknown>)[key];
    if (isInput(f) && f.required && (v === undefined || v === null)) {
      const p = [...path, key].join(".");
      failures.push({ property: p, reason: `${p}: is required (${f.doc.split(".")[0].toLowerCase()}).` });
    }
  }
  return failures;
}
