import type { Finding, FindingId, StepResults } from '../types.js';
import { ran } from './util.js';

const BY_CODE: Record<
  string,
  {
    id: FindingId;
    title: (port: number, address: string, host: string) => string;
    next: (host: string, port: number) => string[];
  }
> = {
  ECONNREFUSED: {
    id: 'connect-refused',
    title: (port, address) => `nothing listens on port ${port}: connection refused by ${address}`,
    next: (host) => [`check the service on ${host} (ss -ltnp on the server)`, `netcheck ${host}:<the right port>`],
  },
  ETIMEDOUT: {
    id: 'connect-timeout',
    title: (port, _a, host) => `port ${port} does not answer: a firewall drops it, or ${host} is down`,
    next: (host, port) => [`netcheck trace ${host} -T -p ${port}`],
  },
  EHOSTUNREACH: {
    id: 'connect-unreachable',
    title: (port) => `port ${port} is unreachable: a router or firewall answered "unreachable" or "prohibited"`,
    next: (host, port) => [`netcheck trace ${host} -T -p ${port}`],
  },
  EACCES: {
    id: 'connect-unreachable',
    title: (port) => `port ${port} is refused: a firewall answered "administratively prohibited"`,
    next: (host, port) => [`netcheck trace ${host} -T -p ${port}`],
  },
  ENETUNREACH: {
    id: 'connect-no-route',
    title: (_p, address) => `no route to ${address}`,
    next: (host) => ['ip route', `netcheck trace ${host}`],
  },
  EADDRNOTAVAIL: {
    id: 'connect-no-local-port',
    title: (_p, address) => `no local port is free toward ${address}: the ephemeral port range is exhausted`,
    next: () => ['netcheck sockets --state time-wait', 'ss -tan state time-wait | wc -l'],
  },
};

/**
 * The TCP connect (pure): refused, filtered (timeout), no route / prohibited, local ports exhausted; connected
 * as information. A connect is called slow only when every handshake (at least 3) took over 3× the ping RTT
 * + 50 ms: one slow sample is noise (a retransmit, a busy moment), not a busy server.
 */
export function serviceFindings(r: StepResults, host: string): Finding[] {
  const c = ran(r, 'connect');
  if (!c) return [];
  const rttMs = ran(r, 'ping')?.summary.avgMs;
  const ev = [
    `TCP connect to ${c.address}:${c.port}: ${c.ok ? `connected; handshakes ${c.samplesMs.map((x) => x.toFixed(1)).join(', ')} ms` : `${c.code}${c.errno !== undefined ? ` (errno ${c.errno})` : ''} after ${c.ms.toFixed(0)} ms`}`,
  ];
  if (rttMs !== undefined) ev.push(`ping RTT ${rttMs.toFixed(1)} ms`);
  if (c.ok) {
    const fastest = Math.min(...c.samplesMs);
    const slow = rttMs !== undefined && c.samplesMs.length >= 3 && fastest > 3 * rttMs + 50;
    if (slow)
      return [
        {
          id: 'connect-slow',
          severity: 'warning',
          category: 'service',
          source: 'TCP connect',
          title:
            `port ${c.port} answers, but every connect took over ${fastest.toFixed(0)} ms against ` +
            `a ${rttMs.toFixed(0)} ms ping: a busy server or a full accept queue`,
          evidence: ev,
          nextSteps: [`ss -ltn 'sport = :${c.port}' on the server (Recv-Q against Send-Q: the accept queue)`],
        },
      ];
    return [
      {
        id: 'connect-ok',
        severity: 'info',
        category: 'service',
        source: 'TCP connect',
        title: `port ${c.port} accepts connections`,
        evidence: ev,
        nextSteps: [],
      },
    ];
  }
  const known = BY_CODE[c.code ?? ''];
  return [
    {
      id: known?.id ?? 'connect-error',
      severity: 'critical',
      category: 'service',
      source: 'TCP connect',
      title: known
        ? known.title(c.port, c.address, host)
        : `connect to port ${c.port} failed: ${c.code} (${c.meaning})`,
      evidence: [...ev, `meaning: ${c.meaning}`],
      nextSteps: known?.next(host, c.port) ?? [],
    },
  ];
}
