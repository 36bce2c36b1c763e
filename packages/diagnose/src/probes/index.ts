import type { CommandRunner } from '@netcheck/core';
import type { LookupReport } from '@netcheck/dns';
import { lookup } from '@netcheck/dns';
import type { PathpingReport } from '@netcheck/pathping';
import { pathping } from '@netcheck/pathping';
import type { PingReport } from '@netcheck/ping';
import { ping } from '@netcheck/ping';
import { inspectPeer } from '@netcheck/sockets';
import type { TraceReport } from '@netcheck/traceroute';
import { traceroute } from '@netcheck/traceroute';
import type { ConnectResult, LocalSocketsResult } from '../types.js';
import { probeTcpConnect } from './connect.js';

/** Everything diagnose asks of the network, injected so tests can replace any of it. */
export interface Probes {
  resolve(name: string, signal: AbortSignal): Promise<LookupReport>;
  ping(address: string, fast: boolean, signal: AbortSignal): Promise<PingReport>;
  connect(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<ConnectResult>;
  /** With `tcpPort`, TCP SYN probes to that port (who drops or rejects it); otherwise UDP. */
  trace(address: string, signal: AbortSignal, tcpPort?: number): Promise<TraceReport>;
  pathping(address: string, signal: AbortSignal): Promise<PathpingReport>;
  local(address: string, port: number | undefined, signal: AbortSignal): Promise<LocalSocketsResult>;
}

/** The real probes, on the sibling packages. */
export function makeProbes(runner?: CommandRunner): Probes {
  return {
    resolve: (name, signal) => lookup(name, { allResolvers: true, timeoutMs: 1000, tries: 1, signal }),
    ping: (address, fast, signal) => ping(address, { runner, signal, count: 4, intervalMs: fast ? 200 : 1000, timeoutMs: 1000 }).result,
    connect: probeTcpConnect,
    trace: (address, signal, tcpPort) => traceroute(address, { runner, signal, waitMs: 1000, probesPerHop: 3, ...(tcpPort !== undefined ? { method: 'tcp' as const, port: tcpPort } : {}) }).result,
    // At least 10 rounds (100 probes a hop); more, up to 7 s of the path step's 10, while loss is seen but not yet placed on a link.
    pathping: (address, signal) => pathping(address, { runner, signal, minRounds: 10, maxRounds: 30, maxDurationMs: 7000 }).result,
    async local(address, port, signal) {
      // Only what the finding needs, within the step's 1 s: no listener limits, idle scan or process walk.
      const r = await inspectPeer(address, port, { runner, signal, listenerLimits: 'never', idleScanMax: 0, processes: 'none' });
      if (!r.ok) throw new Error(r.failure?.detail ?? 'no socket table could be read');
      const range = r.ephemeralRange;
      return {
        toTarget: { timeWait: r.states.TIME_WAIT, synSent: r.states.SYN_SENT, established: r.states.ESTABLISHED },
        ephemeralPorts: range ? range[1] - range[0] + 1 : undefined,
        findings: r.findings.map((f) => ({ rule: f.rule, severity: f.severity, title: f.title, detail: f.explanation })),
      };
    },
  };
}
