import { NetcheckError } from '@netcheck/core';

/**
 * Parse `--listen`: `host:port`, `[v6]:port` or `:port` (all addresses); port 0 takes a free one. Pure; throws a usage
 * error.
 */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new NetcheckError(
      'usage',
      `--listen takes host:port, [v6]:port or :port (got "${text.slice(0, 100)}")`,
      'for example --listen 127.0.0.1:9469',
    );
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
