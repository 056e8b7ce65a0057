/**
 * "Did you mean …?" for a mistyped word: the candidate at the smallest optimal-string-alignment distance
 * (Levenshtein with adjacent swaps counting one, so `fromat` is one step from `format`, two from `from`),
 * when it is close for the word's length; an exact alias wins outright.
 */

/** Edits (insert, delete, substitute, swap two neighbours) between `a` and `b`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate `word` most likely meant, or undefined: an alias's target, else the nearest candidate
 * within a third of the word's length (at least one edit), ties going to the earlier candidate.
 */
export function suggest(
  word: string,
  candidates: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  const lower = word.toLowerCase();
  if (Object.hasOwn(aliases, lower)) return aliases[lower];
  const limit = Math.max(1, Math.floor(lower.length / 3));
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d <= limit && (best === undefined || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}
