import { describe, expect, it } from 'vitest';
import { fixture } from '../test/helpers.js';
import { auditSysctls, renderSeconds } from './audit-sysctls.js';
import {
  counterRose,
  deriveCounterDeltas,
  parseProcNetSnmp,
  parseSockstat,
  pickTcpCounters,
} from './kernel-counters.js';
import {
  ephemeralPortCount,
  keepaliveDetectionS,
  parseSysctlOutput,
  parseSysctlValues,
  TCP_SYSCTLS,
} from './sysctls.js';

const counters = (when: 'before' | 'after') =>
  pickTcpCounters(
    parseProcNetSnmp(fixture(`linux/counters-${when}.proc-net-netstat.txt`)).sections,
    parseProcNetSnmp(fixture(`linux/counters-${when}.proc-net-snmp.txt`)).sections,
  );

describe('kernel counters (recorded before and after a SYN flood and a full accept queue)', () => {
  it('parses every section pair of /proc/net/netstat and /proc/net/snmp without a warning', () => {
    const n = parseProcNetSnmp(fixture('linux/counters-after.proc-net-netstat.txt'));
    const s = parseProcNetSnmp(fixture('linux/counters-after.proc-net-snmp.txt'));
    expect(n.warnings).toEqual([]);
    expect(s.warnings).toEqual([]);
    expect(Object.keys(n.sections)).toContain('TcpExt');
    expect(Object.keys(s.sections)).toEqual(expect.arrayContaining(['Ip', 'Icmp', 'Tcp', 'Udp']));
  });

  it('picks the TCP counters netcheck reports', () => {
    const c = counters('after');
    for (const name of [
      'ListenOverflows',
      'ListenDrops',
      'SyncookiesSent',
      'SyncookiesRecv',
      'SyncookiesFailed',
      'TCPTimeouts',
      'RetransSegs',
      'ActiveOpens',
      'PassiveOpens',
      'AttemptFails',
      'EstabResets',
    ] as const) {
      expect(c[name], name).toBeTypeOf('number');
    }
  });

  it('the flood and the full queue show up as rises', () => {
    const d = deriveCounterDeltas(counters('before'), counters('after'), 2000);
    expect(d.counters.SyncookiesSent!.delta).toBeGreaterThan(0);
    expect(d.counters.ListenOverflows!.delta).toBeGreaterThan(0);
    expect(d.counters.ActiveOpens!.delta).toBeGreaterThan(0);
    expect(d.counters.SyncookiesSent!.perSecond).toBeCloseTo(d.counters.SyncookiesSent!.delta! / 2);
    expect(counterRose(d, 'SyncookiesSent')).toBe(true);
    expect(counterRose(d, 'SyncookiesFailed')).toBe(false);
    expect(counterRose(undefined, 'SyncookiesSent')).toBeUndefined();
  });

  it('a counter that goes backwards has no delta (namespace re-made)', () => {
    const d = deriveCounterDeltas({ RetransSegs: 10, CurrEstab: 5 }, { RetransSegs: 3, CurrEstab: 2 }, 1000);
    expect(d.counters.RetransSegs!.delta).toBeUndefined();
    expect(d.counters.CurrEstab!.delta).toBe(-3); // a gauge may fall
  });

  it('a header without values is a warning', () => {
    expect(parseProcNetSnmp('TcpExt: A B\nIpExt: C\nIpExt: 1\n').warnings).toEqual([
      'header without values: TcpExt: A B',
    ]);
  });

  it('sockstat', () => {
    const s = parseSockstat(fixture('linux/all-states.proc-net-sockstat.txt'));
    expect(s.tcpTimeWait).toBeGreaterThan(0);
    expect(s.tcpOrphans).toBeGreaterThan(0); // LAST_ACK, CLOSING and FIN_WAIT_1 are orphans
    expect(s.socketsUsed).toBeGreaterThan(0);
    expect(parseSockstat('nothing')).toEqual({
      socketsUsed: undefined,
      tcpInUse: undefined,
      tcpOrphans: undefined,
      tcpTimeWait: undefined,
      tcpAllocated: undefined,
      tcpMemoryPages: undefined,
    });
  });
});

