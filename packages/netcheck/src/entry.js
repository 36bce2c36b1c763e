#!/usr/bin/env node
// The `netcheck` bin of the published package, bundled by scripts/build.mjs into dist/netcheck.js (+ chunks).
// 1 - `netcheck --version` answers before the CLI is even evaluated: it is start-up and nothing else.
// 2 - Node's own warnings (NO_COLOR beside FORCE_COLOR, listener counts) are not netcheck's words and do not
//     belong on its stderr: Node prints them only with NETCHECK_DEBUG=1.
// 3 - Everything else is the CLI's bin, in chunks loaded by import(): only the command that runs is read. Not
//     awaited: the bundle is CommonJS, which has no top-level await (a failure still ends the process with it).
/* global NETCHECK_VERSION */
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${NETCHECK_VERSION}\n`);
} else {
  if (!process.env.NETCHECK_DEBUG) process.removeAllListeners('warning');
  import('../../cli/dist/bin.js');
}
