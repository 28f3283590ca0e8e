/**
 * The keys users write inside free-form maps (a connection's or channel's `config`, an action's `config.input`):
 * the one rule for how they travel. Each such field says, through its `keys` flag, which rule it follows: the
 * API's own casing (`snake_case`, for maps whose keys the API defines, such as `auth_method`), or none (`as
 * written`, for maps whose keys are the user's own, such as a tool's inputs). Either way a key comes back as
 * the user wrote it, so `preview` after `up` is clean whatever the style (camelCase, snake_case, kebab-case,
 * digits). Only top-level keys are concerned; nested values travel as written.
 */

/** How a map's top-level keys travel: as written, or camelCase ones in snake_case (`apiKey` as `api_key`). */
export type KeyCase = "as written" | "snake_case";

/** A key in lower camelCase with at least one capital (`apiKey`, `webhookURL`, `v2Url`): the only kind converted. */
const CAMEL = /^[a-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$/;

/**
 * The key on the wire. Under `snake_case`, a camelCase key in snake_case (`apiKey` → `api_key`, `webhookURL` →
 * `webhook_url`, `apiKeyV2` → `api_key_v2`, `oauth2Token` → `oauth2_token`); every other key (`api_key`,
 * `x-api-key`, `Authorization`) as written.
 */
export function wireKey(key: string, rule: KeyCase): string {
  if (rule === "as written" || !CAMEL.test(key)) return key;
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * The key in the program for a key on the wire: the declared key that travels as it, else its camelCase form
 * when that travels back as the same key (`auth_method` → `authMethod`), else as it is (`some_2fa`). Always
 * `wireKey(programKey(w)) === w`, so an undeclared key read once (a lookup, an export) is written back the same.
 */
export function programKey(wire: string, rule: KeyCase, declared: readonly string[] = []): string {
  if (rule === "as written") return wire;
  const mine = declared.find((d) => wireKey(d, rule) === wire);
  if (mine !== undefined) return mine;
  const camel = wire.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return wireKey(camel, rule) === wire ? camel : wire;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A map with its top-level keys as they go on the wire. */
export function toWireKeys(value: unknown, rule: KeyCase): unknown {
  if (!isObj(value) || rule === "as written") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [wireKey(k, rule), v]));
}

/** A map read from the wire with its top-level keys as the program spells them (`declared`: the declared map). */
export function fromWireKeys(value: unknown, rule: KeyCase, declared: unknown): unknown {
  if (!isObj(value) || rule === "as written") return value;
  const mine = isObj(declared) ? Object.keys(declared) : [];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [programKey(k, rule, mine), v]));
}

/** Pairs of keys of one map that would travel as the same wire key (`apiKey` and `api_key`), with that key. */
export function clashingKeys(value: unknown, rule: KeyCase): [string, string, string][] {
  if (!isObj(value) || rule === "as written") return [];
  const seen = new Map<string, string>();
  const out: [string, string, string][] = [];
  for (const key of Object.keys(value)) {
    const wire = wireKey(key, rule);
    const first = seen.get(wire);
    if (first !== undefined) out.push([first, key, wire]);
    else seen.set(wire, key);
  }
  return out;
}
