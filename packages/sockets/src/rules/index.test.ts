import { describe, expect, it } from 'vitest';
import { deltasOf, factsFrom } from '../../test/helpers.js';
import { deriveSocketFindings, makeRuleOptions, SOCKET_RULE_DEFAULTS, SOCKET_RULES } from './index.js';

const HEALTHY = [
  'LISTEN 0.0.0.0:80 q=0/4096 pid=9/nginx',
  'LISTEN 0.0.0.0:22 q=0/128 pid=1/sshd',
  'ESTABLISHED 10.0.4.2:80 10.0.1.2:40000 x300 pid=9/nginx',
  'TIME_WAIT 10.0.4.2:80 10.0.1.2:50000 x200',
  'ESTABLISHED 10.0.4.2:22 10.0.1.9:51000 x2 pid=1/sshd',
  'SYN_RECV 10.0.4.2:80 10.0.1.3:52000 x2',
  'CLOSE_WAIT 10.0.4.2:80 10.0.1.4:53000 x1 pid=9/nginx',
  'ESTABLISHED 10.0.4.2:33000 10.0.4.9:5432 x20 pid=9/nginx',
  'TIME_WAIT 10.0.4.2:34000 10.0.4.9:5432 x300',
  'SYN_SENT 10.0.4.2:35000 10.0.4.9:5432 x1 pid=9/nginx',
];

describe('all rules together', () => {
  it('a healthy, busy table raises nothing, even with counters measured', () => {
    expect(
      deriveSocketFindings(factsFrom(HEALTHY, { deltas: deltasOf({ ActiveOpens: 500, RetransSegs: 3 }) })),
    ).toEqual([]);
  });

  it('findings come most severe first', () => {
    const f = deriveSocketFindings(
      factsFrom(
        [
          ...HEALTHY,
          'CLOSE_WAIT 10.0.4.2:80 10.0.1.5:41000 x12 pid=9/nginx',
          'LISTEN 0.0.0.0:8080 q=9/8',
          'SYN_SENT 10.0.4.2:36000 10.0.4.7:6379 x6',
        ],
        {
          deltas: deltasOf({ ListenOverflows: 4 }),
        },
      ),
    );
    expect(f.map((x) => `${x.severity} ${x.id}`)).toEqual([
      'critical accept-queue-full',
      'warning close-wait-leak',
      'warning syn-sent-stuck',
    ]);
  });

  it('overrides reach the rules; the rest keep their defaults', () => {
    const o = makeRuleOptions({ 'close-wait-leak': { minCloseWait: 1 } });
    expect(o['close-wait-leak']).toEqual({ minCloseWait: 1, criticalCloseWait: 200 });
    expect(o['syn-sent-stuck']).toEqual(SOCKET_RULE_DEFAULTS['syn-sent-stuck']);
    expect(
      deriveSocketFindings(factsFrom(HEALTHY), { 'close-wait-leak': { minCloseWait: 1 } }).map((x) => x.id),
    ).toEqual(['close-wait-leak']);
  });

  it('one rule per file, all registered', () => {
    expect(SOCKET_RULES).toEqual([
      'syn-recv-pressure',
      'accept-queue-full',
      'close-wait-leak',
      'ephemeral-port-exhaustion',
      'syn-sent-stuck',
      'half-closed-pileup',
      'idle-without-keepalive',
    ]);
    for (const id of SOCKET_RULES) expect(Object.keys(SOCKET_RULE_DEFAULTS[id]).length).toBeGreaterThan(0);
  });
});
