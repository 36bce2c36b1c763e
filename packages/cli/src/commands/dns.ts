import { setMaxListeners } from 'node:events';
// fs.promises, read when a batch file is: node:fs/promises at load would cost every one-shot lookup ~1 ms.
import { promises as fsp } from 'node:fs';
import { isIP } from 'node:net';
import type { Command } from '@commander-js/extra-typings';
import type { ExitCode, Severity } from '@netcheck/core';
import { exitCodeFor, isHostname, NetcheckError } from '@netcheck/core';
import type { LookupOptions, LookupReport } from '@netcheck/dns';
import { deriveLookupSeverity, exitCodeForLookup, lookup, parseRecordType } from '@netcheck/dns';
import type { CliContext } from '../context.js';
import { parseDigWords, toAsciiName } from '../dig-args.js';
import { eachBounded } from '../each-bounded.js';
import { declareConflicts, numberOption } from '../options.js';
import { renderBatchRecord, renderLookup, renderShort } from '../render/dns.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

function validateServer(host: string): string {
  if (!isIP(host) && !isHostname(host)) {
    throw new NetcheckError(
      'usage',
      `"@${host.slice(0, 80)}" is not a server: give @ and an IP address or hostname`,
      'example: netcheck dns example.com @10.0.4.2',
    );
  }
  return host;
}

/** The record types asked for (A, or PTR for -x, when none was given), each one netcheck knows. */
function validateTypes(types: readonly string[], reverse: boolean): string[] {
  const asked = types.length ? [...types] : [reverse ? 'PTR' : 'A'];
  for (const type of asked) {
    if (!parseRecordType(type)) {
      const hint = 'use A, AAAA, CNAME, NS, MX, TXT, SOA, PTR, SRV, CAA, ANY, or TYPE<number>';
      throw new NetcheckError('usage', `unknown record type "${type}"`, hint);
    }
  }
  return asked;
}

/**
 * A signal for `inFlight` lookups at once, each holding an abort listener per server it asks in parallel (up to
 * 3 configured, or every @server): one listener on the caller's signal, and the limit raised to what is really
 * in flight, so that Node prints no MaxListenersExceededWarning for a batch of 64 at a time.
 */
function lookupSignal(signal: AbortSignal, inFlight: number, servers: number): AbortSignal {
  const local = new AbortController();
  if (signal.aborted) local.abort(signal.reason);
  else signal.addEventListener('abort', () => local.abort(signal.reason), { once: true });
  setMaxListeners(inFlight * Math.max(servers, 3) * 2 + 10, local.signal);
  return local.signal;
}

/** The worst exit code of several lookups: interrupted, then could not run, then a problem. */
function worstExitCode(codes: readonly number[]): ExitCode {
  return Math.max(0, ...codes) as ExitCode;
}

/** The names of a batch file: one a line, blank lines and `#` comments left out. */
async function readBatchNames(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new NetcheckError('usage', `cannot read the batch file ${file}: ${(e as Error).message}`);
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Look every name up, `concurrency` at a time, one NDJSON line each; exit 1 when any is not a clean answer. */
async function runBatch(
  names: readonly string[],
  base: LookupOptions,
  opts: { concurrency: number; reverse: boolean; types: readonly string[] },
  ctx: CliContext,
): Promise<ExitCode> {
  const outcomes: { severity: Severity }[] = [];
  const jobs = names.flatMap((name) => opts.types.map((type) => ({ name, type })));
  await eachBounded(jobs, opts.concurrency, async ({ name: n, type }) => {
    const ascii = opts.reverse ? n : toAsciiName(n);
    if (ascii === undefined || (opts.reverse ? !isIP(n) : !isHostname(ascii))) {
      writeNdjson(ctx.io, { name: n, error: 'not a valid name' });
      outcomes.push({ severity: 'critical' });
      return;
    }
    const r = await lookup(ascii, { ...base, type, compareSystem: false });
    outcomes.push({ severity: deriveLookupSeverity(r) });
    writeNdjson(ctx.io, renderBatchRecord(n, r));
  });
  return exitCodeFor({ findings: outcomes });
}

/** The options, with dig's and nslookup's habits (dig's +flags come as words). */
function declareDnsOptions(program: Command) {
  const cmd = program
    .command('dns')
    .alias('nslookup')
    .description('look a name up as this machine would, ask the resolvers, and explain what comes back')
    .argument('[name]', 'the name (or, with -x, an address); a Unicode name is punycoded')
    .argument(
      '[type-or-servers...]',
      'record types (A, AAAA, MX, TXT, SRV, CAA, TYPE65...; several at once, before or after the name), ' +
        '@server, dig +flags',
    )
    .option('-x, --reverse', 'reverse lookup: the PTR name of an address')
    .option(
      '-p, --port <port>',
      'server port (default 53)',
      numberOption('port', { min: 1, max: 65535, integer: true }),
    )
    .option('--tcp', 'query over TCP')
    .option('--timeout <ms>', 'per-try timeout', numberOption('timeout', { min: 10, max: 60_000, integer: true }))
    .option('--tries <n>', 'UDP tries per server', numberOption('tries', { min: 1, max: 10, integer: true }))
    .option('--all-resolvers', 'ask every resolver in /etc/resolv.conf, in parallel, and compare')
    .option('--no-search', 'do not apply the search list')
    .option('--dnssec', 'set the EDNS DO bit')
    .option('--batch <file>', 'look up every name in a file (one per line), printing one NDJSON line each')
    .option(
      '--concurrency <n>',
      'queries in flight at once with --batch',
      numberOption('concurrency', { min: 1, max: 1024, integer: true }),
      64,
    )
    .option('--short', 'print only the answer data (dig +short)')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `
  Examples:
    netcheck dns example.com
    netcheck dns www.lab CNAME @10.0.4.2
    netcheck dns MX lab +short                  # dig's habits: a type first, +short, several types, -p
    netcheck dns web.lab A AAAA @10.0.4.2 -p 5353
    netcheck dns bücher.lab                     # punycoded: xn--bcher-kva.lab
    netcheck dns web --all-resolvers            # compare every configured resolver
    netcheck dns -x 10.0.4.2
    netcheck dns --batch names.txt @10.0.4.2

  dig +flags: +short, +tcp (+vc), +dnssec, +[no]search, +time=SECONDS, +tries=N, +retry=N.

  Exit codes: 0 answered, 1 NXDOMAIN / NODATA / SERVFAIL / REFUSED / timeout / resolvers disagree, 2 usage, \
  3 could not run.`,
    );
  return declareConflicts(cmd, [
    ['json', 'short'],
    ['batch', 'json'],
    ['batch', 'short'],
  ]);
}

