import type { CommandRunner } from '@netcheck/core';
import { diagnose } from '@netcheck/diagnose';
import { lookup } from '@netcheck/dns';
import { pathping } from '@netcheck/pathping';
import { ping } from '@netcheck/ping';
import { probeConnect } from './connect.js';
import { buildDiagnoseSamples } from './metrics-diagnose.js';
import { buildDnsSamples } from './metrics-dns.js';
import { buildIcmpSamples } from './metrics-icmp.js';
import { buildPathSamples } from './metrics-path.js';
import { buildTcpSamples, type ConnectOutcome } from './metrics-tcp.js';
import type { ProbeRequest } from './probe-request.js';
import type { Sample } from './sample.js';

/** What a probe runs with: the command runner, and a signal that fires at its deadline (or when the server stops). */
export interface ProbeContext {
  runner: CommandRunner | undefined;
  signal: AbortSignal;
  deadlineMs: number;
}

/**
 * Run one validated probe and return its samples. Every library call gets the signal, so at the deadline its child
 * processes are killed and what was measured so far is reported.
 */
export async function runProbe(req: ProbeRequest, ctx: ProbeContext): Promise<Sample[]> {
  const { target, module } = req;
  const { runner, signal } = ctx;
  switch (module.prober) {
    case 'icmp': {
      // Fit the echoes into the deadline: ping's own deadline ends it with its summary before our abort would.
      const { count, intervalMs } = module.icmp;
      const deadlineMs = Math.max(1000, Math.floor((ctx.deadlineMs - 300) / 1000) * 1000);
      const report = await ping(target.host, { runner, signal, count, intervalMs, timeoutMs: 1000, deadlineMs }).result;
      return buildIcmpSamples(report);
    }
    case 'tcp': {
      const attempts: ConnectOutcome[] = [];
      for (let i = 0; i < module.tcp.connectTries && !signal.aborted; i++)
        attempts.push(await probeConnect(target.host, target.port!, signal));
      return buildTcpSamples(attempts);
    }
    case 'dns': {
      const servers = module.dns.servers.length ? module.dns.servers : undefined;
      const timeoutMs = Math.max(200, Math.min(2000, ctx.deadlineMs / 2));
      const report = await lookup(target.host, {
        servers,
        allResolvers: true,
        type: module.dns.type,
        signal,
        timeoutMs,
        tries: 1,
        compareSystem: false,
      });
      return buildDnsSamples(report);
    }
    case 'path': {
      // The signal is the deadline: with a count, pathping reads no maxDurationMs, so none is passed.
      const { rounds, probesPerRound } = module.path;
      const report = await pathping(target.host, { runner, signal, count: rounds, probesPerRound }).result;
      return buildPathSamples(report);
    }
    case 'diagnose': {
      const report = await diagnose(target.input, { runner, signal, deep: module.diagnose.deep });
      return buildDiagnoseSamples(report);
    }
  }
}
