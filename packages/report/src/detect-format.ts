import { parseMtrJson } from './parse-mtr-json.js';
import { parseMtrReport } from './parse-mtr-report.js';
import { parseWindowsPathping } from './parse-pathping.js';
import { parseTracerouteText } from './parse-traceroute-text.js';
import { parseTrippyJson } from './parse-trippy-json.js';
import type { PasteFormat, PastedPath } from './types.js';

/**
 * Which tool printed this paste (pure); `undefined` when none fits.
 * 1 - JSON with `report.hubs` is mtr --json; JSON with `hops` whose entries have `hosts` is trippy;
 * 2 - "Computing statistics" or "Source to Here" is Windows pathping;
 * 3 - a `|--` hop line or an mtr header (`Loss%  Snt`) is mtr --report;
 * 4 - "traceroute to" or numbered hop lines with "ms" are traceroute.
 */
export function detectPasteFormat(text: string): PasteFormat | undefined {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    try {
      const doc = JSON.parse(t) as { report?: { hubs?: unknown }; hops?: unknown };
      if (doc?.report && Array.isArray(doc.report.hubs)) return 'mtr-json';
      if (Array.isArray(doc?.hops)) return 'trippy-json';
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (/Computing statistics|Source to Here/i.test(text)) return 'windows-pathping';
  if (/\|--\s/.test(text) || /Loss%\s+Snt/.test(text)) return 'mtr-report';
  if (/^traceroute6? to /m.test(text) || /^\s*\d+\s+\S+.*\d ms/m.test(text)) return 'traceroute';
  return undefined;
}

/** Parse a paste in the given (or detected) format (pure); `undefined` when the format cannot be told. */
export function parsePaste(
  text: string,
  format: PasteFormat | undefined = detectPasteFormat(text),
): PastedPath | undefined {
  switch (format) {
    case 'mtr-json':
      return parseMtrJson(text);
    case 'mtr-report':
      return parseMtrReport(text);
    case 'windows-pathping':
      return parseWindowsPathping(text);
    case 'trippy-json':
      return parseTrippyJson(text);
    case 'traceroute':
      return parseTracerouteText(text);
    default:
      return undefined;
  }
}
