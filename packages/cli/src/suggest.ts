/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean": 'dsn' is 1 from 'dns'. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known word closest to `word` when it is a plausible typo (distance ≤ 2, and less than half its length). */
export function suggestWord(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= 2 && bestD < word.length / 2 + 0.5 ? best : undefined;
}

/**
 * The command a mistyped first word was meant to be, or `undefined` when the words name a host (pure).
 * 1 - only the first word that is not an option, and only when nothing but options comes before it
 *     (after `--` or `check`, a word is always a host);
 * 2 - only a bare single label: a dot (`dsn.`, `web.lab`) or a colon (`host:80`, IPv6) makes it a host;
 * 3 - a near miss of a command name (suggestWord: transpositions count one) is that command mistyped.
 */
export function findMistypedCommand(args: readonly string[], names: readonly string[]): string | undefined {
  const i = args.findIndex((a) => !a.startsWith('-'));
  const word = args[i];
  if (word === undefined || args.slice(0, i).includes('--')) return undefined;
  if (names.includes(word) || /[.:]/.test(word)) return undefined;
  return suggestWord(word, names);
}
