import { readFileSync } from 'node:fs';

/**
 * A recorded ping run. Files: a "# command:/# tool:/# where:" header, stdout
 * verbatim, stderr lines prefixed "# stderr: ", and "# exit: N"
 * (fixtures/record.sh writes them; older ones have stderr inline).
 */
export interface Fixture {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  /** stdout then stderr, as a user would see them. */
  text: string;
}

export function readFixture(name: string): Fixture {
  const raw = readFileSync(new URL(`../fixtures/${name}.txt`, import.meta.url), 'utf8');
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  for (const line of raw.split('\n')) {
    if (line.startsWith('# stderr: ')) err.push(line.slice('# stderr: '.length));
    else if (line.startsWith('# exit: ')) exitCode = Number(line.slice('# exit: '.length));
    else if (!line.startsWith('# ')) out.push(line);
  }
  const stdout = out.join('\n');
  const stderr = err.length ? `${err.join('\n')}\n` : '';
  return { stdout, stderr, exitCode, text: `${stdout}\n${stderr}` };
}
