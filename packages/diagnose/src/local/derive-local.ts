import type { Severity } from '@netcheck/core';
import { isSkipped } from '@netcheck/core';
import type { LocalReport } from './check-local.js';

/**
 * One conclusion about this machine, with the evidence it rests on and what to do: its state (as the diagnosis'
 * facts: fine, a problem, or not checked when the check could not run) and core's severity.
 */
export interface LocalFinding {
  state: 'fine' | 'problem' | 'not-checked';
  severity: Severity;
  check: 'interfaces' | 'gateway' | 'resolvers' | 'sockets';
  text: string;
  evidence: string[];
  nextSteps: string[];
}

const FINE = { state: 'fine', severity: 'info' } as const;
const NOT_CHECKED = { state: 'not-checked', severity: 'info' } as const;
const WARNING = { state: 'problem', severity: 'warning' } as const;
const CRITICAL = { state: 'problem', severity: 'critical' } as const;

/** Rule 1: interfaces up and running. */
function interfacesFindings(r: LocalReport): LocalFinding[] {
  const out: LocalFinding[] = [];
  if (isSkipped(r.interfaces))
    out.push({ ...NOT_CHECKED, check: 'interfaces', text: r.interfaces.why, evidence: [], nextSteps: [] });
  else {
    const real = r.interfaces.filter((i) => i.name !== 'lo');
    const up = real.filter((i) => i.adminUp && i.running);
    const noCarrier = real.filter((i) => i.adminUp && !i.running);
    const evidence = real.map(
      (i) =>
        `${i.name}: ${i.adminUp ? 'admin up' : 'admin down'}, ${i.running ? 'carrier' : 'no carrier'}, ` +
        `operstate ${i.operstate}`,
    );
    if (up.length === 0)
      out.push({
        ...CRITICAL,
        check: 'interfaces',
        text: 'no network interface is up and running',
        evidence,
        nextSteps: ['ip link', 'ip link set <iface> up'],
      });
    else if (noCarrier.length)
      out.push({
        ...WARNING,
        check: 'interfaces',
        text:
          `${noCarrier.map((i) => i.name).join(', ')} ${noCarrier.length === 1 ? 'is' : 'are'} up but without ` +
          `carrier (cable, Wi-Fi association or peer down)`,
        evidence,
        nextSteps: noCarrier.map((i) => `ip link show ${i.name}`),
      });
    else
      out.push({
        ...FINE,
        check: 'interfaces',
        text: `${up.map((i) => i.name).join(', ')} up and running`,
        evidence,
        nextSteps: [],
      });
  }
  return out;
}

/** Rule 2: the default gateway and its ping. */
function gatewayFindings(r: LocalReport): LocalFinding[] {
  const out: LocalFinding[] = [];
  if (isSkipped(r.gateway))
    out.push({
      ...(r.gateway.why.startsWith('no IPv4 default route') ? CRITICAL : NOT_CHECKED),
      check: 'gateway',
      text: r.gateway.why,
      evidence: [],
      nextSteps: ['ip route'],
    });
  else {
    const { route, ping } = r.gateway;
    const s = ping.summary;
    const evidence = [
      `default route via ${route.gateway} dev ${route.iface} metric ${route.metric}`,
      `${s.sent} pings, ${s.received} answered${s.avgMs !== undefined ? `, avg ${s.avgMs.toFixed(2)} ms` : ''}`,
    ];
    if (ping.failure)
      out.push({
        ...WARNING,
        check: 'gateway',
        text: `could not ping the gateway ${route.gateway}: ${ping.failure.detail}`,
        evidence,
        nextSteps: ping.failure.hint ? [ping.failure.hint] : [],
      });
    else if (s.received === s.sent)
      out.push({
        ...FINE,
        check: 'gateway',
        text: `gateway ${route.gateway} (${route.iface}) answers ping${
          s.avgMs !== undefined ? ` in ${s.avgMs.toFixed(2)} ms` : ''
        }`,
        evidence,
        nextSteps: [],
      });
    else if (s.received === 0)
      out.push({
        ...WARNING,
        check: 'gateway',
        text: `gateway ${route.gateway} does not answer ping (it may filter ICMP, or be down)`,
        evidence,
        nextSteps: [`ip neigh show ${route.gateway}`, `netcheck trace ${route.gateway}`],
      });
    else
      out.push({
        ...WARNING,
        check: 'gateway',
        text: `gateway ${route.gateway} lost ${s.sent - s.received} of ${s.sent} pings on the local link`,
        evidence,
        nextSteps: [`netcheck ping ${route.gateway} -c 50 -i 0.2`],
      });
  }
  return out;
}

