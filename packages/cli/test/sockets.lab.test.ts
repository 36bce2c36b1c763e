import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { sameMoment, startScenario } from '../../sockets/test/lab-helpers.js';

// The built CLI run inside lab namespaces (lab.cli), against sockets held by
// packages/sockets/test/socket-scenarios.py.
describeLab('netcheck sockets in the lab', { scenario: 'standard' }, (lab) => {
  it('--counts --json equals ss at the same moment, in every holdable state; exit 0', async () => {
    const s = await startScenario(lab(), 'r1', ['all-states', '--name', 'ncstates']);
    try {
      let code: number | undefined;
      const { ours, ss } = await sameMoment(lab(), 'r1', async () => {
        const r = await lab().cli('r1', ['sockets', '--counts', '--json']);
        code = r.exitCode;
        return JSON.parse(r.stdout).states;
      });
      expect(code).toBe(0);
      expect(ours).toEqual(ss);
      expect(ours.SYN_RECV).toBe(2);
      expect(ours.LAST_ACK).toBe(1);
      expect(ours.CLOSING).toBe(1);
    } finally {
      await s.stop();
    }
  });

  it('the summary names the leaking server, explains, and exits 1', async () => {
    const server = await startScenario(lab(), 'server', [
      'close-wait-server',
      '--port',
      '9100',
      '--name',
      'leakyserver',
    ]);
    const client = await startScenario(lab(), 'client', [
      'half-close-client',
      '--host',
      LAB_ADDR.server,
      '--port',
      '9100',
      '--count',
      '12',
      '--name',
      'halfcloser',
    ]);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const r = await lab().cli('server', ['sockets']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain(
        `WARNING  12 CLOSE_WAIT sockets on local port 9100 held by leakyserver (pid ${server.info.pid})`,
      );
      expect(r.stdout).toContain("ss -tanp state close-wait '( sport = :9100 )'");
      expect(r.stdout).toContain('lsof -nP -iTCP:9100');
      expect(r.stdout).toMatch(/9100 \(listening\)\s+13\s+LISTEN 1, CLOSE_WAIT 12\s+leakyserver/);
      const only = await lab().cli('server', ['ss', '--process', 'leakyserver', '--json']);
      expect(JSON.parse(only.stdout).states).toMatchObject({ LISTEN: 1, CLOSE_WAIT: 12, ESTABLISHED: 0 });
    } finally {
      await client.stop();
      await server.stop();
    }
  });

  it('--watch shows CLOSE_WAIT growing every second and says a leak looks like this', async () => {
    const s = await startScenario(lab(), 'r2', [
      'close-wait-grow',
      '--count',
      '4',
      '--every',
      '0.25',
      '--name',
      'ncgrow',
    ]);
    try {
      const r = await lab().cli('r2', ['sockets', '--watch', '0.6', '--samples', '4']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/CLOSE_WAIT: grew steadily — a leak looks like this \(\d+ → \d+/);
      const rows = r.stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d /.test(l));
      expect(rows).toHaveLength(4);
    } finally {
      await s.stop();
    }
  });
});
