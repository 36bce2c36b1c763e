import { Argument, type Command } from '@commander-js/extra-typings';
import type { CliContext } from '../context.js';
import { makeCompletionSpec } from '../completion-spec.js';
import { DIG_PLUS_FLAGS, DIG_TYPE_WORDS } from '../dig-args.js';
import { COMPLETION_SHELLS, renderCompletion } from '../render/completion.js';
import type { CommandModule } from './index.js';

/** `netcheck completion bash|zsh|fish`: a completion script from the command definitions the CLI parses with. */
export const completionCommand: CommandModule = {
  name: 'completion',
  register(program: Command, ctx: CliContext) {
    program
      .command('completion')
      .description('print a shell completion script (bash, zsh or fish)')
      .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
      .addHelpText(
        'after',
        `
Examples:
  source <(netcheck completion bash)                  # in ~/.bashrc
  netcheck completion bash > /etc/bash_completion.d/netcheck
  source <(netcheck completion zsh)                   # in ~/.zshrc, after compinit
  netcheck completion fish > ~/.config/fish/completions/netcheck.fish`,
      )
      .action(async (shell) => {
        // Only this command was loaded to run it: build the whole program to describe every command.
        const { buildProgram } = await import('../main.js');
        const full = await buildProgram(ctx);
        const words = { dns: [...DIG_TYPE_WORDS, ...DIG_PLUS_FLAGS.filter((f) => !f.endsWith('='))] };
        ctx.io.out(renderCompletion(makeCompletionSpec(full, words), shell));
      });
  },
};