/** Rule 3: the configured resolvers. */
function resolverFindings(r: LocalReport): LocalFinding[] {
  const out: LocalFinding[] = [];
  if (isSkipped(r.resolvers))
    out.push({ ...NOT_CHECKED, check: 'resolvers', text: r.resolvers.why, evidence: [], nextSteps: [] });
  else {
    const dead = r.resolvers.filter((x) => !x.answered);
    const refusing = r.resolvers.filter((x) => x.answered && x.outcome === 'REFUSED');
    const evidence = r.resolvers.map(
      (x) =>
        `${x.address}: ${
          x.answered
            ? `answered ${x.outcome} for ${x.zone} SOA in ${x.rttMs!.toFixed(0)} ms`
            : `no answer (${x.outcome})`
        }`,
    );
    if (dead.length === r.resolvers.length)
      out.push({
        ...CRITICAL,
        check: 'resolvers',
        text: `no configured resolver answers (${dead.map((d) => d.address).join(', ')}): names will not resolve`,
        evidence,
        nextSteps: ['cat /etc/resolv.conf', ...dead.map((d) => `netcheck trace ${d.address}`)],
      });
    else if (dead.length)
      out.push({
        ...WARNING,
        check: 'resolvers',
        text:
          `resolver ${dead.map((d) => d.address).join(', ')} does not answer; every lookup that tries it first ` +
          `waits for its timeout`,
        evidence,
        nextSteps: ['remove or fix it in /etc/resolv.conf', ...dead.map((d) => `netcheck trace ${d.address}`)],
      });
    else if (refusing.length)
      out.push({
        ...WARNING,
        check: 'resolvers',
        text:
          `resolver ${refusing.map((d) => d.address).join(', ')} answers but refuses to ` +
          `resolve ${refusing[0]!.zone} for this machine`,
        evidence,
        nextSteps: refusing.map((d) => `dig @${d.address} ${d.zone} SOA`),
      });
    else
      out.push({
        ...FINE,
        check: 'resolvers',
        text: `${r.resolvers.length === 1 ? 'the resolver answers' : `all ${r.resolvers.length} resolvers answer`}`,
        evidence,
        nextSteps: [],
      });
  }
  return out;
}

/** Rule 4: the socket table. */
function socketFindings(r: LocalReport): LocalFinding[] {
  const out: LocalFinding[] = [];
  if (isSkipped(r.sockets))
    out.push({ ...NOT_CHECKED, check: 'sockets', text: r.sockets.why, evidence: [], nextSteps: [] });
  else {
    const bad = r.sockets.findings.filter((f) => f.severity === 'critical' || f.severity === 'warning');
    const states = Object.entries(r.sockets.states)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    if (bad.length === 0)
      out.push({
        ...FINE,
        check: 'sockets',
        text: `${r.sockets.total} TCP sockets, no socket problem`,
        evidence: states ? [states] : [],
        nextSteps: [],
      });
    else
      for (const f of bad)
        out.push({
          ...(f.severity === 'critical' ? CRITICAL : WARNING),
          check: 'sockets',
          text: f.title,
          evidence: states ? [states] : [],
          nextSteps: f.nextSteps.length ? f.nextSteps : ['netcheck sockets'],
        });
  }
  return out;
}

/**
 * Rules, one per check:
 * 1 - interfaces: every non-loopback interface that is administratively up should be running
 *     (carrier); none up at all is critical;
 * 2 - gateway: no default route is critical; a gateway that answers no ping is a warning (many
 *     filter ICMP) unless loss is partial, which is a warning with the figure;
 * 4 - sockets: the sockets package's warning and critical findings, one each (SYN floods, CLOSE_WAIT
 *     leaks, TIME_WAIT exhaustion...), else ok with the counts;
 * 3 - resolvers: none answering is critical; some not answering is a warning naming them
 *     (the system resolver waits out each dead one before the next); one that answers
 *     REFUSED will not serve this machine: a warning.
 */
export function deriveLocalFindings(r: LocalReport): LocalFinding[] {
  return [...interfacesFindings(r), ...gatewayFindings(r), ...resolverFindings(r), ...socketFindings(r)];
}
