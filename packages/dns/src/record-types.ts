/** Types this client names; any other is asked for by number ("TYPE65" or 65). */
export const KNOWN_TYPES = [
  'A',
  'AAAA',
  'CNAME',
  'NS',
  'MX',
  'TXT',
  'SOA',
  'PTR',
  'SRV',
  'CAA',
  'ANY',
  'DNAME',
  'DS',
  'DNSKEY',
  'HINFO',
  'NAPTR',
  'TLSA',
  'SSHFP',
  'RRSIG',
  'NSEC',
] as const;

/**
 * Normalise a user's type: a known name (any case), "TYPE<n>" or a number.
 * Returns the name dns-packet understands ("A", or "UNKNOWN_65" for an unnamed
 * number) and a label for people ("A", "TYPE65"); `undefined` when it is neither.
 */
export function parseRecordType(input: string): { wire: string; label: string } | undefined {
  const up = input.toUpperCase();
  if ((KNOWN_TYPES as readonly string[]).includes(up)) return { wire: up, label: up };
  const m = /^(?:TYPE)?(\d{1,5})$/.exec(up);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > 65535) return undefined;
    const byNumber: Record<number, string> = {
      1: 'A',
      28: 'AAAA',
      5: 'CNAME',
      2: 'NS',
      15: 'MX',
      16: 'TXT',
      6: 'SOA',
      12: 'PTR',
      33: 'SRV',
      257: 'CAA',
      255: 'ANY',
    };
    const name = byNumber[n];
    return name ? { wire: name, label: name } : { wire: `UNKNOWN_${n}`, label: `TYPE${n}` };
  }
  return undefined;
}
