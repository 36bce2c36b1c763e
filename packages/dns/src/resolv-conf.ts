/** What /etc/resolv.conf tells the system resolver. Defaults are glibc's. */
export interface ResolvConf {
  nameservers: string[];
  /** Search list; `domain` sets it when no `search` line follows (the last of the two wins, as in glibc). */
  search: string[];
  /** Names with at least this many dots are tried as-is before the search list (default 1). */
  ndots: number;
  /** Per-try timeout (default 5000 ms). */
  timeoutMs: number;
  /** Tries per server (default 2). */
  attempts: number;
  /** Spread queries over the servers instead of always starting with the first. */
  rotate: boolean;
  /** Lines not understood, verbatim. */
  warnings: string[];
}

/**
 * Parse resolv.conf(5). Pure. glibc reads at most 3 nameservers (MAXNS);
 * the rest are kept and noted in warnings, because a user who added a fourth
 * expects it to be used and it is not.
 */
export function parseResolvConf(text: string): ResolvConf {
  const r: ResolvConf = {
    nameservers: [],
    search: [],
    ndots: 1,
    timeoutMs: 5000,
    attempts: 2,
    rotate: false,
    warnings: [],
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    switch (key) {
      case 'nameserver':
        if (rest[0]) r.nameservers.push(rest[0].replace(/%.*$/, ''));
        break;
      case 'search':
        r.search = rest.map((d) => d.replace(/\.$/, ''));
        break;
      case 'domain':
        if (rest[0]) r.search = [rest[0].replace(/\.$/, '')];
        break;
      case 'options':
        for (const opt of rest) {
          const [name, value] = opt.split(':') as [string, string | undefined];
          const n = value === undefined ? NaN : Number(value);
          if (name === 'ndots' && Number.isInteger(n)) r.ndots = Math.min(15, Math.max(0, n));
          else if (name === 'timeout' && Number.isFinite(n)) r.timeoutMs = Math.min(30, Math.max(1, n)) * 1000;
          else if (name === 'attempts' && Number.isInteger(n)) r.attempts = Math.min(5, Math.max(1, n));
          else if (name === 'rotate') r.rotate = true;
          // other options (edns0, single-request, trust-ad...) change nothing we model
        }
        break;
      case 'sortlist':
        break;
      default:
        r.warnings.push(raw.trim());
    }
  }
  if (r.nameservers.length > 3)
    r.warnings.push(
      `only the first 3 nameservers are used by the system resolver; ignored: ${r.nameservers.slice(3).join(', ')}`,
    );
  return r;
}

/**
 * The names the system resolver tries for `name`, in order (glibc res_search):
 * 1 - a name ending in "." is absolute: only itself;
 * 2 - with at least `ndots` dots it is tried as-is first, then with each search domain;
 * 3 - with fewer, each search domain first, then as-is.
 */
export function buildSearchCandidates(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = conf.search.map((d) => `${name}.${d}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

/** An /etc/hosts entry. */
export interface HostsEntry {
  address: string;
  names: string[];
}

/** Parse hosts(5). Pure. */
export function parseHostsFile(text: string): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of text.split('\n')) {
    const [address, ...names] = raw.replace(/#.*$/, '').trim().split(/\s+/);
    if (address && names.length) out.push({ address, names: names.map((n) => n.toLowerCase()) });
  }
  return out;
}

/** Addresses /etc/hosts gives for a name (case-insensitive, trailing dot ignored). */
export function lookupHosts(entries: readonly HostsEntry[], name: string): string[] {
  const n = name.toLowerCase().replace(/\.$/, '');
  return entries.filter((e) => e.names.includes(n)).map((e) => e.address);
}
