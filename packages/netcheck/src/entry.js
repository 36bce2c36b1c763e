#!/usr/bin/env node
// The `netcheck` bin of the published package, built by scripts/build.mjs into dist/netcheck.js; the CLI itself is in
// chunks beside it (CommonJS), the first of them NETCHECK_BIN.
// 1 - `netcheck --version` answers before the CLI is even evaluated: it is start-up and nothing else.
// 2 - Node's own warnings (NO_COLOR beside FORCE_COLOR, listener counts) are not netcheck's words and do not
//     belong on its stderr: Node prints them only with NETCHECK_DEBUG=1.
// 3 - Everything else is the CLI's bin, whose chunks load what the command that runs needs, compiled with V8's
//     code cache (load-chunk.mjs).
/* global NETCHECK_VERSION, NETCHECK_BIN */
import { buildCacheDir, makeChunkLoader } from './load-chunk.mjs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${NETCHECK_VERSION}\n`);
} else {
  if (!process.env.NETCHECK_DEBUG) process.removeAllListeners('warning');
  const cacheDir = buildCacheDir(process.env, process.platform, { version: process.version, arch: process.arch });
  const chunks = makeChunkLoader(__dirname, cacheDir, require);
  process.once('exit', chunks.saveCache);
  chunks.load(NETCHECK_BIN);
}
