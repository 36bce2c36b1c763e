/**
 * A line of a batch file: the target on it, or `undefined` for a blank line or a `#` comment. Surrounding space is
 * not part of the target. Pure.
 */
export function parseBatchLine(line: string): string | undefined {
  const t = line.trim();
  return t === '' || t.startsWith('#') ? undefined : t;
}

/** One target of a batch, done. */
export interface BatchItem<R> {
  /** 1-based line number in the input. */
  line: number;
  target: string;
  result: R;
}

/**
 * Run `probe` over the targets of `lines`, at most `concurrency` at once, yielding each as it completes. Lines are read
 * only as slots free up, so memory stays bounded by `concurrency` whatever the input's length. After an abort no new
 * target starts; those in flight finish through their own signal handling.
 */
export async function* runBatch<R>(
  lines: AsyncIterable<string>,
  probe: (target: string, signal: AbortSignal) => Promise<R>,
  options: { concurrency: number; signal: AbortSignal },
): AsyncGenerator<BatchItem<R>> {
  const input = lines[Symbol.asyncIterator]();
  const inFlight = new Map<number, Promise<{ id: number; item: BatchItem<R> }>>();
  let lineNo = 0;
  let inputDone = false;
  let id = 0;
  for (;;) {
    while (!inputDone && inFlight.size < options.concurrency && !options.signal.aborted) {
      const next = await input.next();
      if (next.done) {
        inputDone = true;
        break;
      }
      lineNo++;
      const target = parseBatchLine(next.value);
      if (target === undefined) continue;
      const myId = ++id;
      const line = lineNo;
      inFlight.set(
        myId,
        probe(target, options.signal).then((result) => ({ id: myId, item: { line, target, result } })),
      );
    }
    if (inFlight.size === 0) return;
    const done = await Promise.race(inFlight.values());
    inFlight.delete(done.id);
    yield done.item;
  }
}

/** Counts of a batch so far: bounded whatever the number of targets. */
export interface BatchSummary {
  total: number;
  /** Targets by outcome (a diagnosis category, `invalid-target`...). */
  byOutcome: Record<string, number>;
  /** The worst exit code seen (usage 2 and tool failure 3 rank above a problem 1; interrupted 130 above all). */
  worstExitCode: number;
  /** Up to 20 targets that were not healthy, first seen first, for the summary table. */
  examples: Array<{ target: string; outcome: string }>;
}

const EXIT_RANK: Record<number, number> = { 0: 0, 4: 1, 1: 2, 2: 3, 3: 4, 130: 5 };

/** Add one target's outcome and exit code to the summary (pure; returns a new summary). */
export function addToBatchSummary(
  summary: BatchSummary,
  target: string,
  outcome: string,
  exitCode: number,
): BatchSummary {
  const worse = (EXIT_RANK[exitCode] ?? 4) > (EXIT_RANK[summary.worstExitCode] ?? 4);
  const examples =
    exitCode !== 0 && summary.examples.length < 20 ? [...summary.examples, { target, outcome }] : summary.examples;
  return {
    total: summary.total + 1,
    byOutcome: { ...summary.byOutcome, [outcome]: (summary.byOutcome[outcome] ?? 0) + 1 },
    worstExitCode: worse ? exitCode : summary.worstExitCode,
    examples,
  };
}

export const EMPTY_BATCH_SUMMARY: BatchSummary = { total: 0, byOutcome: {}, worstExitCode: 0, examples: [] };
