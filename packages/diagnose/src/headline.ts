import type { Target } from '@netcheck/core';
import { ExitCode } from '@netcheck/core';
import { ran } from './rules/util.js';
import type { Category, DiagnosisReport, Fact, Finding, FindingId, Step, StepId, StepResults } from './types.js';

const STEP_IDS: readonly StepId[] = ['resolve', 'connect', 'ping', 'tcp-loss', 'mtu', 'http', 'local', 'path'];

/**
 * The headline: one category and one sentence that agree with every fact (first rule that holds):
 * 1 - the name does not exist or does not resolve → nxdomain / dns-failure;
 * 2 - local ephemeral ports are exhausted → local-ports;
 * 3 - the connect was refused → refused (the host is up: nothing listens);
 * 4 - the connect found "unreachable/prohibited" while the host answers ping → prohibited, naming who;
 * 5 - unreachable at a router (ping or trace) → unreachable, naming the router;
 * 6 - the connect timed out while the host answers ping → filtered;
 * 7 - big packets vanish without "fragmentation needed" → pmtu-blackhole; a download stalls → stalled;
 * 8 - the path goes dark after a hop → blackhole, naming the last hop that answered;
 * 9 - forwarding loss on a link → lossy-path, naming the link;
 * 10 - the connect timed out (ping silent too) → filtered; no reply to ping and nothing else → no-reply;
 * 11 - any other warning or critical finding → degraded;
 * 12 - a fact that could not be settled (a tool that could not run, a step past its budget, echo filtered
 *      with no port to measure loss with) → inconclusive, saying what is missing;
 * 13 - otherwise healthy, with what was checked: only when every planned step that had to run did, and saw
 *      nothing wrong.
 */
export function deriveHeadline(
  target: Target,
  plan: readonly Step[],
  r: StepResults,
  facts: readonly Fact[],
  findings: readonly Finding[],
): Pick<DiagnosisReport, 'category' | 'headline'> {
  const has = (id: FindingId) => findings.find((f) => f.id === id);
  const host = target.host;
  const ping = ran(r, 'ping');
  const pingOk = ping?.verdict.kind === 'healthy' || ping?.verdict.kind === 'loss';
  const parts: string[] = [];
  if (target.kind === 'hostname' && r.address) parts.push('resolves');
  if (pingOk) parts.push('answers ping');
  else if (ran(r, 'connect')?.ok) parts.push('accepts TCP');
  const prefix = parts.length ? `${host} ${parts.join(' and ')}, but ` : `${host}: `;
  const say = (category: Category, headline: string) => ({ category, headline });
  let f: Finding | undefined;
  if ((f = has('dns-nxdomain'))) return say('nxdomain', f.title);
  if ((f = has('dns-failure'))) return say('dns-failure', f.title);
  if ((f = findings.find((x) => x.category === 'local' && x.severity === 'critical')))
    return say('local-ports', `${host} cannot be reached from here: ${f.title}`);
  if ((f = has('connect-refused'))) return say('refused', `${prefix}${f.title}`);
  if (has('connect-unreachable') && pingOk) {
    // The host answers ping, so the "unreachable" is about the port: a firewall rule. The TCP trace says whose.
    const who = has('trace-unreachable');
    const c = ran(r, 'connect');
    const whoText = who ? who.title : `${c?.address} answers "unreachable / administratively prohibited"`;
    return say('prohibited', `${prefix}port ${target.port} is refused by a firewall: ${whoText}`);
  }
  if ((f = has('trace-unreachable') ?? has('ping-unreachable')))
    return say('unreachable', `${host} is unreachable: ${f.title}`);
  if (has('connect-timeout') && pingOk)
    return say(
      'filtered',
      `${prefix}port ${target.port} does not answer: it is filtered (a firewall drops the connection)`,
    );
  if ((f = has('mtu-blackhole'))) return say('pmtu-blackhole', `${host} answers small packets, but ${f.title}`);
  if ((f = has('http-stalled'))) return say('stalled', `${prefix}${f.title}`);
  if ((f = has('trace-blackhole'))) return say('blackhole', `${host} does not answer: ${f.title}`);
  if ((f = has('mtr-link-loss')))
    return say('lossy-path', `${host} is reachable but packets are lost on the way: ${f.title}`);
  if ((f = has('connect-timeout'))) return say('filtered', `${host}: ${f.title}`);
  if ((f = has('ping-no-reply')) && !traceReached(r))
    return say('no-reply', `${host} does not answer ping: ${f.title}`);
  if ((f = findings.find((x) => x.severity === 'critical' || x.severity === 'warning')))
    return say('degraded', `${host} works, with a problem: ${f.title}`);
  const unsettled = facts.filter((x) => x.state === 'inconclusive' || x.state === 'problem');
  const missing = unsettled.map((x) => `${stepTitle(plan, x)}: ${x.text}`).join('; ');
  if (unsettled.length) return say('inconclusive', `${host}: not everything could be checked: ${missing}`);
  return say('healthy', healthyHeadline(target, plan, r, facts));
}

