import { wilsonIntervalPct } from '@netcheck/core';
import { renderHopVerdict } from '@netcheck/pathping';
import { renderLossBound } from '@netcheck/ping';
import { handshakeCompleted, ran, roundsRefuteLoss } from './rules/util.js';
import type { Fact, FactState, Step, StepId, StepOutcome, StepResults, StepValues } from './types.js';

const round = (x: number) => (x < 10 && x % 1 !== 0 ? x.toFixed(1) : Math.round(x).toString());

/**
 * Loss in words, with what the count bounds (pure):
 * "0 of 60 lost: loss below 5% (95%)"; "3 of 60 lost: 5% (95% CI 1.7–14%)".
 */
export function renderLoss(lost: number, sent: number): string {
  // An upper bound is rounded up: "below 4.9%" reads as precision the count does not have.
  if (lost === 0) return renderLossBound(sent);
  const ci = wilsonIntervalPct(lost, sent)!;
  return `${lost} of ${sent} lost: ${round((lost / sent) * 100)}% (95% CI ${round(ci.lowPct)}–${round(ci.highPct)}%)`;
}

type Judge<K extends StepId> = (v: StepValues[K], r: StepResults) => [FactState, string];

/** What each step saw, when it finished (or was stopped with something in hand). */
const JUDGE: { [K in StepId]: Judge<K> } = {
  resolve(n) {
    const worst = n.findings.find((f) => f.severity === 'critical') ?? n.findings.find((f) => f.severity === 'warning');
    if (n.exists === 'no') return ['problem', n.verdict.text];
    if (!n.tryFirst) return ['problem', n.verdict.text];
    if (worst) return ['problem', worst.title];
    return ['fine', n.verdict.text];
  },
  connect(c) {
    if (!c.ok) return ['problem', `${c.code}: ${c.meaning}`];
    const all = c.samplesMs.map((x) => x.toFixed(1)).join(', ');
    return [
      'fine',
      `connected in ${c.ms.toFixed(1)} ms (${c.samplesMs.length} ` +
        `handshake${c.samplesMs.length === 1 ? '' : 's'}: ${all} ms)`,
    ];
  },
  ping(p, r) {
    const s = p.summary;
    switch (p.verdict.kind) {
      case 'healthy':
        return ['fine', `${renderLoss(0, s.sent)}${s.avgMs !== undefined ? `, rtt ${s.avgMs.toFixed(1)} ms` : ''}`];
      case 'loss':
        if (roundsRefuteLoss(r))
          return ['fine', `${renderLoss(s.sent - s.received, s.sent)}; the mtr rounds lost nothing`];
        return ['problem', `${renderLoss(s.sent - s.received, s.sent)}`];
      case 'no-reply':
        // A completed handshake proves the host is there: ICMP echo is filtered, and handshakes measure the loss.
        if (handshakeCompleted(r))
          return ['fine', `no echo reply to ${s.sent} probes: ping is filtered (the TCP handshake completed)`];
        if (ran(r, 'path')?.trace.stop.kind === 'reached')
          return [
            'inconclusive',
            `no echo reply, but the host answers traceroute: ping is filtered, so loss was not measured (give a port ` +
              `to measure it with TCP)`,
          ];
        return ['problem', p.verdict.text];
      case 'failed':
        return ['inconclusive', p.verdict.text];
      default:
        return ['problem', p.verdict.text];
    }
  },
  'tcp-loss'(t, r) {
    if (t.sent === 0) return ['inconclusive', 'no handshake could be measured'];
    const refuted = t.lost > 0 && roundsRefuteLoss(r) === true;
    return [
      t.lost === 0 || refuted ? 'fine' : 'problem',
      `handshakes: ${renderLoss(t.lost, t.sent)}${refuted ? '; the mtr rounds lost nothing' : ''}`,
    ];
  },
  mtu(m, r) {
    const v = m.pathMtu;
    switch (v.kind) {
      case 'full':
        return ['fine', `packets of ${v.mtuBytes} bytes pass (DF)`];
      case 'reported':
        return [
          'fine',
          `path MTU ${v.mtuBytes} bytes, said by ${v.by.kind === 'router' ? v.by.address : 'this machine'}: PMTU ` +
            `discovery works`,
        ];
      case 'blackhole':
        return [
          'problem',
          `packets over ${v.largestOkBytes} bytes vanish (${v.smallestLostBytes}-byte DF probes all lost, no ` +
            `"fragmentation needed")`,
        ];
      case 'no-reply':
        return [
          handshakeCompleted(r) ? 'not-checked' : 'inconclusive',
          'no DF probe was answered (ping filtered?): nothing known about the MTU',
        ];
      case 'inconclusive':
        return ['inconclusive', v.why];
    }
  },
  http({ transfer: _t, verdict: v }) {
    switch (v.kind) {
      case 'complete':
      case 'truncated-at-limit':
        return ['fine', v.text];
      default:
        return ['problem', v.text];
    }
  },
  local(l) {
    const bad = l.findings.find((f) => f.severity === 'critical' || f.severity === 'warning');
    const counts = `${l.toTarget.timeWait} TIME_WAIT, ${l.toTarget.synSent} SYN_SENT, ${l.toTarget.established} ESTABLISHED toward it`;
    return bad ? ['problem', bad.title] : ['fine', counts];
  },
  path(p) {
    const t = p.trace;
    const trouble = p.pathping?.attribution.trouble;
    if (t.stop.kind === 'unreachable')
      return ['problem', `hop ${t.stop.hop} (${t.stop.by ?? '?'}) says ${t.stop.annotation.meaning}`];
    if (t.stop.kind === 'gave-up' || t.stop.kind === 'max-ttl')
      return [
        'problem',
        `packets vanish after hop ${t.stop.kind === 'gave-up' ? (t.stop.lastResponder?.hop ?? 0) : '?'}`,
      ];
    if (trouble) return ['problem', renderHopVerdict(trouble)];
    if (p.pathping?.attribution.unplacedLoss) return ['problem', p.pathping.attribution.summary];
    if (p.mtuDrop)
      return [
        'problem',
        `big packets stop after hop ${p.mtuDrop.afterHop}${p.mtuDrop.address ? ` (${p.mtuDrop.address})` : ''}`,
      ];
    if (t.stop.kind === 'reached')
      return ['fine', p.pathping ? p.pathping.attribution.summary : `reached ${t.stop.address} at hop ${t.stop.hop}`];
    return ['inconclusive', `the trace ended: ${t.stop.kind}`];
  },
};

