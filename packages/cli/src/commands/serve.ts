import type { AddressInfo } from 'node:net';
import type { Command } from '@commander-js/extra-typings';
import { NetcheckError } from '@netcheck/core';
import { createExporter, DEFAULT_MODULES, readModuleFile } from '@netcheck/exporter';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import { parseListen } from '../render/serve.js';
import type { CommandModule } from './index.js';

const EXAMPLES = `Examples:
  netcheck serve                                  listen on 127.0.0.1:9469 with the default modules
  netcheck serve --listen 0.0.0.0:9469 --config netcheck.yml
  curl '127.0.0.1:9469/probe?target=10.0.4.2&module=icmp'
  curl '127.0.0.1:9469/probe?target=10.0.4.2:80&module=tcp'

Modules without --config: icmp, tcp (host:port), dns (a name, every resolver of /etc/resolv.conf),
path (mtr rounds, per-hop loss), diagnose (netcheck <target>). The scrape config: packages/exporter/README.md`;

interface ServeOptions {
  listen: string;
  config?: string;
  concurrency: number;
  log?: boolean;
}

/** `netcheck serve`: the Prometheus exporter, until Ctrl-C. */
async function runServe(opts: ServeOptions, ctx: CliContext): Promise<void> {
  const { host, port } = parseListen(opts.listen);
  const modules = opts.config ? await readModuleFile(opts.config) : DEFAULT_MODULES;
  const log = opts.log ? (line: string) => ctx.io.err(`${new Date().toISOString()} ${line}\n`) : undefined;
  const exporter = createExporter({ modules, concurrency: opts.concurrency, runner: ctx.runner, log });
  await new Promise<void>((resolve, reject) => {
    exporter.server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new NetcheckError(
          'usage',
          `cannot listen on ${opts.listen}: ${e.code ?? e.message}`,
          'choose another address with --listen host:port',
        ),
      ),
    );
    exporter.server.listen(port, host, () => resolve());
  });
  const bound = exporter.server.address() as AddressInfo;
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  ctx.io.err(
    `netcheck serve: listening on http://${shown}:${bound.port} (modules: ${Object.keys(modules).join(', ')})\n`,
  );
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await exporter.close();
  ctx.exitCode = 0;
}

export const serveCommand: CommandModule = {
  name: 'serve',
  register(program: Command, ctx: CliContext) {
    program
      .command('serve')
      .description("a Prometheus exporter with blackbox_exporter's interface: /probe?target=T&module=M and /metrics")
      .option('--listen <host:port>', 'address to listen on', '127.0.0.1:9469')
      .option('--config <file>', "module file (YAML or JSON, blackbox.yml's structure)")
      .option(
        '-j, --concurrency <n>',
        'probes at once; others wait within their deadline',
        numberOption('concurrency', { min: 1, max: 1000, integer: true }),
        64,
      )
      .option('--log', 'log each request to stderr')
      .addHelpText('after', `\n${EXAMPLES}`)
      .action((opts) => runServe(opts, ctx));
  },
};
