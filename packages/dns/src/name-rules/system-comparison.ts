import type { Family, NameFacts, NameFinding } from '../name-facts.js';
import { firstAnswered, systemWait, viewData } from '../name-facts.js';

/**
 * Rule: getaddrinfo and the direct answers differ:
 * 1 - /etc/hosts has the name: it wins over DNS (info when DNS agrees or has nothing, warning when it differs);
 * 2 - getaddrinfo fails while a resolver has addresses → applications cannot resolve it (critical);
 * 3 - getaddrinfo answers a family with other addresses than the first resolver that answered that type.
 */
export function systemComparisonFindings(f: NameFacts): NameFinding[] {
  const dns = (t: Family) => viewData(firstAnswered(f, t), t);
  const dnsAll = [...dns('A'), ...dns('AAAA')];
  const sys = f.system;
  const sysText = systemWait(sys).text;
  if (f.hosts.length) {
    const same = [...f.hosts].sort().join() === [...dnsAll].sort().join();
    if (same) return [];
    return [
      {
        id: 'hosts-override',
        severity: dnsAll.length ? 'warning' : 'info',
        servers: ['/etc/hosts'],
        source: 'getaddrinfo and /etc/hosts against the resolvers',
        title:
          `/etc/hosts overrides DNS for ${f.name}: the system uses ${f.hosts.join(', ')}` +
          (dnsAll.length ? ` while DNS says ${dnsAll.join(', ')}` : ' (DNS has no such answer)'),
        evidence: [`/etc/hosts: ${f.hosts.join(', ')}`, `DNS: ${dnsAll.join(', ') || 'no address'}`, sysText],
        nextSteps: [`grep -i ${f.name} /etc/hosts`],
      },
    ];
  }
  if (sys.state === 'failed' && dnsAll.length)
    return [
      {
        id: 'system-disagrees',
        severity: 'critical',
        servers: ['getaddrinfo'],
        source: 'getaddrinfo and /etc/hosts against the resolvers',
        title:
          `getaddrinfo fails for ${f.name} (${sys.code}) although DNS answers ${dnsAll.join(', ')}: ` +
          'applications cannot resolve it',
        evidence: [sysText, `DNS: ${dnsAll.join(', ')}`],
        nextSteps: ['grep ^hosts /etc/nsswitch.conf', `getent ahosts ${f.name}`],
      },
    ];
  if (sys.state !== 'answered') return [];
  const out: NameFinding[] = [];
  for (const [t, fam] of [
    ['A', 4],
    ['AAAA', 6],
  ] as const) {
    const s = sys.addresses
      .filter((a) => a.family === fam)
      .map((a) => a.address)
      .sort();
    const d = [...dns(t)].sort();
    if (s.length === 0 || d.length === 0 || s.join() === d.join()) continue;
    out.push({
      id: 'system-disagrees',
      severity: 'warning',
      servers: ['getaddrinfo'],
      source: 'getaddrinfo and /etc/hosts against the resolvers',
      title:
        `getaddrinfo gives ${f.name} ${t} ${s.join(', ')} while DNS says ${d.join(', ')}: ` +
        'a cache (nscd, systemd-resolved) or another nsswitch source',
      evidence: [sysText, `DNS ${t}: ${d.join(', ')}`],
      nextSteps: ['grep ^hosts /etc/nsswitch.conf', `getent ahosts ${f.name}`],
    });
  }
  return out;
}
