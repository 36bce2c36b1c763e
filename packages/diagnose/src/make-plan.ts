import type { Capabilities, Target } from '@netcheck/core';
import { PATH_MTU_LADDER_BYTES } from '@netcheck/ping';
import type { Step, StepId } from './types.js';

export interface PlanOptions {
  /** Trace and probe the path (and run mtr rounds) even when nothing looks wrong. */
  deep?: boolean;
}

interface PlanContext {
  target: Target;
  caps: Capabilities;
  options: PlanOptions;
  /** What a step that needs the address waits for: the resolution of a name, nothing for an address. */
  afterName: StepId[];
}

type StepBuilder = (c: PlanContext, earlier: readonly Step[]) => Step | undefined;

const resolve: StepBuilder = ({ target }) =>
  target.kind !== 'hostname'
    ? undefined
    : {
        id: 'resolve',
        title: `resolve ${target.host}`,
        why: 'every other step needs its address; DNS trouble is the commonest cause',
        budgetMs: 3000,
        dependsOn: [],
        when: 'always',
        exclusive: false,
        params: { name: target.host, queryTimeoutMs: 1000, systemWaitMs: 2500 },
      };

const connect: StepBuilder = ({ target: { port }, afterName }) =>
  port === undefined
    ? undefined
    : {
        id: 'connect',
        title: `connect to port ${port}`,
        why: 'does the service answer; the OS error says why not; the handshake proves the path works',
        budgetMs: 2000,
        dependsOn: afterName,
        when: 'always',
        exclusive: true,
        params: { port, samples: 3, timeoutMs: 1900 },
      };

const ping: StepBuilder = ({ target, caps, afterName }) => {
  // iputils limits the interval by uid, not by capability: ask what the installed ping allows this user.
  const minIntervalMs = caps.isRoot ? 0 : (caps.pingMinIntervalMs ?? (caps.rawSockets ? 0 : 200));
  const fast = minIntervalMs <= 10;
  return {
    id: 'ping',
    title: `ping ${target.host}`,
    why: 'is the host reachable, how far (TTL), and enough echoes that "no loss" bounds the loss',
    budgetMs: fast ? 3000 : 4000,
    dependsOn: afterName,
    when: 'always',
    exclusive: false,
    params: fast ? { count: 60, intervalMs: 10, timeoutMs: 1000 } : { count: 10, intervalMs: 200, timeoutMs: 1000 },
  };
};

const mtu: StepBuilder = ({ afterName }) => ({
  id: 'mtu',
  title: 'path MTU',
  why: 'packets over the path MTU that vanish without "fragmentation needed" stall downloads while ping works',
  budgetMs: 2500,
  dependsOn: afterName,
  when: 'always',
  exclusive: false,
  params: { packetSizesBytes: [...PATH_MTU_LADDER_BYTES], probesPerSize: 3, timeoutMs: 1000 },
});

const http: StepBuilder = ({ target }) =>
  target.port === undefined || (target.scheme !== 'http' && target.scheme !== 'https')
    ? undefined
    : {
        id: 'http',
        title: `fetch ${target.scheme}://`,
        why: 'a transfer that stalls after the first bytes is what users feel; small probes can miss it',
        budgetMs: 3000,
        dependsOn: ['connect'],
        when: 'if-connected',
        exclusive: false,
        params: { url: target.input, timeoutMs: 2800, stallMs: 1000, maxBytes: 1 << 20 },
      };

const tcpLoss: StepBuilder = ({ target: { port } }) =>
  port === undefined
    ? undefined
    : {
        id: 'tcp-loss',
        title: `TCP handshakes to port ${port}`,
        why: 'ping is filtered, so loss is measured with handshakes (a lost SYN costs a 1 s retransmit)',
        budgetMs: 2000,
        dependsOn: ['ping', 'connect'],
        when: 'if-ping-silent',
        exclusive: true,
        params: { port, probes: 30, timeoutMs: 1800, lostAfterMs: 900 },
      };

const local: StepBuilder = ({ target: { port }, afterName }) => ({
  id: 'local',
  title: 'local sockets toward it',
  why: 'TIME_WAIT or SYN_SENT piling up toward the target, ephemeral ports',
  budgetMs: 1000,
  dependsOn: afterName,
  when: 'always',
  exclusive: false,
  params: { port },
});

const path: StepBuilder = ({ options }, earlier) => ({
  id: 'path',
  title: 'trace and probe the path',
  why: 'where along the way loss, unreachability or the MTU drop begins',
  budgetMs: 8000,
  dependsOn: earlier.filter((s) => s.id !== 'local').map((s) => s.id),
  when: options.deep ? 'always' : 'on-trouble',
  exclusive: false,
  params: {
    waitMs: 1000,
    mtrMinRounds: 10,
    mtrMaxRounds: 30,
    mtrMaxDurationMs: 5000,
    measureLoss: options.deep === true,
  },
});

/** The steps in plan order; each builder says whether its step applies to the target. */
const BUILDERS: readonly StepBuilder[] = [resolve, connect, ping, mtu, http, tcpLoss, local, path];

/**
 * The plan for one target (pure). Steps, budgets and order:
 * 1 - resolve (hostnames): A and AAAA from every configured resolver, getaddrinfo timed on its own, 3 s;
 * 2 - connect (with a port): 3 TCP connects one after another, alone (`exclusive`) so their times are the
 *     network's, 2 s;
 * 3 - at once after that: ping (loss sampling: 60 echoes 10 ms apart when the installed ping allows this user
 *     10 ms (root; ordinary users of iputils since 2021), 10 echoes 0.2 s apart otherwise), mtu (3 DF probes of
 *     each size of the MTU ladder: 1280 to 1500 bytes), local sockets, and for http(s) URLs a bounded GET;
 * 4 - tcp-loss: when ping got no reply but the handshake completed (ICMP filtered), 30 handshakes measure loss;
 * 5 - path: traceroute (TCP to the port when the connect failed), mtr rounds when loss was seen, where the MTU
 *     drops; only when a rule sees trouble, or with --deep, 8 s.
 * Budgets are bounds, not waits: a healthy verdict takes about 1.3 s on a 30 ms path; a problem verdict
 * typically 3–7 s (the path step's trace and mtr rounds are most of it); each step's budget caps the worst case.
 */
export function makePlan(target: Target, caps: Capabilities, options: PlanOptions = {}): Step[] {
  const c: PlanContext = { target, caps, options, afterName: target.kind === 'hostname' ? ['resolve'] : [] };
  const steps: Step[] = [];
  for (const build of BUILDERS) {
    const step = build(c, steps);
    if (step) steps.push(step);
  }
  return steps;
}
