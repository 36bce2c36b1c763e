import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/** The TCP connect: refused, filtered (timeout), no route / prohibited, local ports exhausted; connected as information, against the ping RTT. */
export function serviceFindings(r: StepResults, host: string): Finding[] {
  const c = ran(r.connect);
  if (!c) return [];
  const p = ran(r.ping);
  const ev = [`TCP connect to ${c.address}:${c.port}: ${c.ok ? `connected in ${c.ms.toFixed(1)} ms` : `${c.code}${c.errno !== undefined ? ` (errno ${c.errno})` : ''} after ${c.ms.toFixed(0)} ms`}`];
  if (p?.summary.avgMs !== undefined) ev.push(`ping RTT ${p.summary.avgMs.toFixed(1)} ms`);
  if (c.ok) {
    const slow = p?.summary.avgMs !== undefined && c.ms > 3 * p.summary.avgMs + 50;
    return [{ id: slow ? 'connect-slow' : 'connect-ok', severity: slow ? 'warning' : 'info', category: 'service', title: slow ? `port ${c.port} answers, but the connect took ${c.ms.toFixed(0)} ms against a ${p!.summary.avgMs!.toFixed(0)} ms ping: a busy server or a full accept queue` : `port ${c.port} accepts connections`, evidence: ev, nextSteps: [] }];
  }
  const title: Record<string, string> = {
    ECONNREFUSED: `nothing listens on port ${c.port}: connection refused by ${c.address}`,
    ETIMEDOUT: `port ${c.port} does not answer: a firewall drops it, or ${host} is down`,
    EHOSTUNREACH: `port ${c.port} is unreachable: a router or firewall answered "unreachable" or "prohibited"`,
    ENETUNREACH: `no route to ${c.address}`,
    EADDRNOTAVAIL: `no local port is free toward ${c.address}: the ephemeral port range is exhausted`,
  };
  const next: Record<string, string[]> = {
    ECONNREFUSED: [`check the service on ${host} (ss -ltnp on the server)`, `netcheck ${host}:<the right port>`],
    ETIMEDOUT: [`netcheck trace ${host} -T -p ${c.port}`],
    EHOSTUNREACH: [`netcheck trace ${host} -T -p ${c.port}`],
    ENETUNREACH: ['ip route', `netcheck trace ${host}`],
    EADDRNOTAVAIL: ['netcheck sockets --state time-wait', 'ss -tan state time-wait | wc -l'],
  };
  return [{ id: `connect-${(c.code ?? 'error').toLowerCase()}`, severity: 'critical', category: 'service', title: title[c.code ?? ''] ?? `connect to port ${c.port} failed: ${c.code} (${c.meaning})`, evidence: [...ev, `meaning: ${c.meaning}`], nextSteps: next[c.code ?? ''] ?? [] }];
}
