import { estimateSystemWait } from '../estimate-system-wait.js';
import type { NameFacts, NameFinding } from '../name-facts.js';
import { describeIf, FAMILIES, seconds, SLOW_SYSTEM_LOOKUP_MS, systemWait, viewOf } from '../name-facts.js';

/**
 * Rule: getaddrinfo is slow (no result within the wait, or over SLOW_SYSTEM_LOOKUP_MS):
 * 1 - with silent resolvers ahead of one that answers, the wait is theirs: glibc's per-name wait is
 *     estimated from resolv.conf (estimateSystemWait) and named with the servers and the fix;
 * 2 - with every resolver answering quickly, the wait comes from elsewhere: a query or answer lost on the way
 *     (glibc waits its timeout before asking again: the lossy lab showed it), another nsswitch source, or a
 *     resolver that is slow only for the system: said as such, with the lost query first;
 * 3 - with no resolver answering at all nothing is added (the timeout findings say it, critical).
 */
export function slowSystemFindings(f: NameFacts): NameFinding[] {
  const wait = systemWait(f.system);
  const slow = f.system.state === 'slow' || (wait.ms !== undefined && wait.ms > SLOW_SYSTEM_LOOKUP_MS);
  if (!slow) return [];
  const answering = new Set(f.resolvers.filter((r) => r.a?.result.ok || r.aaaa?.result.ok).map((r) => r.server));
  if (answering.size === 0) return [];
  const evidence = [
    `${wait.text} for ${f.name}`,
    ...f.resolvers.flatMap((r) => FAMILIES.flatMap((t) => describeIf(viewOf(r, t), t, f.queryTimeoutMs))),
  ];
  const conf = f.resolvConf;
  const est = conf ? estimateSystemWait(conf, answering) : undefined;
  const retry = conf ? `its timeout, ${seconds(conf.timeoutMs)},` : 'its timeout';
  if (!conf || !est || est.silentBefore.length === 0)
    return [
      {
        id: 'slow-system-lookup',
        severity: 'warning',
        servers: ['getaddrinfo'],
        source: 'getaddrinfo, timed, and resolv.conf',
        title:
          `getaddrinfo takes over ${seconds(wait.ms ?? SLOW_SYSTEM_LOOKUP_MS)} for ${f.name} although the resolvers ` +
          `answer at once: a query or its answer lost on the way (glibc waits ${retry} before it asks again), ` +
          'another source in /etc/nsswitch.conf (mdns, ldap, a cache), or a resolver slow only for the system',
        evidence,
        nextSteps: [
          `time getent ahosts ${f.name}`,
          ...[...answering].slice(0, 1).map((s) => `netcheck mtr ${s}`),
          'grep ^hosts /etc/nsswitch.conf',
        ],
      },
    ];
  const silent = est.silentBefore.map((s) => s.server);
  const defaults = conf.timeoutMs === 5000 && conf.attempts === 2 ? ' (glibc defaults)' : '';
  const nscount = conf.nameservers.slice(0, 3).length;
  const one = silent.length === 1;
  const lookups =
    est.shareOfLookups < 1
      ? `${silent.length} lookup${one ? '' : 's'} in ${nscount} (options rotate) wait${one ? 's' : ''} up to`
      : 'every lookup waits';
  const verb = silent.length === 1 ? 'does' : 'do';
  const fix = silent.length === 1 ? 'fix or remove it' : 'fix or remove them';
  return [
    {
      id: 'slow-system-lookup',
      severity: 'warning',
      servers: silent,
      source: 'getaddrinfo, timed, and resolv.conf',
      title:
        `${lookups} ${seconds(est.perNameMs)}: ${silent.join(', ')} ${verb} not answer; ` +
        `${fix}, or set \`options timeout:1\``,
      evidence: [
        ...evidence,
        `resolv.conf: timeout ${conf.timeoutMs / 1000} s, attempts ${conf.attempts}${defaults}` +
          `${conf.rotate ? ', rotate' : ''}; ` +
          est.silentBefore
            .map((s) => `${s.server} (nameserver ${conf.nameservers.indexOf(s.server) + 1}) waits ${seconds(s.waitMs)}`)
            .join(', ') +
          ` before ${est.firstAnswering} is asked`,
        `per name tried: a name found at the k-th search candidate waits k × ${seconds(est.perNameMs)}; ` +
          `one that does not exist waits ${f.candidates.length} × ${seconds(est.perNameMs)}`,
      ],
      nextSteps: [
        `remove ${silent.join(', ')} from /etc/resolv.conf, or fix ${silent.length === 1 ? 'it' : 'them'}`,
        'add `options timeout:1` to /etc/resolv.conf',
        `netcheck trace ${silent[0]}`,
      ],
    },
  ];
}
