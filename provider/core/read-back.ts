/**
 * The read-back after every write. The answer to a POST or PATCH carries the object, so what the write sent is
 * compared with what the API now holds, with diff's own equality (`changes` over `fromWire`): masked
 * credentials, write-only values, digests and values the library maps (`crawl` ↔ `mode`, config keys) count as
 * diff counts them, and a value the answer leaves out (its key absent) is unknown, not dropped. A value the API
 * dropped or changed would otherwise surface weeks later as a diff nobody made; here it is reported during the
 * `up` that sent it: a warning, or with `invent:readBack: error` an error that keeps the object in state as the
 * API holds it. It costs no call: the answer is already there (a PATCH answered without the object was read
 * again with a GET, and that object is the one compared).
 */
import { HalfMadeError } from "../schema/create";
import { isInput, WireObject } from "../schema/fields";
import { canonical, changes, fromWire } from "../schema/wire";
import { KindContext, label, Obj } from "./context";
import { outputs } from "./state";

/** One value the API did not keep: its property path, what was sent, and what the answer holds. */
export interface LostValue {
  path: string;
  sent: unknown;
  /** What the API holds now; undefined when the answer lacks a key the sent object had. */
  stored: unknown;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const at = (o: unknown, path: string) =>
  path.split(".").reduce<unknown>((acc, key) => (isObj(acc) ? acc[key] : undefined), o);

/** A value for a message: `(secret)` under a secret argument, else its JSON, shortened. */
export function shownValue(k: KindContext, path: string, v: unknown): string {
  const top = k.fields[path.split(".")[0]];
  if (top && isInput(top) && top.secret) return "(secret)";
  if (v === undefined) return "(nothing)";
  const text = canonical(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The leaves where two values differ, so a message names `config.input.timeoutMs`, not all of `config`. */
function leaves(path: string, sent: unknown, stored: unknown): LostValue[] {
  if (isObj(sent) && isObj(stored)) {
    const keys = [...new Set([...Object.keys(sent), ...Object.keys(stored)])];
    return keys.flatMap((key) => leaves(`${path}.${key}`, sent[key], stored[key]));
  }
  return canonical(sent) === canonical(stored) ? [] : [{ path, sent, stored }];
}

/**
 * The declared values a write sent that the live object does not hold, by diff's equality. `sent`: the
 * changed paths an update sent (every declared value for a create).
 */
export function lostValues(k: KindContext, declared: Obj, live: WireObject, sent?: string[]): LostValue[] {
  const now = fromWire(k.fields, live, declared);
  const wasSent = (path: string) =>
    !sent || sent.some((s) => path === s || path.startsWith(`${s}.`) || s.startsWith(`${path}.`));
  return changes(k.fields, now, declared)
    .filter((c) => wasSent(c.path))
    .flatMap((c) => {
      const found = leaves(c.path, at(declared, c.path), at(now, c.path));
      // Equal leaves yet a change (a digest compared, a mask judged): report the value as a whole.
      return found.length ? found : [{ path: c.path, sent: at(declared, c.path), stored: at(now, c.path) }];
    });
}

/** One line per lost value: what was sent, what is stored, and whether it was dropped or changed. */
function describeLost(k: KindContext, lost: LostValue[]): string {
  return lost
    .map(({ path, sent, stored }) => {
      const what =
        sent === undefined
          ? "added by the API"
          : stored === undefined || stored === null
            ? "dropped"
            : "changed";
      return `  ${path}: sent ${shownValue(k, path, sent)}, stored ${shownValue(k, path, stored)} (${what})`;
    })
    .join("\n");
}

/**
 * Compares a write's answer with what it sent (see the module comment) and reports what the API did not keep:
 * a warning, or (`invent:readBack: error`) an error carrying the object's id and state, so the engine records
 * the object as the API holds it instead of losing it.
 */
export function readBack(
  k: KindContext,
  write: { declared: Obj; live: WireObject; id: string; org: string; sent?: string[] },
): void {
  const lost = lostValues(k, write.declared, write.live, write.sent);
  if (!lost.length) return;
  const error = k.readBack() === "error";
  const message =
    `${label(k, write.declared)} ${write.id}: the API did not keep ${lost.length === 1 ? "a value" : `${lost.length} values`} ` +
    `this write sent (read back from its answer):\n${describeLost(k, lost)}\n` +
    "The next `pulumi preview` shows " +
    (lost.length === 1 ? "it as a change" : "them as changes") +
    " and every `pulumi up` sends it again. Either the API refuses or rewrites the value (declare the value it " +
    "stores, or remove the argument), or one of the library's assumptions about this API is wrong (run " +
    "`pulumi-invent doctor`). " +
    (error
      ? "invent:readBack is error: the resource fails, recorded in state as the API holds it."
      : 'Set invent:readBack to "error" to make this fail the update.');
  if (!error) return k.logger.warn(message);
  throw new HalfMadeError(message, write.id, outputs(k, write.live, write.declared, write.org));
}
