import { readFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import { ExitCode, isHostname, NetcheckError } from '@netcheck/core';
import type { LookupOptions, LookupReport, ResolverView } from '@netcheck/dns';
import { lookup, parseRecordType } from '@netcheck/dns';
import { isIP } from 'node:net';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import type { Style } from '../style.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

/** dig-like sections for one resolver's answer. */
export function renderResolverView(v: ResolverView, style: Style): string[] {
  const lines = [`;; SERVER: ${v.server}#${v.result.port}${v.result.ok ? ` (${v.result.transport.toUpperCase()})${v.result.retriedOverTcp ? ', truncated over UDP, asked again over TCP' : ''}, ${Math.round(v.result.rttMs)} ms` : ''}`];
  if (!v.result.ok) {
    lines.push(style.red(`;; ${v.result.reason}: ${v.result.detail} (${v.result.tries} tr${v.result.tries === 1 ? 'y' : 'ies'})`));
  } else {
    const r = v.result.response;
    const flags = ['qr', ...Object.entries(r.flags).filter(([, on]) => on).map(([f]) => f)].join(' ');
    lines.push(`;; ->>HEADER<<- status: ${r.rcode}, id: ${r.id}`, `;; flags: ${flags}; QUERY: 1, ANSWER: ${r.answers.length}, AUTHORITY: ${r.authorities.length}, ADDITIONAL: ${r.additionals.length}`);
    lines.push('', ';; QUESTION SECTION:', `;${r.question.name.padEnd(23)} IN  ${r.question.type}`);
    for (const [title, records] of [['ANSWER', r.answers], ['AUTHORITY', r.authorities], ['ADDITIONAL', r.additionals]] as const) {
      if (!records.length) continue;
      lines.push('', `;; ${title} SECTION:`);
      for (const a of records) lines.push(`${a.name.padEnd(24)}${String(a.ttl).padStart(6)}  IN  ${a.type.padEnd(6)} ${a.data}`);
    }
    if (v.chain.length) lines.push('', `;; CNAME chain: ${[v.chain[0]!.from, ...v.chain.map((c) => c.to)].join(' → ')}`);
  }
  if (v.result.rejected.length) lines.push(style.yellow(`;; ignored ${v.result.rejected.length} packet(s) that were not the answer: ${v.result.rejected.map((x) => x.why).join('; ')}`));
  return lines;
}

/** The whole report: each resolver, the system's view, findings, the verdict. */
export function renderLookup(r: LookupReport, style: Style): string[] {
  const lines = [`; netcheck dns ${r.name} ${r.type}${r.candidates.length > 1 ? `   (search list: ${r.candidates.join(', ')})` : ''}`];
  for (const v of r.resolvers) lines.push('', ...renderResolverView(v, style));
  const decisive = r.resolvers.find((v) => v.result.ok);
  if (decisive && decisive.candidate !== r.name) lines.push('', `;; answered as ${decisive.candidate}`);
  if (r.system) lines.push(`;; system resolver (getaddrinfo): ${'addresses' in r.system ? r.system.addresses.join(', ') || '(none)' : r.system.error}`);
  if (r.hosts.length) lines.push(`;; /etc/hosts: ${r.hosts.join(', ')}`);
  lines.push('');
  for (const f of r.findings) lines.push((f.severity === 'critical' ? style.red : style.yellow)(`${f.severity}: ${f.text}`));
  const v = r.verdict;
  lines.push((v.status === 'answer' ? style.green : style.red)(`${v.status}: ${v.text}`));
  if (v.nextStep) lines.push(`  next: ${v.nextStep}`);
  return lines;
}

/** `--short`: the data of the final records only, like dig +short. */
export function renderShort(r: LookupReport): string[] {
  const v = r.resolvers.find((x) => x.result.ok);
  if (!v?.result.ok) return [];
  return v.result.response.answers.map((a) => a.data);
}

/** 0 answered with data, 1 NXDOMAIN/NODATA/SERVFAIL/REFUSED/timeout or resolver findings. */
export function dnsExitCode(r: LookupReport): number {
  return r.verdict.status === 'answer' && !r.findings.some((f) => f.severity === 'critical' || f.kind === 'disagree' || f.kind === 'timeout') ? ExitCode.Healthy : ExitCode.Problem;
}

function validateServer(s: string): string {
  const host = s.slice(1);
  if (!isIP(host) && !isHostname(host)) throw new NetcheckError('usage', `"${s}" is not a server: give @ and an IP address or hostname`, 'example: netcheck dns example.com @10.0.4.2');
  return host;
}

/** Run `fn` over `items` with at most `limit` in flight, keeping order of completion free. */
async function eachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export const dnsCommand: CommandModule = {
  name: 'dns',
  register(program: Command, ctx: CliContext) {
    program
      .command('dns')
      .alias('nslookup')
      .description('look a name up as this machine would, ask the resolvers, and explain what comes back')
      .argument('[name]', 'the name (or, with -x, an address)')
      .argument('[type-or-servers...]', 'record type (A, AAAA, MX, TXT, SRV, CAA, TYPE65...) and @server arguments')
      .option('-x, --reverse', 'reverse lookup: the PTR name of an address')
      .option('--tcp', 'query over TCP')
      .option('--timeout <ms>', 'per-try timeout', numberOption('timeout', { min: 10, max: 60_000, integer: true }))
      .option('--tries <n>', 'UDP tries per server', numberOption('tries', { min: 1, max: 10, integer: true }))
      .option('--all-resolvers', 'ask every resolver in /etc/resolv.conf, in parallel, and compare')
      .option('--no-search', 'do not apply the search list')
      .option('--dnssec', 'set the EDNS DO bit')
      .option('--batch <file>', 'look up every name in a file (one per line), printing one NDJSON line each')
      .option('--concurrency <n>', 'queries in flight at once with --batch', numberOption('concurrency', { min: 1, max: 1024, integer: true }), 64)
      .option('--short', 'print only the answer data')
      .option('--json', 'print one JSON document')
      .addHelpText(
        'after',
        `
Examples:
  netcheck dns example.com
  netcheck dns www.lab CNAME @10.0.4.2
  netcheck dns web --all-resolvers            # compare every configured resolver
  netcheck dns -x 10.0.4.2
  netcheck dns --batch names.txt @10.0.4.2

Exit codes: 0 answered, 1 NXDOMAIN / NODATA / SERVFAIL / REFUSED / timeout / resolvers disagree, 2 usage, 3 could not run.`,
      )
      .action(async (name, rest, opts) => {
        const style = makeStyle(ctx.io);
        const servers = rest.filter((a) => a.startsWith('@')).map(validateServer);
        const types = rest.filter((a) => !a.startsWith('@'));
        if (types.length > 1) throw new NetcheckError('usage', `one record type at a time (got ${types.join(', ')})`);
        const type = types[0] ?? (opts.reverse ? 'PTR' : 'A');
        if (!parseRecordType(type)) throw new NetcheckError('usage', `unknown record type "${type}"`, 'use A, AAAA, CNAME, NS, MX, TXT, SOA, PTR, SRV, CAA, ANY, or TYPE<number>');
        const base: LookupOptions = {
          type,
          reverse: opts.reverse === true,
          tcp: opts.tcp === true,
          timeoutMs: opts.timeout,
          tries: opts.tries,
          allResolvers: opts.allResolvers === true,
          dnssecOk: opts.dnssec === true,
          signal: ctx.signal,
          ...(servers.length ? { servers } : {}),
          ...(opts.search === false ? { search: false } : {}),
        };
        if (opts.batch) {
          let text: string;
          try {
            text = await readFile(opts.batch, 'utf8');
          } catch (e) {
            throw new NetcheckError('usage', `cannot read the batch file ${opts.batch}: ${(e as Error).message}`);
          }
          const names = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
          let problems = 0;
          await eachBounded(names, opts.concurrency, async (n) => {
            if (!isHostname(n) && !(opts.reverse && isIP(n))) {
              writeNdjson(ctx.io, { name: n, error: 'not a valid name' });
              problems++;
              return;
            }
            const r = await lookup(n, { ...base, compareSystem: false });
            if (dnsExitCode(r) !== 0) problems++;
            const first = r.resolvers.find((x) => x.result.ok) ?? r.resolvers[0];
            writeNdjson(ctx.io, { name: n, type: r.type, status: r.verdict.status, answers: first?.result.ok ? first.result.response.answers.map((a) => a.data) : [], server: first?.server, rttMs: first?.result.ok ? Math.round(first.result.rttMs * 10) / 10 : undefined, text: r.verdict.text });
          });
          ctx.exitCode = problems ? ExitCode.Problem : ExitCode.Healthy;
          return;
        }
        if (!name) throw new NetcheckError('usage', 'dns needs a name (or --batch <file>)', 'example: netcheck dns example.com');
        if (opts.reverse ? !isIP(name) : !isHostname(name)) throw new NetcheckError('invalid-target', `"${name.slice(0, 80)}" is not a valid ${opts.reverse ? 'address' : 'name'}`, opts.reverse ? 'example: netcheck dns -x 192.0.2.1' : 'example: netcheck dns example.com');
        const report = await lookup(name, base);
        if (opts.json) writeJson(ctx.io, report);
        else if (opts.short) ctx.io.out(renderShort(report).map((l) => `${l}\n`).join(''));
        else ctx.io.out(`${renderLookup(report, style).join('\n')}\n`);
        ctx.exitCode = report.resolvers.length === 0 && report.verdict.status === 'error' ? ExitCode.ToolFailed : dnsExitCode(report);
      });
  },
};
