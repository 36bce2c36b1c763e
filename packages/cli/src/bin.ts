#!/usr/bin/env node
import { ExitCode } from '@netcheck/core';
import { main } from './main.js';

// Ctrl-C aborts the running command, which prints what it has; a second Ctrl-C quits at once.
const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(ExitCode.Interrupted);
  interrupted = true;
  controller.abort();
});
// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

const code = await main(process.argv.slice(2), { signal: controller.signal });
process.exitCode = interrupted ? ExitCode.Interrupted : code;
