export { main, buildProgram, processIo, EXIT_CODES_HELP } from './main.js';
export type { MainDeps } from './main.js';
export type { CliIo, CliContext } from './context.js';
export { makeStyle, shouldUseColor, renderTable, writeJson, writeNdjson } from './style.js';
export type { Style } from './style.js';
