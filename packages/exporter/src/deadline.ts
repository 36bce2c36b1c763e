/** How much of the scrape timeout is kept back for the answer to travel, as blackbox_exporter's default `timeout_offset`. */
export const SCRAPE_OFFSET_MS = 500;
/** No probe gets less than this: a deadline shorter than a process start is a certain failure. */
export const MIN_PROBE_MS = 200;

/**
 * The probe's time budget in ms:
 * 1 - Prometheus sends `X-Prometheus-Scrape-Timeout-Seconds`; the probe must end before it, less the offset;
 * 2 - the module's timeout caps it (a module may be stricter than the scrape);
 * 3 - without the header (curl, a browser) the module's timeout alone;
 * 4 - an unreadable header is ignored, as blackbox_exporter does.
 */
export function deriveProbeDeadlineMs(scrapeTimeoutHeader: string | undefined, moduleTimeoutMs: number): number {
  const seconds = scrapeTimeoutHeader === undefined ? NaN : Number(scrapeTimeoutHeader);
  const fromScrape = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 - SCRAPE_OFFSET_MS : Infinity;
  return Math.max(MIN_PROBE_MS, Math.min(fromScrape, moduleTimeoutMs));
}
