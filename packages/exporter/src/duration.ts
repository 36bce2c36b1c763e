// The duration parser is core's (the CLI's --every needs it without loading the exporter).
export { parseDurationMs } from '@netcheck/core';
