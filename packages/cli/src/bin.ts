#!/usr/bin/env node
import { ExitCode } from '@netcheck/core';
import { main } from './main.js';

/**
 * End as a program stopped by Ctrl-C should: killed by SIGINT, so the shell sees 130 and a script or loop
 * running netcheck stops too. At once: process.exit would first wait for work node cannot cancel (a
 * getaddrinfo stuck on a silent resolver holds it ~10 s). Children die with netcheck (core's runner).
 */
function dieOfSigint(): never {
  process.removeAllListeners('SIGINT');
  process.kill(process.pid, 'SIGINT');
  process.exit(ExitCode.Interrupted); // where a signal cannot be re-raised
}

// Ctrl-C aborts the running command, which prints what it has; a second Ctrl-C quits at once.
const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) dieOfSigint();
  interrupted = true;
  controller.abort();
});
// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

// No top-level await: the published bundle is CommonJS (it starts faster than ES modules on Node 20), which has none.
void main(process.argv.slice(2), { signal: controller.signal }).then((code) => {
  // What the command printed is written (stdout and stderr are synchronous on Linux for files, pipes and terminals).
  if (interrupted) dieOfSigint();
  process.exitCode = code;
});
