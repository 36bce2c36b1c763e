import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { TCP_STATES } from '../src/tcp-state.js';
import { inspectIn, sameMoment, ssCounts, startScenario } from './lab-helpers.js';

// Real sockets in lab namespaces, held by test/socket-scenarios.py. Each node's /proc/net/tcp
// is read by code running inside that node. Nodes are given one job each so that what one
// scenario leaves behind (TIME_WAIT...) does not blur another.
describeLab('@netcheck/sockets against real sockets', { scenario: 'standard' }, (lab) => {
  it('a healthy table: counts equal ss, and no rule fires', async () => {
    const s = await startScenario(lab(), 'r1', ['healthy', '--count', '20', '--name', 'nchealthy']);
    try {
      let report: Awaited<ReturnType<typeof inspectIn>> | undefined;
      const { ours, ss } = await sameMoment(lab(), 'r1', async () => {
        report = await inspectIn(lab(), 'r1');
        return report.states;
      });
      expect(ours).toEqual(ss);
      expect(ours.ESTABLISHED).toBe(40);
      expect(report!.findings).toEqual([]);
      expect(report!.keepalive).toMatchObject({ established: 40, keepalive: 40 });
      expect(report!.processes).toEqual([expect.objectContaining({ pid: s.info.pid, name: 'nchealthy', total: 41 })]);
      expect(report!.listeners!.find((l) => l.port === s.info.ports!.listen)).toMatchObject({
        queueLength: 0,
        queueLimit: 128,
      });
    } finally {
      await s.stop();
    }
  });

  it('every state the kernel lets a program hold, counted exactly as ss counts it', async () => {
    const s = await startScenario(lab(), 'r2', ['all-states', '--name', 'ncstates']);
    try {
      let report: Awaited<ReturnType<typeof inspectIn>> | undefined;
      const { ours, ss } = await sameMoment(lab(), 'r2', async () => {
        report = await inspectIn(lab(), 'r2', { processes: 'all' });
        return report.states;
      });
      expect(ours).toEqual(ss);
      for (const state of TCP_STATES.filter((x) => x !== 'CLOSED')) expect(ours[state], state).toBeGreaterThan(0);
      // the processes: CLOSE_WAIT and FIN_WAIT_2 are held by the helper, LAST_ACK/CLOSING/TIME_WAIT by nobody
      const p = report!.ports!.find((x) => x.port === s.info.ports!.closeWait)!;
      expect(p.processes[0]).toMatchObject({ pid: s.info.pid, name: 'ncstates', states: { LISTEN: 1, CLOSE_WAIT: 5 } });
      expect(report!.destinations!.find((d) => d.port === 9)).toMatchObject({ states: { SYN_SENT: 2 } });
    } finally {
      await s.stop();
    }
  });

  it(
    'CLOSE_WAIT on the server and FIN_WAIT_2 on the client: each finding fires in its namespace, naming the ' +
      'program',
    async () => {
      const server = await startScenario(lab(), 'server', [
        'close-wait-server',
        '--port',
        '9000',
        '--name',
        'leakyserver',
      ]);
      const client = await startScenario(lab(), 'client', [
        'half-close-client',
        '--host',
        LAB_ADDR.server,
        '--port',
        '9000',
        '--count',
        '25',
        '--name',
        'halfcloser',
      ]);
      try {
        expect(client.info.connected).toBe(25);
        await new Promise((r) => setTimeout(r, 500));
        const srv = await inspectIn(lab(), 'server');
        const cw = srv.findings.find((f) => f.id === 'close-wait-leak')!;
        expect(cw).toBeDefined();
        expect(cw.subject).toMatchObject({
          localPort: 9000,
          processes: [{ pid: server.info.pid, name: 'leakyserver' }],
        });
        expect(cw.title).toBe(`25 CLOSE_WAIT sockets on local port 9000 held by leakyserver (pid ${server.info.pid})`);
        expect(srv.states.CLOSE_WAIT).toBe((await ssCounts(lab(), 'server')).CLOSE_WAIT);
        const cli = await inspectIn(lab(), 'client');
        const fw = cli.findings.find((f) => f.id === 'half-closed-pileup')!;
        expect(fw.title).toBe(
          `25 FIN_WAIT_2 sockets on connections to ${LAB_ADDR.server}:9000: peers that never close their side`,
        );
        expect(fw.subject.processes).toEqual([{ pid: client.info.pid, name: 'halfcloser' }]);
        expect(cli.findings.some((f) => f.id === 'close-wait-leak')).toBe(false);
      } finally {
        await client.stop();
        await server.stop();
      }
    },
  );

  it('SYN_SENT toward the filtered port 82: the destination and the program are named', async () => {
    const s = await startScenario(lab(), 'client', [
      'syn-sent',
      '--host',
      LAB_ADDR.server,
      '--port',
      '82',
      '--count',
      '8',
      '--name',
      'ncdialer',
    ]);
    try {
      const r = await inspectIn(lab(), 'client', { filter: { peer: { address: LAB_ADDR.server, port: 82 } } });
      expect(r.states.SYN_SENT).toBe(8);
      const f = r.findings.find((x) => x.id === 'syn-sent-stuck')!;
      expect(f.title).toBe(
        `8 connection attempts to ${LAB_ADDR.server}:82 get no answer (ncdialer, pid ${s.info.pid})`,
      );
      expect(f.severity).toBe('warning');
    } finally {
      await s.stop();
    }
  });

  it('a SYN flood on a small backlog: SYN_RECV piles up and SYN cookies rise over the sample (critical)', async () => {
    const s = await startScenario(lab(), 'r3', [
      'syn-flood',
      '--backlog',
      '64',
      '--count',
      '200',
      '--continuous',
      '--name',
      'ncflood',
    ]);
    try {
      const r = await inspectIn(lab(), 'r3', { deltaMs: 1500 });
      expect(r.deltas!.counters.SyncookiesSent!.delta).toBeGreaterThan(0);
      const f = r.findings.find((x) => x.id === 'syn-recv-pressure')!;
      expect(f.severity).toBe('critical');
      expect(f.subject.localPort).toBe(s.info.ports!.listen);
      expect(f.title).toContain('SyncookiesSent');
      expect(r.listeners!.find((l) => l.port === s.info.ports!.listen)).toMatchObject({ queueLimit: 64 });
      expect(r.states.SYN_RECV).toBeGreaterThanOrEqual(64);
    } finally {
      await s.stop();
    }
  });

  it('a listener that never accepts: its accept queue is full', async () => {
    const s = await startScenario(lab(), 'r3', ['accept-full', '--backlog', '8', '--count', '20', '--name', 'ncslow']);
    try {
      const r = await inspectIn(lab(), 'r3', { deltaMs: 1500 });
      const f = r.findings.find((x) => x.id === 'accept-queue-full' && x.subject.localPort === s.info.ports!.listen)!;
      expect(f).toBeDefined();
      expect(f.title).toBe(
        `accept queue of 127.0.0.1:${s.info.ports!.listen} is full (9/8) — ncslow (pid ${s.info.pid})`,
      );
      expect(r.counters!.ListenOverflows).toBeGreaterThan(0);
    } finally {
      await s.stop();
    }
  });

  it('LAST_ACK piling up when the peers never acknowledge our FIN', async () => {
    const s = await startScenario(lab(), 'r2', ['last-ack', '--count', '25', '--name', 'nclastack']);
    try {
      const r = await inspectIn(lab(), 'r2');
      expect(r.states.LAST_ACK).toBeGreaterThanOrEqual(25);
      const f = r.findings.find((x) => x.id === 'half-closed-pileup' && x.title.includes('LAST_ACK'))!;
      expect(f.title).toBe(
        `25 LAST_ACK sockets on local port ${s.info.ports!.lastAck}: peers that vanish while closing`,
      );
    } finally {
      await s.stop();
    }
  });

  it('TIME_WAIT taking most of a narrowed ephemeral range toward one destination', async () => {
    const s = await startScenario(lab(), 'r1', [
      'time-wait',
      '--count',
      '150',
      '--range',
      '40000',
      '40199',
      '--name',
      'ncchurn',
    ]);
    try {
      expect(s.info.timeWait).toBe(150);
      const r = await inspectIn(lab(), 'r1');
      expect(r.ephemeralRange).toEqual([40000, 40199]);
      const f = r.findings.find((x) => x.id === 'ephemeral-port-exhaustion')!;
      expect(f.severity).toBe('critical');
      expect(f.title).toBe(`150 TIME_WAIT toward 127.0.0.1:${s.info.ports!.listen}: 75% of the 200 ephemeral ports`);
      expect(r.audit!.find((a) => a.sysctl === 'net.ipv4.ip_local_port_range')).toMatchObject({
        state: 'problem',
        severity: 'warning',
      });
    } finally {
      await s.stop();
    }
  });

  it('idle connections without keepalive fire; the keepalive ones do not', async () => {
    const idle = await startScenario(lab(), 'server', ['idle', '--count', '3', '--name', 'ncidle']);
    const kept = await startScenario(lab(), 'server', ['idle', '--count', '3', '--keepalive', '--name', 'nckept']);
    try {
      await new Promise((r) => setTimeout(r, 2500));
      const r = await inspectIn(lab(), 'server', { rules: { 'idle-without-keepalive': { idleMinMs: 2000 } } });
      const f = r.findings.find((x) => x.id === 'idle-without-keepalive')!;
      expect(f.severity).toBe('info');
      expect(f.title).toBe('6 ESTABLISHED connections idle for 2 s or more without keepalive');
      expect(f.subject.processes!.map((p) => p.name)).toEqual(['ncidle']);
      expect(f.explanation).toContain('2 h 11 min');
    } finally {
      await idle.stop();
      await kept.stop();
    }
  });

  it('watching a leak: CLOSE_WAIT grows in every interval', async () => {
    const s = await startScenario(lab(), 'client', [
      'close-wait-grow',
      '--count',
      '3',
      '--every',
      '0.3',
      '--name',
      'ncgrow',
    ]);
    try {
      const code = `import { watchSockets, deriveTrends } from '@netcheck/sockets';
const samples = [];
for await (const s of watchSockets({ intervalMs: 700, samples: 5 })) samples.push(s);
process.stdout.write(JSON.stringify({ samples, trends: deriveTrends(samples) }));`;
      const out = await lab().nodeScript('client', code);
      const { samples, trends } = JSON.parse(out.stdout);
      expect(samples).toHaveLength(5);
      expect(samples.slice(1).every((x: { stateDeltas: { CLOSE_WAIT: number } }) => x.stateDeltas.CLOSE_WAIT > 0)).toBe(
        true,
      );
      expect(trends.states.CLOSE_WAIT.verdict).toBe('growing');
      expect(trends.states.LISTEN.verdict).toBe('steady');
    } finally {
      await s.stop();
    }
  });
});
