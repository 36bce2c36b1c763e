import { execFileSync } from 'node:child_process';
import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { makeCompletionSpec } from '../completion-spec.js';
import { buildProgram, main } from '../main.js';
import { captureIo } from '../test-io.js';
import { renderBashCompletion, renderFishCompletion, renderZshCompletion } from './completion.js';

async function spec() {
  const ctx = { io: captureIo(), runner: new FakeCommandRunner([]), signal: new AbortController().signal, exitCode: 0 };
  return makeCompletionSpec(await buildProgram(ctx), { dns: ['MX', '+short'] });
}

/** Complete `line` (the word being completed last) with the bash script, in a real bash. */
function completeInBash(script: string, words: string[]): string[] {
  const program = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _netcheck
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('completion scripts from the command definitions', () => {
  it('the spec has every command with its aliases and options', async () => {
    const s = await spec();
    const dns = s.commands.find((c) => c.name === 'dns')!;
    expect(dns.aliases).toEqual(['nslookup']);
    expect(dns.options.find((o) => o.flags.includes('--batch'))).toMatchObject({ takesValue: true, file: true });
    expect(dns.options.find((o) => o.flags.includes('--short'))).toMatchObject({ takesValue: false });
    expect(dns.words).toEqual(['MX', '+short']);
    expect(s.commands.find((c) => c.name === 'completion')!.words).toEqual(['bash', 'zsh', 'fish']);
    expect(s.root.options.flatMap((o) => o.flags)).toContain('--no-color');
  });

  it("bash: commands, a command's options, its words, value options and files complete in a real bash", async () => {
    const bash = renderBashCompletion(await spec());
    expect(completeInBash(bash, ['netcheck', 'tr'])).toEqual(['trace', 'traceroute']);
    expect(completeInBash(bash, ['netcheck', '--no-color', 'ss', '--cou'])).toEqual(['--counts']);
    expect(completeInBash(bash, ['netcheck', 'dns', 'lab', 'M'])).toEqual(['MX']);
    expect(completeInBash(bash, ['netcheck', 'dns', '--sh'])).toEqual(['--short']);
    expect(completeInBash(bash, ['netcheck', 'ping', '-c', ''])).toEqual([]);
    expect(completeInBash(bash, ['netcheck', '-p', '80', 'web.lab', '--js'])).toEqual(['--json']);
    expect(completeInBash(bash, ['netcheck', 'completion', 'f'])).toEqual(['fish']);
    expect(completeInBash(bash, ['netcheck', 'dns', '--batch', '/etc/hostnam'])).toEqual(['/etc/hostname']);
  });

  it('zsh: one _arguments branch per command, the commands described, compdef when sourced', async () => {
    const zsh = renderZshCompletion(await spec());
    expect(zsh.startsWith('#compdef netcheck\n')).toBe(true);
    expect(zsh).toContain("    'dns:look a name up as this machine would, ask the resolvers, and explain what");
    const dnsBranch = zsh.split('\n').find((l) => l.startsWith('    dns|nslookup) _arguments -s '));
    expect(dnsBranch).toContain("'(-p --port)--port[server port (default 53)]:value: '");
    expect(zsh).toContain("'--batch[");
    expect(zsh).toContain(':file:_files');
    expect(zsh).toContain('compdef _netcheck netcheck');
  });

  it('fish: subcommand conditions, value options with -x, file options with -F', async () => {
    const fish = renderFishCompletion(await spec());
    expect(fish).toContain("complete -c netcheck -n __fish_use_subcommand -a nslookup -d 'look a name up");
    expect(fish).toContain("complete -c netcheck -n '__fish_seen_subcommand_from dns nslookup' -l batch -r -F -d");
    expect(fish).toContain("complete -c netcheck -n '__fish_seen_subcommand_from ping' -s c -l count -x -d");
    expect(fish).toContain("complete -c netcheck -n '__fish_seen_subcommand_from dns nslookup' -a 'MX +short'");
  });

  it('netcheck completion <shell> prints the script; another shell is a usage error', async () => {
    const io = captureIo();
    expect(await main(['completion', 'bash'], { io, runner: new FakeCommandRunner([]) })).toBe(0);
    expect(io.stdout).toContain('complete -F _netcheck netcheck');
    expect(io.stdout).toContain('dns|nslookup)');
    const bad = captureIo();
    expect(await main(['completion', 'tcsh'], { io: bad, runner: new FakeCommandRunner([]) })).toBe(2);
    expect(bad.stderr).toMatch(/bash, zsh, fish/);
  });
});
