import type { CommandRunner } from '@netcheck/core';
import type { NameResolution } from '@netcheck/dns';
import { resolveName } from '@netcheck/dns';
import type { PathpingReport } from '@netcheck/pathping';
import { pathping } from '@netcheck/pathping';
import type { MtuDropLocation, PathMtuReport, PingReport } from '@netcheck/ping';
import { locateMtuDrop, ping, probePathMtu } from '@netcheck/ping';
import { inspectPeer } from '@netcheck/sockets';
import type { TraceReport } from '@netcheck/traceroute';
import { traceroute } from '@netcheck/traceroute';
import type { ConnectResult, HttpResult, LocalSocketsResult, StepParams, TcpLossSample } from '../types.js';
import { sampleTcpConnect, sampleTcpLoss } from './connect.js';
import { deriveTransfer } from './derive-transfer.js';
import { probeHttp } from './http.js';

/** Everything diagnose asks of the network, injected so tests can replace any of it. Each takes its step's params. */
export interface Probes {
  resolve(p: StepParams['resolve'], signal: AbortSignal): Promise<NameResolution>;
  connect(address: string, p: StepParams['connect'], signal: AbortSignal): Promise<ConnectResult>;
  ping(address: string, family: 4 | 6, p: StepParams['ping'], signal: AbortSignal): Promise<PingReport>;
  tcpLoss(address: string, p: StepParams['tcp-loss'], signal: AbortSignal): Promise<TcpLossSample>;
  mtu(address: string, family: 4 | 6, p: StepParams['mtu'], signal: AbortSignal): Promise<PathMtuReport>;
  http(address: string, p: StepParams['http'], signal: AbortSignal): Promise<HttpResult>;
  local(address: string, p: StepParams['local'], signal: AbortSignal): Promise<LocalSocketsResult>;
  /** With `tcpPort`, TCP SYN probes to that port (who drops or rejects it); otherwise UDP. */
  trace(
    address: string,
    family: 4 | 6,
    waitMs: number,
    tcpPort: number | undefined,
    signal: AbortSignal,
  ): Promise<TraceReport>;
  /**
   * `echoFiltered`: the target drops ICMP echo, so the rounds probe with TCP SYNs to `tcpPort` (a port it accepted:
   * its SYN-ACKs are not rate-limited), else with UDP.
   */
  pathping(
    address: string,
    family: 4 | 6,
    p: StepParams['path'] & { echoFiltered: boolean; tcpPort: number | undefined },
    signal: AbortSignal,
  ): Promise<PathpingReport>;
  /** After which of `hops` packets of `packetBytes` stop. */
  locateMtu(
    hops: string[],
    packetBytes: number,
    family: 4 | 6,
    signal: AbortSignal,
  ): Promise<MtuDropLocation | undefined>;
}

/** The real probes, on the sibling packages. */
export function makeProbes(runner?: CommandRunner): Probes {
  return {
    resolve: (p, signal) =>
      resolveName(p.name, { queryTimeoutMs: p.queryTimeoutMs, systemWaitMs: p.systemWaitMs, signal }),
    connect: (address, p, signal) => sampleTcpConnect(address, p.port, p.samples, p.timeoutMs, signal),
    ping: (address, family, p, signal) =>
      ping(address, { runner, signal, family, count: p.count, intervalMs: p.intervalMs, timeoutMs: p.timeoutMs })
        .result,
    tcpLoss: (address, p, signal) => sampleTcpLoss(address, p.port, { ...p, signal }),
    mtu: (address, family, p, signal) =>
      probePathMtu(address, {
        runner,
        signal,
        family,
        packetSizesBytes: p.packetSizesBytes,
        probesPerSize: p.probesPerSize,
        timeoutMs: p.timeoutMs,
      }),
    async http(address, p, signal) {
      const transfer = await probeHttp(new URL(p.url), address, {
        timeoutMs: p.timeoutMs,
        stallMs: p.stallMs,
        maxBytes: p.maxBytes,
        signal,
      });
      return { transfer, verdict: deriveTransfer(transfer) };
    },
    async local(address, p, signal) {
      // Only what the finding needs, within the step's 1 s: no listener limits, idle scan or process walk.
      const r = await inspectPeer(address, p.port, {
        runner,
        signal,
        listenerLimits: 'never',
        idleScanMax: 0,
        processes: 'none',
      });
      if (!r.ok) throw new Error(r.failure?.detail ?? 'no socket table could be read');
      const range = r.ephemeralRange;
      return {
        table: r.source?.what ?? 'the socket table',
        toTarget: { timeWait: r.states.TIME_WAIT, synSent: r.states.SYN_SENT, established: r.states.ESTABLISHED },
        ephemeralPorts: range ? range[1] - range[0] + 1 : undefined,
        findings: r.findings.map((f) => ({
          rule: f.id,
          severity: f.severity,
          title: f.title,
          detail: f.explanation,
          evidence: f.evidence,
          nextSteps: f.nextSteps,
        })),
      };
    },
    trace: (address, family, waitMs, tcpPort, signal) =>
      traceroute(address, {
        runner,
        signal,
        family,
        waitMs,
        probesPerHop: 3,
        ...(tcpPort !== undefined ? { method: 'tcp' as const, port: tcpPort } : {}),
      }).result,
    // At least 10 rounds (100 probes a hop); more, up to the budget, while loss is seen but not yet placed.
    pathping: (address, _family, p, signal) =>
      pathping(address, {
        runner,
        signal,
        minRounds: p.mtrMinRounds,
        maxRounds: p.mtrMaxRounds,
        maxDurationMs: p.mtrMaxDurationMs,
        ...(p.echoFiltered && p.tcpPort !== undefined ? { method: 'tcp' as const, port: p.tcpPort } : {}),
        ...(p.echoFiltered && p.tcpPort === undefined ? { method: 'udp' as const } : {}),
      }).result,
    locateMtu: (hops, packetBytes, family, signal) => locateMtuDrop(hops, packetBytes, { runner, signal, family }),
  };
}
