import { maybeSample, type Sample } from './sample.js';

/** One TCP connect attempt: its time when it connected, else the socket error code (ECONNREFUSED, ETIMEDOUT...). */
export type ConnectOutcome =
  | { ok: true; address: string; connectMs: number }
  | { ok: false; address: string | undefined; code: string; detail: string };

/** The tcp module's metrics from its connect attempts (the last decides success; the fastest is the connect time). Pure. */
export function buildTcpSamples(attempts: readonly ConnectOutcome[]): Sample[] {
  const last = attempts.at(-1);
  const connected = attempts.flatMap((a) => (a.ok ? [a.connectMs] : []));
  const errors = new Map<string, number>();
  for (const a of attempts) if (!a.ok) errors.set(a.code, (errors.get(a.code) ?? 0) + 1);
  return [
    { name: 'probe_success', help: 'Whether the probe succeeded', value: last?.ok ? 1 : 0 },
    ...maybeSample(
      'probe_ip_protocol',
      'IP protocol of the probe (4 or 6)',
      last?.address === undefined ? undefined : last.address.includes(':') ? 6 : 4,
    ),
    ...maybeSample(
      'netcheck_tcp_connect_seconds',
      'Fastest TCP handshake of the probe',
      connected.length ? Math.min(...connected) / 1000 : undefined,
    ),
    ...[...errors].map(([code, n]) => ({
      name: 'netcheck_tcp_connect_errors',
      help: 'Connect attempts that failed, by socket error code (label errno)',
      labels: { errno: code },
      value: n,
    })),
  ];
}