type DnsOpts = ReturnType<ReturnType<typeof declareDnsOptions>['opts']>;

/** Words -> lookups (or a batch) -> render -> exit code. */
async function runDns(name: string | undefined, rest: string[], opts: DnsOpts, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const reverse = opts.reverse === true;
  // dig's habits: the type may come first, several types at once, +flags anywhere
  const words = parseDigWords(reverse ? rest : [...(name === undefined ? [] : [name]), ...rest]);
  const target = reverse ? name : words.name;
  const servers = words.servers.map(validateServer);
  const types = validateTypes(words.types, reverse);
  const short = opts.short === true || words.flags.short === true;
  if (short && (opts.json || opts.batch)) {
    throw new NetcheckError('usage', `+short cannot be used with ${opts.json ? '--json' : '--batch'}`);
  }
  const search = words.flags.search ?? (opts.search === false ? false : undefined);
  const base: LookupOptions = {
    reverse,
    tcp: opts.tcp === true || words.flags.tcp === true,
    timeoutMs: opts.timeout ?? words.flags.timeoutMs,
    tries: opts.tries ?? words.flags.tries,
    allResolvers: opts.allResolvers === true,
    dnssecOk: opts.dnssec === true || words.flags.dnssec === true,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(servers.length ? { servers } : {}),
    ...(search !== undefined ? { search } : {}),
  };
  if (opts.batch) {
    const signal = lookupSignal(ctx.signal, opts.concurrency, servers.length);
    const names = await readBatchNames(opts.batch);
    const batch = { concurrency: opts.concurrency, reverse, types };
    ctx.exitCode = await runBatch(names, { ...base, signal }, batch, ctx);
    return;
  }
  if (!target) {
    throw new NetcheckError('usage', 'dns needs a name (or --batch <file>)', 'example: netcheck dns example.com');
  }
  if (reverse ? !isIP(target) : !isHostname(target)) {
    throw new NetcheckError(
      'invalid-target',
      `"${(words.unicodeName ?? target).slice(0, 80)}" is not a valid ${reverse ? 'address' : 'name'}`,
      reverse ? 'example: netcheck dns -x 192.0.2.1' : 'example: netcheck dns example.com',
    );
  }
  const signal = lookupSignal(ctx.signal, types.length, servers.length);
  const reports: LookupReport[] = await Promise.all(types.map((type) => lookup(target, { ...base, type, signal })));
  if (opts.json) writeJson(ctx.io, reports.length === 1 ? reports[0] : reports);
  else if (short) ctx.io.out(reports.flatMap((r) => renderShort(r).map((l) => `${l}\n`)).join(''));
  else {
    const idn = words.unicodeName ? [`; ${words.unicodeName} is ${target} in DNS (IDNA)`] : [];
    ctx.io.out(`${[...idn, ...reports.map((r) => renderLookup(r, style).join('\n'))].join('\n\n')}\n`);
  }
  ctx.exitCode = worstExitCode(reports.map(exitCodeForLookup));
}

export const dnsCommand: CommandModule = {
  name: 'dns',
  register(program: Command, ctx: CliContext) {
    declareDnsOptions(program).action((name, rest, opts) => runDns(name, rest, opts, ctx));
  },
};
