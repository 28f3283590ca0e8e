/**
 * What an error answer says, whatever its shape. The docs give no error body ([A] NestJS-style
 * `{statusCode, message, error}`), so the client reads every common shape and, failing that, quotes the body.
 * One function: the client's errors and `doctor`'s verdict on the error body read the same words.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Longest excerpt of a body no shape explains, and of one message. */
export const BODY_EXCERPT_CHARS = 300;

/** Keys that name the field an error is about, in the shapes seen in APIs (`field`, JSON pointer, `loc`). */
const FIELD_KEYS = ["field", "property", "path", "param", "parameter", "pointer", "loc", "name"];
/** Keys that hold an error's words, most specific first. */
const TEXT_KEYS = ["message", "msg", "detail", "description", "error_description", "reason", "title"];

const clip = (s: string) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > BODY_EXCERPT_CHARS ? `${t.slice(0, BODY_EXCERPT_CHARS - 1)}…` : t;
};

/** `config.model` from `"config.model"`, `["body", "config", "model"]` or `"/config/model"`. */
function fieldName(v: unknown): string | undefined {
  if (typeof v === "string" && v) return v.startsWith("/") ? v.slice(1).replace(/\//g, ".") : v;
  if (Array.isArray(v) && v.length && v.every((p) => typeof p === "string" || typeof p === "number"))
    return v.filter((p) => p !== "body").join(".");
  return undefined;
}

/** The words of one error item: a string, or an object with a message and perhaps the field it names. */
function itemText(item: unknown): string | undefined {
  if (typeof item === "string") return item.trim() || undefined;
  if (!isObj(item)) return undefined;
  const text = TEXT_KEYS.map((k) => item[k]).find((v): v is string => typeof v === "string" && !!v.trim());
  const nested = text ?? (isObj(item.error) ? itemText(item.error) : undefined);
  if (!nested) return undefined;
  const field = FIELD_KEYS.map((k) => fieldName(item[k])).find((f) => f !== undefined);
  return field && !nested.includes(field) ? `${field}: ${nested}` : nested;
}

/** Messages of a list (`["a", "b"]`, `[{message}, …]`) or a field map (`{name: ["too long"]}`). */
function listText(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(itemText).filter((m): m is string => !!m);
  if (isObj(v))
    return Object.entries(v).flatMap(([field, m]) =>
      (Array.isArray(m) ? m : [m])
        .map(itemText)
        .filter((t): t is string => !!t)
        .map((t) => (t.includes(field) ? t : `${field}: ${t}`)),
    );
  return [];
}

/**
 * The server's own words in an error body, in the shapes APIs use:
 * - `message`: a string or a list (NestJS: `{statusCode, message, error}`, where `error` is only the status name);
 * - `error`: an object with a message (`{"error": {"status": 400, "message": "…"}}`), or a string alone;
 * - `errors`: a list of strings or of `{message, field}` items, or a map of field → messages;
 * - `detail` and `title` (RFC 9457 problem details), or `detail` a list of `{loc, msg}` (FastAPI);
 * - text (a proxy's page): its `<title>` or first words.
 * Empty when the body says nothing; otherwise each message is at most {@link BODY_EXCERPT_CHARS} characters.
 * A JSON body in no known shape is quoted as compact JSON, clipped.
 */
export function serverMessagesOf(body: unknown): string[] {
  if (body === undefined || body === null) return [];
  if (typeof body === "string") {
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
    const text = title ?? body.replace(/<[^>]+>/g, " ");
    return text.trim() ? [clip(text)] : [];
  }
  if (!isObj(body)) return Array.isArray(body) ? listText(body).map(clip) : [clip(JSON.stringify(body))];
  const found: string[] = [];
  const m = body.message;
  if (typeof m === "string" && m.trim()) found.push(m);
  else found.push(...listText(m));
  if (isObj(body.error)) {
    const inner = itemText(body.error);
    if (inner) found.push(inner);
    found.push(...listText(body.error.errors ?? body.error.details));
  }
  found.push(...listText(body.errors));
  if (typeof body.detail === "string" && body.detail.trim())
    found.push(
      typeof body.title === "string" && body.title.trim() ? `${body.title}: ${body.detail}` : body.detail,
    );
  else found.push(...listText(body.detail)); // FastAPI: `detail: [{loc, msg}]`
  if (!found.length) {
    // Words with no better place: a bare `error` or `title` string (never alongside a real message).
    const lone = [body.error, body.title, body.error_description, body.msg].find(
      (v): v is string => typeof v === "string" && !!v.trim(),
    );
    if (lone) found.push(lone);
  }
  if (!found.length) {
    const text = JSON.stringify(body);
    return text === "{}" ? [] : [clip(text)];
  }
  return [...new Set(found.map(clip))];
}

/** Whether a body's words came from a known shape (not a quoted excerpt of an unknown one). */
export function bodyShapeKnown(body: unknown): boolean {
  if (!isObj(body)) return false;
  const messages = serverMessagesOf(body);
  return messages.length > 0 && !(messages.length === 1 && messages[0].startsWith("{"));
}
