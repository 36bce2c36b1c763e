import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/**
 * Name resolution (pure): the dns package's own findings as it made them, its ids under `dns-`: first what the
 * resolution comes to (`dns-ok`, `dns-nxdomain`, `dns-failure`), then what differs between the ways to ask (a slow
 * getaddrinfo because a resolver does not answer, a resolver that answers NXDOMAIN for one type while another
 * exists, disagreeing or rewriting resolvers, /etc/hosts overrides), a slow getaddrinfo first: it is what every
 * application feels, and it comes before the resolver it is blamed on.
 */
export function dnsFindings(r: StepResults): Finding[] {
  const n = ran(r, 'resolve');
  if (!n) return [];
  const byImpact = [...n.findings].sort(
    (a, b) => Number(b.id === 'slow-system-lookup') - Number(a.id === 'slow-system-lookup'),
  );
  return [
    { ...n.outcome, id: `dns-${n.outcome.id}`, category: 'dns' },
    ...byImpact.map(({ servers: _servers, ...f }): Finding => ({ ...f, id: `dns-${f.id}`, category: 'dns' })),
  ];
}
