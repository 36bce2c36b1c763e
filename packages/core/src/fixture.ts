/**
 * A recorded run of a tool, as the fixtures under packages/<pkg>/fixtures keep
 * them: "# command:", "# tool:", "# where:" header lines, stdout verbatim,
 * stderr lines prefixed "# stderr: ", and "# exit: N". Older fixtures carry
 * stderr inline with stdout; that reads the same.
 */
export interface RecordedRun {
  /** Header fields by name ("command", "tool", "where", ...). */
  header: Record<string, string>;
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  /** stdout then stderr, as a person would see them. */
  text: string;
}

/** Read a fixture file's text. Pure. */
export function parseRecordedRun(raw: string): RecordedRun {
  const header: Record<string, string> = {};
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  for (const line of raw.split('\n')) {
    if (line.startsWith('# stderr: ')) err.push(line.slice('# stderr: '.length));
    else if (line.startsWith('# exit: ')) exitCode = Number(line.slice('# exit: '.length));
    else if (line.startsWith('# ')) {
      const m = /^# ([\w-]+): (.*)$/.exec(line);
      if (m) header[m[1]!] ??= m[2]!;
    } else out.push(line);
  }
  const stdout = out.join('\n');
  const stderr = err.length ? `${err.join('\n')}\n` : '';
  return { header, stdout, stderr, exitCode, text: `${stdout}\n${stderr}` };
}
