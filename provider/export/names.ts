/**
 * Names in a written program: Pulumi logical names (part of every URN, so stable and readable) and TypeScript
 * variable names, each valid and unique however odd the objects' own names are.
 */

/** Words a TypeScript `const` cannot be named, and names the written program already uses. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with as implements interface let package private protected public static yield await any boolean " +
    "number string symbol type from of async constructor declare get set module require undefined arguments " +
    "eval NaN Infinity fs path pulumi invent config __dirname __filename exports"
  ).split(" "),
);

/** `Customer Support (EU)` → `customer-support-eu`: lower case letters, digits and single dashes. */
export function slug(text: string, fallback: string, max = 48): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents off: "Café" → "cafe"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return s || fallback;
}

/** `customer-support-eu` → `customerSupportEu`; a leading digit gets a prefix; reserved words a suffix. */
export function identifier(name: string, fallback: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join("");
  if (!id) id = fallback;
  if (/^[0-9]/.test(id)) id = `${fallback}${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  return RESERVED.has(id) ? `${id}${fallback.charAt(0).toUpperCase()}${fallback.slice(1)}` : id;
}

/** Hands out unique names: the second `support` is `support-2` (variables: `support2`), in call order. */
export class UniqueNames {
  private readonly taken = new Set<string>();

  constructor(private readonly joiner: string) {}

  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${wanted}${this.joiner}${n}`;
    // Case-insensitive: names that differ only in case are confusing, and some file systems fold case.
    this.taken.add(name.toLowerCase());
    return name;
  }
}
