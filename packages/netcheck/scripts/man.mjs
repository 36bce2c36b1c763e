// netcheck(1) from the command definitions: the commander program the CLI parses with, every command registered.
// Pure: (program, { version }) -> roff text. Help text a command adds after its options (examples, exit codes)
// is taken from what its --help prints, so the page and --help cannot drift apart.

/** Escape text for roff: backslashes, and a line that would start with a control character. */
export function escapeRoff(text) {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

/** What `cmd --help` prints after commander's own part (added with addHelpText('after')), trimmed. */
export function readAfterHelp(cmd) {
  let captured = '';
  const saved = cmd.configureOutput();
  cmd.configureOutput({ ...saved, writeOut: (s) => (captured += s), writeErr: (s) => (captured += s) });
  try {
    cmd.outputHelp();
  } finally {
    cmd.configureOutput(saved);
  }
  const own = cmd.helpInformation();
  const at = captured.indexOf(own);
  return (at >= 0 ? captured.slice(at + own.length) : '').trim();
}

function renderOptions(cmd) {
  const lines = [];
  for (const opt of cmd.options) {
    if (opt.hidden) continue;
    lines.push('.TP', `.B ${escapeRoff(opt.flags)}`);
    const shown = opt.defaultValue !== undefined && typeof opt.defaultValue !== 'boolean';
    const dflt = shown ? ` (default: ${opt.defaultValue})` : '';
    lines.push(escapeRoff(`${opt.description}${dflt}`));
  }
  return lines;
}

function renderArguments(cmd) {
  return cmd.registeredArguments.flatMap((a) =>
    a.description ? ['.TP', `.I ${escapeRoff(a.name())}${a.variadic ? '...' : ''}`, escapeRoff(a.description)] : [],
  );
}

function renderVerbatim(text) {
  return text ? ['.PP', '.nf', escapeRoff(text), '.fi'] : [];
}

/**
 * The man page for `program`: NAME, SYNOPSIS (one line per command), DESCRIPTION and the root's options,
 * then one subsection per command (usage, aliases, arguments, options, examples), then EXIT STATUS.
 */
export function renderManPage(program, { version }) {
  const name = program.name();
  const commands = program.commands.filter((c) => !c._hidden);
  const usage = (cmd) => `${cmd === program ? name : `${name} ${cmd.name()}`} ${cmd.usage()}`.trim();
  const out = [
    `.TH ${name.toUpperCase()} 1 "" "${name} ${version}" "User Commands"`,
    '.SH NAME',
    `${name} \\- ${escapeRoff(program.description())}`,
    '.SH SYNOPSIS',
    '.nf',
    ...[program, ...commands].map((c) => escapeRoff(usage(c))),
    '.fi',
    '.SH DESCRIPTION',
    escapeRoff(program.description()),
    '.PP',
    `With a target, ${name} runs the guided diagnosis; with none, it checks this machine.`,
    '.SH OPTIONS',
    ...renderArguments(program),
    ...renderOptions(program),
  ];
  const rootAfter = readAfterHelp(program);
  const exitAt = rootAfter.indexOf('Exit codes:');
  out.push(...renderVerbatim(exitAt >= 0 ? rootAfter.slice(0, exitAt).trim() : rootAfter));
  out.push('.SH COMMANDS');
  for (const cmd of commands) {
    out.push(`.SS ${escapeRoff(usage(cmd))}`, escapeRoff(cmd.description()));
    const aliases = cmd.aliases().map((a) => `${name} ${a}`);
    if (aliases.length) out.push('.PP', escapeRoff(`Also: ${aliases.join(', ')}.`));
    out.push(...renderArguments(cmd), ...renderOptions(cmd), ...renderVerbatim(readAfterHelp(cmd)));
  }
  if (exitAt >= 0) {
    const exitLines = rootAfter.slice(exitAt).split('\n').slice(1);
    out.push('.SH EXIT STATUS');
    for (const line of exitLines) {
      const m = /^\s*(\d+)\s+(.*)$/.exec(line);
      if (m) out.push('.TP', `.B ${m[1]}`, escapeRoff(m[2]));
    }
  }
  out.push('.SH SEE ALSO', 'ping(8), traceroute(8), mtr(8), dig(1), ss(8)');
  return `${out.join('\n')}\n`;
}
