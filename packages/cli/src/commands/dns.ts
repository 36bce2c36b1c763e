import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { Command } from '@commander-js/extra-typings';
import type { ExitCode, Severity } from '@netcheck/core';
import { exitCodeFor, isHostname, NetcheckError } from '@netcheck/core';
import type { LookupOptions } from '@netcheck/dns';
import { deriveLookupSeverity, exitCodeForLookup, lookup, parseRecordType } from '@netcheck/dns';
import type { CliContext } from '../context.js';
import { eachBounded } from '../each-bounded.js';
import { declareConflicts, numberOption } from '../options.js';
import { renderBatchRecord, renderLookup, renderShort } from '../render/dns.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

function validateServer(s: string): string {
  const host = s.slice(1);
  if (!isIP(host) && !isHostname(host)) {
    throw new NetcheckError(
      'usage',
      `"${s}" is not a server: give @ and an IP address or hostname`,
      'example: netcheck dns example.com @10.0.4.2',
    );
  }
  return host;
}

/** The record type among the positional words (one at most; PTR for -x, else A). */
function parseType(words: readonly string[], reverse: boolean): string {
  if (words.length > 1) throw new NetcheckError('usage', `one record type at a time (got ${words.join(', ')})`);
  const type = words[0] ?? (reverse ? 'PTR' : 'A');
  if (!parseRecordType(type)) {
    const hint = 'use A, AAAA, CNAME, NS, MX, TXT, SOA, PTR, SRV, CAA, ANY, or TYPE<number>';
    throw new NetcheckError('usage', `unknown record type "${type}"`, hint);
  }
  return type;
}

/** The names of a batch file: one a line, blank lines and `#` comments left out. */
async function readBatchNames(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
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
  opts: { concurrency: number; reverse: boolean },
  ctx: CliContext,
): Promise<ExitCode> {
  const outcomes: { severity: Severity }[] = [];
  await eachBounded(names, opts.concurrency, async (n) => {
    if (!isHostname(n) && !(opts.reverse && isIP(n))) {
      writeNdjson(ctx.io, { name: n, error: 'not a valid name' });
      outcomes.push({ severity: 'critical' });
      return;
    }
    const r = await lookup(n, { ...base, compareSystem: false });
    outcomes.push({ severity: deriveLookupSeverity(r) });
    writeNdjson(ctx.io, renderBatchRecord(n, r));
  });
  return exitCodeFor({ findings: outcomes });
}

export const dnsCommand: CommandModule = {
  name: 'dns',
  register(program: Command, ctx: CliContext) {
    const cmd = program
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
      .option(
        '--concurrency <n>',
        'queries in flight at once with --batch',
        numberOption('concurrency', { min: 1, max: 1024, integer: true }),
        64,
      )
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

Exit codes: 0 answered, 1 NXDOMAIN / NODATA / SERVFAIL / REFUSED / timeout / resolvers disagree, 2 usage, \
3 could not run.`,
      );
    declareConflicts(cmd, [
      ['json', 'short'],
      ['batch', 'json'],
      ['batch', 'short'],
    ]).action(async (name, rest, opts) => {
        const style = makeStyle(ctx.io);
        const reverse = opts.reverse === true;
        const servers = rest.filter((a) => a.startsWith('@')).map(validateServer);
        const type = parseType(rest.filter((a) => !a.startsWith('@')), reverse);
        const base: LookupOptions = {
          type,
          reverse,
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
          const names = await readBatchNames(opts.batch);
          ctx.exitCode = await runBatch(names, base, { concurrency: opts.concurrency, reverse }, ctx);
          return;
        }
        if (!name) {
          throw new NetcheckError('usage', 'dns needs a name (or --batch <file>)', 'example: netcheck dns example.com');
        }
        if (reverse ? !isIP(name) : !isHostname(name)) {
          throw new NetcheckError(
            'invalid-target',
            `"${name.slice(0, 80)}" is not a valid ${reverse ? 'address' : 'name'}`,
            reverse ? 'example: netcheck dns -x 192.0.2.1' : 'example: netcheck dns example.com',
          );
        }
        const report = await lookup(name, base);
        if (opts.json) writeJson(ctx.io, report);
        else if (opts.short) ctx.io.out(renderShort(report).map((l) => `${l}\n`).join(''));
        else ctx.io.out(`${renderLookup(report, style).join('\n')}\n`);
        ctx.exitCode = exitCodeForLookup(report);
      });
  },
};
