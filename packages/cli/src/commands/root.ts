import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../context.js';

/** The guided diagnosis: `netcheck [target]` and `netcheck check [target]`. */
export const ROOT = {
  examples: `Examples:
  netcheck --help            this help
  netcheck <command> --help  a command's options and examples`,
  register(_program: Command, _ctx: CliContext): void {
    // The guided diagnosis is registered here by @netcheck/diagnose's command.
  },
};
