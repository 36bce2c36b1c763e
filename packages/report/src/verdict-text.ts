import { renderHopVerdict, type HopVerdict } from '@netcheck/pathping';

/** A hop verdict in words (pure): pathping's own words, so report and explain say what `netcheck mtr` says. */
export function describeHopVerdict(verdict: HopVerdict): string {
  return renderHopVerdict(verdict);
}