const stepTitle = (plan: readonly Step[], x: Fact) => plan.find((s) => s.id === x.step)?.title ?? x.step;

const traceReached = (r: StepResults) => ran(r, 'path')?.trace.stop.kind === 'reached';

/** What was checked, in one sentence, and what was not (a step that had to run but could not measure). */
function healthyHeadline(target: Target, plan: readonly Step[], r: StepResults, facts: readonly Fact[]): string {
  const bits: string[] = [];
  const ping = ran(r, 'ping');
  const c = ran(r, 'connect');
  const n = ran(r, 'resolve');
  if (target.kind === 'hostname' && r.address && n) {
    const others = [...n.addresses.v6, ...n.addresses.v4].filter((a) => a !== r.address?.address).slice(0, 2);
    bits.push(
      `resolves to ${r.address.address} (IPv${r.address.family}${others.length ? `; also ${others.join(', ')}` : ''})`,
    );
  }
  if (ping?.verdict.kind === 'healthy' || ping?.verdict.kind === 'loss') {
    const away = ping.hops ? `${ping.hops.hops} routers away, ` : '';
    bits.push(`answers ping (${away}${ping.summary.avgMs?.toFixed(0) ?? '?'} ms)`);
  }
  if (c?.ok) bits.push(`port ${c.port} accepts connections (${c.ms.toFixed(0)} ms)`);
  const loss =
    facts.find((x) => x.step === 'tcp-loss' && x.state === 'fine') ??
    facts.find((x) => x.step === 'ping' && x.state === 'fine');
  if (loss) bits.push(loss.text.replace(/^handshakes: /, 'TCP handshakes: ').replace(/, rtt .*$/, ''));
  const mtu = ran(r, 'mtu')?.pathMtu;
  if (mtu?.kind === 'full') bits.push(`${mtu.mtuBytes}-byte packets pass`);
  if (mtu?.kind === 'reported') bits.push(`path MTU ${mtu.mtuBytes}`);
  const http = ran(r, 'http');
  if (http) bits.push(http.verdict.text);
  const notChecked = facts.filter(
    (x) => x.state === 'not-checked' && plan.find((s) => s.id === x.step)?.when === 'always',
  );
  const tail = notChecked.length
    ? ` (not checked: ${notChecked.map((x) => `${stepTitle(plan, x)}: ${x.text}`).join('; ')})`
    : '';
  return `${target.host} ${bits.length ? bits.join(', ') : 'looks healthy'}${tail}`;
}

/**
 * The exit code of a diagnosis (README's table): 3 whenever a tool a step needed could not run; 130 when
 * interrupted; 0 healthy; 4 inconclusive (nothing wrong seen, but not everything could be settled); 1 for any
 * problem.
 */
export function exitCodeForDiagnosis(report: Pick<DiagnosisReport, 'category' | 'results'>): ExitCode {
  const outcomes = STEP_IDS.flatMap((id) => report.results[id] ?? []);
  if (outcomes.some((o) => o.status === 'failed')) return ExitCode.ToolFailed;
  if (outcomes.some((o) => o.status === 'interrupted')) return ExitCode.Interrupted;
  if (report.category === 'healthy') return ExitCode.Healthy;
  if (report.category === 'inconclusive') return ExitCode.Inconclusive;
  return ExitCode.Problem;
}