describe('sysctls', () => {
  const values = parseSysctlValues(parseSysctlOutput(fixture('linux/sysctls.txt')));

  it('reads the defaults of a fresh namespace (recorded)', () => {
    expect(values).toEqual({
      tcpSyncookies: 1,
      tcpMaxSynBacklog: expect.any(Number),
      somaxconn: 4096,
      tcpTwReuse: 2,
      tcpFinTimeoutS: 60,
      ipLocalPortRange: [32768, 60999],
      tcpMaxTwBuckets: expect.any(Number),
      tcpKeepaliveTimeS: 7200,
      tcpKeepaliveIntvlS: 75,
      tcpKeepaliveProbes: 9,
    });
    expect(ephemeralPortCount(values)).toBe(28232);
    expect(keepaliveDetectionS(values)).toBe(7875);
    expect(values.tcpTwRecycle).toBeUndefined(); // removed in Linux 4.12
  });

  it('the audit of the defaults: nothing to warn about, keepalive worth a note', () => {
    const audit = auditSysctls(values, { timeWait: 5 });
    expect(audit.filter((a) => a.severity !== 'info')).toEqual([]);
    expect(audit.map((a) => a.sysctl)).toEqual(
      Object.values(TCP_SYSCTLS).filter((n) => n !== 'net.ipv4.tcp_tw_recycle'),
    );
    const ka = audit.find((a) => a.sysctl === 'net.ipv4.tcp_keepalive_time')!;
    expect(ka).toMatchObject({ state: 'problem', severity: 'info' });
    expect(ka.text).toContain('2 h 11 min');
  });

  it.each([
    [{ tcpSyncookies: 0 }, 'net.ipv4.tcp_syncookies', 'problem', 'warning'],
    [{ tcpSyncookies: 2 }, 'net.ipv4.tcp_syncookies', 'problem', 'info'],
    [{ somaxconn: 128 }, 'net.core.somaxconn', 'problem', 'warning'],
    [{ tcpTwReuse: 0 }, 'net.ipv4.tcp_tw_reuse', 'problem', 'info'],
    [{ tcpTwReuse: 1 }, 'net.ipv4.tcp_tw_reuse', 'fine', 'info'],
    [{ tcpFinTimeoutS: 120 }, 'net.ipv4.tcp_fin_timeout', 'problem', 'info'],
    [{ ipLocalPortRange: [40000, 40199] }, 'net.ipv4.ip_local_port_range', 'problem', 'warning'],
    [{ tcpTwRecycle: 1 }, 'net.ipv4.tcp_tw_recycle', 'problem', 'warning'],
    [{ tcpTwRecycle: 0 }, 'net.ipv4.tcp_tw_recycle', 'fine', 'info'],
    [{ tcpMaxSynBacklog: 128, tcpSyncookies: 0 }, 'net.ipv4.tcp_max_syn_backlog', 'problem', 'warning'],
  ] as const)('%o: %s is %s (%s)', (patch, sysctl, state, severity) => {
    const a = auditSysctls({ ...values, ...patch } as never).find((x) => x.sysctl === sysctl)!;
    expect(a).toMatchObject({ state, severity });
  });

  it('a setting that could not be read is not checked, with no value', () => {
    const a = auditSysctls({ ...values, somaxconn: undefined }).find((x) => x.sysctl === 'net.core.somaxconn');
    expect(a).toEqual({
      sysctl: 'net.core.somaxconn',
      value: undefined,
      state: 'not-checked',
      severity: 'info',
      text: 'could not be read',
    });
  });

  it('TIME_WAIT near tcp_max_tw_buckets is a warning', () => {
    const a = auditSysctls({ ...values, tcpMaxTwBuckets: 1000 }, { timeWait: 900 }).find(
      (x) => x.sysctl === 'net.ipv4.tcp_max_tw_buckets',
    )!;
    expect(a).toMatchObject({ state: 'problem', severity: 'warning' });
    expect(a.text).toContain('90%');
  });

  it('never recommends tcp_tw_recycle', () => {
    for (const a of auditSysctls({ ...values, tcpTwRecycle: 1 }))
      expect(a.text).not.toMatch(/tcp_tw_recycle\s*=\s*1|set .*recycle.* 1/i);
  });

  it('unreadable settings say so', () => {
    expect(auditSysctls({}).every((a) => a.state === 'not-checked' && a.value === undefined)).toBe(true);
  });

  it('renders durations', () => {
    expect([renderSeconds(45), renderSeconds(1260), renderSeconds(7875), renderSeconds(7200)]).toEqual([
      '45 s',
      '21 min',
      '2 h 11 min',
      '2 h',
    ]);
  });
});
