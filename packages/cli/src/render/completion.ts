import type { CompletionCommand, CompletionOption, CompletionSpec } from '../completion-spec.js';

/** Shells `netcheck completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const flagsOf = (opts: readonly CompletionOption[]) => opts.flatMap((o) => o.flags);
const valueFlags = (opts: readonly CompletionOption[]) => flagsOf(opts.filter((o) => o.takesValue));
const fileFlags = (opts: readonly CompletionOption[]) => flagsOf(opts.filter((o) => o.file));
const namesOf = (c: CompletionCommand) => [c.name, ...c.aliases];
/** Shell-safe words only: flags, command names, record types and + flags never need quoting. */
const safe = (words: readonly string[]) => words.filter((w) => /^[A-Za-z0-9+_.:=-]+$/.test(w)).join(' ');

/**
 * The bash script: `source <(netcheck completion bash)`. The function finds the command word, then completes its
 * options, its words or host names.
 */
export function renderBashCompletion(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const rootValues = valueFlags(spec.root.options);
  const branch = (patterns: string, c: CompletionCommand, words: readonly string[]) =>
    [
      `    ${patterns})`,
      `      opts='${safe(flagsOf(c.options))}'`,
      `      words='${safe(words)}'`,
      `      values=' ${safe(valueFlags(c.options))} '`,
      `      files=' ${safe(fileFlags(c.options))} '`,
      `      hosts=${c.hosts ? 1 : ''}`,
      '      ;;',
    ].join('\n');
  return [
    `# bash completion for ${spec.program}; load it with: source <(${spec.program} completion bash)`,
    `${fn}() {`,
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i w',
    '  local opts words values files hosts',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w=${COMP_WORDS[i]}',
    '    case $w in',
    ...(rootValues.length ? [`      ${rootValues.join('|')}) ((i++)) ;;`] : []),
    '      -*) ;;',
    '      *) cmd=$w; break ;;',
    '    esac',
    '  done',
    '  case $cmd in',
    branch("''", spec.root, [...spec.commands.flatMap(namesOf), ...spec.root.words]),
    ...spec.commands.map((c) => branch(namesOf(c).join('|'), c, c.words)),
    // after a target the root's options still apply
    branch('*', { ...spec.root, hosts: false }, []),
    '  esac',
    '  if [[ $files == *" $prev "* ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi',
    '  if [[ $values == *" $prev "* ]]; then COMPREPLY=(); return; fi',
    '  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); return; fi',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '  if [[ -n $hosts ]]; then COMPREPLY+=($(compgen -A hostname -- "$cur")); fi',
    '}',
    `complete -F ${fn} ${spec.program}`,
    '',
  ].join('\n');
}

/** A description inside a zsh `_arguments` spec: no brackets, colons or single quotes. */
const zshText = (s: string) =>
  s.replace(/\s+/g, ' ').replace(/\[/g, '(').replace(/]/g, ')').replace(/:/g, ' -').replace(/'/g, '’');

function zshOptionSpecs(opts: readonly CompletionOption[]): string[] {
  return opts.flatMap((o) => {
    const group = o.flags.length > 1 ? `(${o.flags.join(' ')})` : '';
    const value = o.takesValue ? (o.file ? ':file:_files' : ':value: ') : '';
    return o.flags.map((f) => `'${group}${f}[${zshText(o.description)}]${value}'`);
  });
}

function zshArgumentSpecs(c: CompletionCommand): string[] {
  const words = safe(c.words);
  if (words && c.hosts) return [`'*:: :->${c.name}'`];
  if (words) return [`'*:word:(${words})'`];
  if (c.hosts) return [`'*:host:_hosts'`];
  return [];
}

/** The zsh script: `source <(netcheck completion zsh)` after compinit, or saved as `_netcheck` on $fpath. */
export function renderZshCompletion(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const rootValues = valueFlags(spec.root.options);
  const described = spec.commands.flatMap((c) => namesOf(c).map((n) => `    '${n}:${zshText(c.description)}'`));
  const mixed = spec.commands.filter((c) => safe(c.words) && c.hosts);
  return [
    `#compdef ${spec.program}`,
    `# zsh completion for ${spec.program}; load it with: source <(${spec.program} completion zsh)`,
    `${fn}() {`,
    '  local -a commands',
    '  commands=(',
    ...described,
    '  )',
    '  local cmd i context state state_descr line',
    '  typeset -A opt_args',
    '  for (( i = 2; i < CURRENT; i++ )); do',
    '    case ${words[i]} in',
    ...(rootValues.length ? [`      ${rootValues.join('|')}) (( i++ )) ;;`] : []),
    '      -*) ;;',
    '      *) cmd=${words[i]}; break ;;',
    '    esac',
    '  done',
    '  if [[ -z $cmd ]]; then',
    `    _arguments -s ${zshOptionSpecs(spec.root.options).join(' ')} '1: :->first'`,
    '    if [[ $state == first ]]; then _describe -t commands command commands; _hosts; fi',
    '    return',
    '  fi',
    '  words=("${(@)words[i,-1]}")',
    '  (( CURRENT -= i - 1 ))',
    '  case $cmd in',
    ...spec.commands.map(
      (c) =>
        `    ${namesOf(c).join('|')}) _arguments -s ` +
        `${[...zshOptionSpecs(c.options), ...zshArgumentSpecs(c)].join(' ')} ;;`,
    ),
    `    *) _arguments -s ${zshOptionSpecs(spec.root.options).join(' ')} ;;`,
    '  esac',
    ...mixed.map((c) => `  if [[ $state == ${c.name} ]]; then compadd -- ${safe(c.words)}; _hosts; fi`),
    '}',
    `if [[ $zsh_eval_context[-1] == loadautofunc ]]; then ${fn} "$@"; else compdef ${fn} ${spec.program}; fi`,
    '',
  ].join('\n');
}

/** A single-quoted fish string. */
const fishText = (s: string) => `'${s.replace(/\s+/g, ' ').replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishOption(prefix: string, o: CompletionOption): string {
  const parts = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`));
  const value = o.takesValue ? (o.file ? ' -r -F' : ' -x') : '';
  return `${prefix} ${parts.join(' ')}${value} -d ${fishText(o.description)}`;
}

/** The fish script: `netcheck completion fish | source`, or saved in ~/.config/fish/completions/netcheck.fish. */
export function renderFishCompletion(spec: CompletionSpec): string {
  const c0 = `complete -c ${spec.program}`;
  const lines = [`# fish completion for ${spec.program}; load it with: ${spec.program} completion fish | source`];
  lines.push(`${c0} -f`);
  const atRoot = `${c0} -n __fish_use_subcommand`;
  for (const c of spec.commands) {
    for (const n of namesOf(c)) lines.push(`${atRoot} -a ${n} -d ${fishText(c.description)}`);
  }
  for (const o of spec.root.options) lines.push(fishOption(atRoot, o));
  lines.push(`${atRoot} -a '(__fish_print_hostnames)'`);
  for (const c of spec.commands) {
    const within = `${c0} -n '__fish_seen_subcommand_from ${namesOf(c).join(' ')}'`;
    for (const o of c.options) lines.push(fishOption(within, o));
    if (safe(c.words)) lines.push(`${within} -a '${safe(c.words)}'`);
    if (c.hosts) lines.push(`${within} -a '(__fish_print_hostnames)'`);
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`. */
export function renderCompletion(spec: CompletionSpec, shell: CompletionShell): string {
  if (shell === 'bash') return renderBashCompletion(spec);
  if (shell === 'zsh') return renderZshCompletion(spec);
  return renderFishCompletion(spec);
}