/** One step's fact from its outcome (pure). A step not planned has none. */
export function deriveFact(id: StepId, r: StepResults): Fact {
  const o = r[id] as StepOutcome<StepValues[StepId]> | undefined;
  if (!o) return { step: id, state: 'not-checked', text: 'not planned' };
  switch (o.status) {
    case 'not-run':
      return { step: id, state: 'not-checked', text: `not run: ${o.why}` };
    case 'interrupted':
      return { step: id, state: 'inconclusive', text: 'interrupted' };
    case 'failed':
      return {
        step: id,
        state: 'inconclusive',
        text: `could not run: ${o.failure.detail}${o.failure.hint ? ` (${o.failure.hint})` : ''}`,
      };
    case 'over-budget': {
      const over = `ran past its ${o.budgetMs / 1000} s budget`;
      if (o.value === undefined) return { step: id, state: 'inconclusive', text: `${over} with nothing to show` };
      const [state, text] = (JUDGE[id] as Judge<StepId>)(o.value, r);
      return { step: id, state: state === 'fine' ? 'inconclusive' : state, text: `${text} (${over})` };
    }
    case 'done': {
      const [state, text] = (JUDGE[id] as Judge<StepId>)(o.value, r);
      return { step: id, state, text };
    }
  }
}

/** Every planned step's fact, in plan order (pure). */
export function deriveFacts(plan: readonly Step[], r: StepResults): Fact[] {
  return plan.map((s) => deriveFact(s.id, r));
}
