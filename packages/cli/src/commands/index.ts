import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../context.js';
import { pingCommand } from './ping.js';
import { traceCommand } from './trace.js';
import { dnsCommand } from './dns.js';
import { mtrCommand } from './mtr.js';
import { socketsCommand } from './sockets.js';

/** A subcommand: adds itself to the program. Its action sets ctx.exitCode. */
export interface CommandModule {
  name: string;
  register(program: Command, ctx: CliContext): void;
}

/**
 * Every working subcommand, in the order `--help` lists them. A command is
 * listed here only once it works: the CLI never advertises a stub.
 */
export const COMMANDS: CommandModule[] = [
  pingCommand,
  traceCommand,
  mtrCommand,
  dnsCommand,
  socketsCommand,
];
