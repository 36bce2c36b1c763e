import { domainToASCII } from 'node:url';
import { NetcheckError } from '@netcheck/core';
import { KNOWN_TYPES } from '@netcheck/dns';

/** What dig's words on the command line ask for, once sorted out. */
export interface DigWords {
  /** The name to look up, punycoded when it was given in Unicode; `undefined` when none was given. */
  name: string | undefined;
  /** The name as typed, when it differs from `name` (an IDN). */
  unicodeName: string | undefined;
  /** Record types in the order given; empty when none was (the caller picks A, or PTR for -x). */
  types: string[];
  /** Servers from `@server` words, without the `@`. */
  servers: string[];
  /** dig `+` flags that map onto netcheck options. */
  flags: DigFlags;
}

/** dig `+` flags netcheck dns understands. `undefined` when the flag was not given. */
export interface DigFlags {
  short?: boolean;
  tcp?: boolean;
  dnssec?: boolean;
  search?: boolean;
  /** `+time=N` (seconds), in ms. */
  timeoutMs?: number;
  /** `+tries=N`, or `+retry=N` as N + 1 tries. */
  tries?: number;
}

/** Record type mnemonics accepted as words: dig's habit of a type anywhere (`dns MX lab`, `dns lab A AAAA`). */
export const DIG_TYPE_WORDS: readonly string[] = KNOWN_TYPES;

/** dig `+` flags shown in completions and in the error for one netcheck does not take. */
export const DIG_PLUS_FLAGS = [
  '+short',
  '+tcp',
  '+vc',
  '+dnssec',
  '+search',
  '+nosearch',
  '+time=',
  '+tries=',
  '+retry=',
];

const isTypeWord = (w: string) => DIG_TYPE_WORDS.includes(w.toUpperCase()) || /^TYPE\d{1,5}$/i.test(w);

/**
 * dig flags netcheck dns does not do, each with what to do instead. Said plainly rather than ignored: a user who
 * typed +trace expects a delegation walk, and a plain lookup in its place would mislead.
 */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  trace:
    'netcheck dns asks the resolvers this machine uses and does not walk delegations from the root; ' +
    'for that, run: dig +trace NAME',
  nssearch: 'netcheck dns does not ask every authoritative server of a zone; run: dig +nssearch ZONE',
  norecurse: 'netcheck dns always asks for recursion; for a non-recursive query run: dig +norecurse @SERVER NAME',
};

function plusNumber(flag: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(n) || n < min || n > max) {
    const got = (value ?? '').slice(0, 20);
    throw new NetcheckError('usage', `${flag} needs a whole number from ${min} to ${max} (got "${got}")`);
  }
  return n;
}

/** One dig `+flag` onto `flags`; an unknown or unsupported one is a usage error that says what to do. */
function applyPlusFlag(word: string, flags: DigFlags): void {
  const [rawKey = '', value] = word.slice(1).split('=', 2) as [string, string | undefined];
  const key = rawKey.toLowerCase();
  const negated = key.startsWith('no') && key !== 'nssearch' ? key.slice(2) : undefined;
  const base = negated ?? key;
  const on = negated === undefined;
  if (base === 'short') flags.short = on;
  else if (base === 'tcp' || base === 'vc') flags.tcp = on;
  else if (base === 'dnssec') flags.dnssec = on;
  else if (base === 'search') flags.search = on;
  else if (base === 'time' && on) flags.timeoutMs = plusNumber('+time', value, 1, 60) * 1000;
  else if (base === 'tries' && on) flags.tries = plusNumber('+tries', value, 1, 10);
  else if (base === 'retry' && on) flags.tries = plusNumber('+retry', value, 0, 9) + 1;
  else if (UNSUPPORTED[key]) throw new NetcheckError('usage', `${word} is not supported`, UNSUPPORTED[key]);
  else {
    throw new NetcheckError(
      'usage',
      `dig option ${word.slice(0, 40)} is not supported by netcheck dns`,
      `supported: ${DIG_PLUS_FLAGS.join(' ')} (or the --options in netcheck dns --help)`,
    );
  }
}

/** A name as typed, in the ASCII form DNS carries (`bücher.lab` -> `xn--bcher-kva.lab`), as a URL's host is. */
export function toAsciiName(name: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(name)) return name;
  const ascii = domainToASCII(name);
  return ascii === '' ? undefined : ascii;
}

/**
 * Sort dig-style words: `@server`, `+flag`, record types (anywhere, several at once) and the name.
 * 1 - `@x` is a server, `+x` a dig flag (unknown ones are a usage error that says what to do);
 * 2 - a record type mnemonic (any case) or TYPE<n> is a type, and the first other word is the name;
 * 3 - when every word is a type (`dns ns`), the first is the name: a single-label host named like a type;
 * 4 - `IN` (the only class netcheck asks in) is accepted and dropped; another word after the name is an error;
 * 5 - a Unicode name is punycoded (IDNA), as a URL's host is.
 */
export function parseDigWords(words: readonly string[]): DigWords {
  const flags: DigFlags = {};
  const servers: string[] = [];
  const types: string[] = [];
  let name: string | undefined;
  for (const w of words) {
    if (w.startsWith('@')) servers.push(w.slice(1));
    else if (w.startsWith('+')) applyPlusFlag(w, flags);
    else if (w.toUpperCase() === 'IN') continue;
    else if (isTypeWord(w)) types.push(w.toUpperCase());
    else if (name === undefined) name = w;
    else {
      throw new NetcheckError(
        'usage',
        `one name at a time (got "${name.slice(0, 60)}" and "${w.slice(0, 60)}")`,
        'several names: netcheck dns --batch FILE; several types: netcheck dns NAME A AAAA MX',
      );
    }
  }
  if (name === undefined && types.length > 0) {
    name = words.find(isTypeWord);
    types.shift();
  }
  const unique = [...new Set(types)];
  if (name === undefined) return { name: undefined, unicodeName: undefined, types: unique, servers, flags };
  const ascii = toAsciiName(name);
  if (ascii === undefined) {
    const hint = 'example: netcheck dns bücher.example';
    throw new NetcheckError('invalid-target', `"${name.slice(0, 80)}" is not a valid name`, hint);
  }
  return { name: ascii, unicodeName: ascii === name ? undefined : name, types: unique, servers, flags };
}
