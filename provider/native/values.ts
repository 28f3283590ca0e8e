/**
 * Property values as the engine sends and stores them. The provider answers Configure with `acceptSecrets`, so
 * secret values arrive wrapped (`{ <sig>: <secret sig>, value }`) and must leave wrapped: a value unwrapped for
 * the core and returned plain would be stored in state in plain text. The core sees plain values only; this
 * module unwraps them on the way in and wraps, on the way out, every field the description marks secret and
 * every top-level value that arrived secret.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Fields, isInput } from "../schema/fields";

type Obj = Record<string, unknown>;

/** The engine's marks of a special value (sdk/go/common/resource/sig). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const isSecret = (v: unknown): v is Obj => isObj(v) && v[SIG] === SECRET_SIG;

/** A value without its secret wrappers, at any depth. */
export function plain(v: unknown): unknown {
  if (isSecret(v)) return plain(v.value);
  if (Array.isArray(v)) return v.map(plain);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const holdsSecret = (v: unknown): boolean =>
  isSecret(v) || (Array.isArray(v) ? v.some(holdsSecret) : isObj(v) && Object.values(v).some(holdsSecret));

/** Properties from the engine: plain values, and the names of the top-level ones that held a secret. */
export function unwrap(s: Struct | undefined): { values: Obj; secret: Set<string> } {
  const raw = (s?.toJavaScript() ?? {}) as Obj;
  return {
    values: plain(raw) as Obj,
    secret: new Set(Object.keys(raw).filter((k) => holdsSecret(raw[k]))),
  };
}

/** The top-level names a kind's description marks secret (a connection's `config`, a minted `secretKey`). */
export const secretFields = (fields: Fields): string[] =>
  Object.entries(fields)
    .filter(([, f]) => (isInput(f) || f.kind === "computed") && f.secret)
    .map(([k]) => k);

const wrap = (value: unknown) => ({ [SIG]: SECRET_SIG, value });

/**
 * Properties for the engine: `undefined` dropped (a Struct cannot hold it), each name in `secret` wrapped whole.
 * A null secret stays null: there is nothing to hide, and a wrapped null would show as a change.
 */
export function toStruct(values: Obj, secret: Iterable<string> = []): Struct {
  const out = JSON.parse(JSON.stringify(values)) as Obj;
  for (const k of secret) if (out[k] !== undefined && out[k] !== null) out[k] = wrap(plain(out[k]));
  return Struct.fromJavaScript(out as Parameters<typeof Struct.fromJavaScript>[0]);
}
