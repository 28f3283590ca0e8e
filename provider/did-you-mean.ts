/** "Did you mean …?" for a name the user mistyped: a known name in another case style, or a close spelling. */

/**
 * Optimal string alignment distance: edits, where swapping two neighbours (`nmae`) counts as one edit.
 */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The known key the user most likely meant: the same name in another case style (`thread_mode`, `Name`), or
 * a close spelling. Close means about one edit per four characters, at least one: short words that merely
 * share letters (`tags`, `tts`) are different words, and a wrong guess misleads more than none.
 */
export function didYouMean(key: string, known: string[]): string | undefined {
  const norm = (s: string) =>
    s
      .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
      .replace(/[-_\s]/g, "")
      .toLowerCase();
  const exact = known.find((k) => norm(k) === norm(key));
  if (exact) return exact;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(norm(key), norm(k));
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}
